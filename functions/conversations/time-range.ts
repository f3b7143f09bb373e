import * as z from '../../shared/zod';
import { getLinkedAccounts, resolvePhone } from '../../shared/eum/accounts';
import { NotFoundError, ValidationError } from '../../shared/errors';

/** Time-range fields shared by the conversation actions that read by time. ISO-8601 in, stored (UTC) form out. */
const instant = z.pipe(z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time, e.g. 2026-01-31T00:00:00Z' }), z.transform((s) => new Date(s).toISOString()));

export const timeRangeFields = {
  from: z.optional(instant).check(z.describe('Start of the time range (ISO-8601, inclusive)')),
  to: z.optional(instant).check(z.describe('End of the time range (ISO-8601, inclusive); default now')),
};

export const timeRangeAliases = { startDate: 'from', endDate: 'to', start: 'from', end: 'to', since: 'from', until: 'to' };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A bounded range for reads across conversations (the seed's gsi-direction has only two partitions, so an
 * unbounded read would walk the whole history): `from` is required and the range may span at most `maxDays`.
 */
export function boundedRange(range: { from?: string; to?: string }, maxDays: number): { from: string; to: string } {
  if (!range.from) throw new ValidationError([{ field: 'from', reason: `required without a conversation (a range of at most ${maxDays} days)` }]);
  const to = range.to ?? new Date().toISOString();
  if (to < range.from) throw new ValidationError([{ field: 'to', reason: 'must not be before from' }]);
  if (Date.parse(to) - Date.parse(range.from) > maxDays * DAY_MS) {
    throw new ValidationError([{ field: 'to', reason: `the range may span at most ${maxDays} days` }]);
  }
  return { from: range.from, to };
}

/** The business numbers a request covers: the one named, every number of the WABA named, or every linked number. */
export async function phonesOf(sel: { metaWabaId?: string; phoneNumberId?: string }) {
  if (sel.phoneNumberId) {
    const p = await resolvePhone(sel);
    return [{ arn: p.arn, phoneNumberId: p.phoneNumberId, displayPhoneNumber: p.displayPhoneNumber, metaWabaId: p.account.wabaId }];
  }
  const { accounts } = await getLinkedAccounts();
  const chosen = sel.metaWabaId ? accounts.filter((a) => a.wabaId === sel.metaWabaId || a.id === sel.metaWabaId || a.arn === sel.metaWabaId) : accounts;
  if (sel.metaWabaId && chosen.length === 0) {
    throw new NotFoundError(`No linked WABA '${sel.metaWabaId}'. Linked: ${accounts.map((a) => a.wabaId).join(', ') || 'none'}`, {
      validChoices: accounts.map((a) => a.wabaId),
    });
  }
  return chosen.flatMap((a) => a.phoneNumbers.map((p) => ({ arn: p.arn, phoneNumberId: p.phoneNumberId, displayPhoneNumber: p.displayPhoneNumber, metaWabaId: a.wabaId })));
}
