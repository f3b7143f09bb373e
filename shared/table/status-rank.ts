/**
 * Message statuses only move forward. `failed` outranks `sent` (a send can fail after Meta accepted it) but a later
 * `delivered` or `read` proves the message arrived, so those outrank `failed`. `warning` never changes the status.
 */
export const STATUS_RANK: Record<string, number> = {
  accepted: 5,
  sent: 10,
  failed: 15,
  delivered: 20,
  read: 30,
  played: 40,
  deleted: 50,
};

export const statusRank = (status: string): number => STATUS_RANK[status] ?? 0;

/** The attribute that keeps when a status was first seen, e.g. deliveredAt. */
export const statusTimeAttribute = (status: string): string => `${status.replace(/[^a-z_]/gi, '')}At`;
