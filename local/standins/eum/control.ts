import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { EumContext } from './context';
import type { FaultSpec } from './faults';
import { customerWrites, type CustomerWritesInput } from './inbound';
import { MEDIA_ID } from './operations/media';

/**
 * The stand-in's own control API under /_standin/ (not part of EUM): tests and the local cloud inspect sends and
 * statuses, inject faults, seed media "sent by customers", make customers write, and reset. Errors answer 400 with
 * {error}.
 */

export interface SeedMediaInput {
  /** The file; or give `base64`. */
  bytes?: Uint8Array;
  base64?: string;
  mimeType: string;
  /** Use this media id (e.g. the one a fixture's webhook names) instead of a fresh one; replaces what it held. */
  mediaId?: string;
}

export interface SeededMedia {
  mediaId: string;
  mimeType: string;
  fileSize: number;
  /** base64 SHA-256, as Meta puts in inbound media webhooks. */
  sha256: string;
}

const SeedMediaBody = z.object({ base64: z.string().min(1), mimeType: z.string().min(3), mediaId: MEDIA_ID.optional() });

export function seedMedia(ctx: EumContext, input: SeedMediaInput): SeededMedia {
  const bytes = input.bytes ? Buffer.from(input.bytes) : Buffer.from(input.base64 ?? '', 'base64');
  if (bytes.length === 0) throw new Error('seedMedia needs non-empty bytes or base64');
  const stored = ctx.state.media.put(bytes, input.mimeType, 'seeded', input.mediaId);
  return { mediaId: stored.mediaId, mimeType: stored.mimeType, fileSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('base64') };
}

export type ControlRoute = (ctx: EumContext, body: unknown) => unknown;

/** Keyed by `METHOD /path`. */
export const CONTROL_ROUTES: Record<string, ControlRoute> = {
  'GET /_standin/health': ({ account }) => ({ ok: true, wabaId: account.waba.id, phoneNumberIds: account.phones.map((p) => p.phoneNumberId) }),
  'GET /_standin/sends': ({ state }) => state.sends,
  'GET /_standin/published': ({ state }) => state.published,
  'GET /_standin/faults': ({ state }) => state.faults.pending,
  'POST /_standin/reset': ({ state }) => {
    state.reset();
    return { ok: true };
  },
  'POST /_standin/faults': ({ state }, body) => {
    state.faults.add((body ?? {}) as FaultSpec);
    return { ok: true, pending: state.faults.pending.length };
  },
  'POST /_standin/media': (ctx, body) => seedMedia(ctx, SeedMediaBody.parse(body)),
  /** A customer writes (opens their 24-hour window); body as CustomerWritesSchema (inbound.ts). */
  'POST /_standin/inbound': (ctx, body) => customerWrites(ctx, (body ?? {}) as CustomerWritesInput),
};

export function describeControlError(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}
