import { PoisonRecordError } from '../errors';
import type { StatusOutcome } from '../table/message-statuses';
import type { PhoneRef } from '../table/messages';
import { nowIso } from '../time';
import type { EumEnvelope, MetaEntry } from './envelope';

export interface RecordOutcome {
  inbound: number;
  duplicates: number;
  statuses: Partial<Record<StatusOutcome, number>>;
  /** Changes whose field is not `messages`. */
  otherEvents: number;
  /** What else the record changed, by kind: edit, reaction, mediaSaved, mediaError, template, call, … */
  effects: Partial<Record<string, number>>;
}

// Lives with the other error classes; re-exported for the ingest modules that import it from here.
export { PoisonRecordError } from '../errors';

/** What every handler of one SNS record sees. */
export interface IngestContext {
  env: EumEnvelope;
  entry: MetaEntry;
  snsMessageId: string;
  /**
   * When EUM published the event, as it wrote it (RFC 3339, nanoseconds): the time of events that carry none of
   * their own. It is part of the SNS message, so a redelivery has the same value and keys built from it repeat.
   */
  eventAtRaw: string;
  /** The same instant as ISO-8601 milliseconds, for ordering and display. */
  eventAt: string;
  out: RecordOutcome;
}

export function newOutcome(): RecordOutcome {
  return { inbound: 0, duplicates: 0, statuses: {}, otherEvents: 0, effects: {} };
}

export function countEffect(ctx: Pick<IngestContext, 'out'>, kind: string, n = 1): void {
  ctx.out.effects[kind] = (ctx.out.effects[kind] ?? 0) + n;
}

/** RFC 3339 with any fraction → ISO-8601 milliseconds; garbage → the fallback. */
export function isoFromRfc3339(raw: string | undefined, fallback: string = nowIso()): string {
  if (!raw) return fallback;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(raw);
  const ms = m ? Date.parse(`${m[1]}${(m[2] ?? '.000').slice(0, 4).padEnd(4, '0')}${m[3]}`) : Date.parse(raw);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : fallback;
}

/** A Meta timestamp may run a little ahead of EUM's publish time (clock skew), never more. */
const PLAUSIBLE_FUTURE_MS = 10 * 60 * 1000;
/** Nothing WhatsApp sends predates the Business Platform; older (0, negative) is garbage. */
const PLAUSIBLE_PAST = Date.UTC(2015, 0, 1);

/**
 * A Meta timestamp (unix seconds) as ISO-8601, replaced by the event's own time (EUM's publish time, which a
 * redelivery repeats) when it is implausible: missing, negative, before 2015, or ahead of the event (year 5138).
 * Old but real timestamps stay: a replay days later must keep the message's own time.
 */
export function metaTime(ctx: Pick<IngestContext, 'eventAt'>, seconds: string | number | undefined): string {
  const n = typeof seconds === 'string' ? Number(seconds) : seconds;
  if (n === undefined || !Number.isFinite(n)) return ctx.eventAt;
  const ms = n * 1000;
  if (ms < PLAUSIBLE_PAST || ms > Date.parse(ctx.eventAt) + PLAUSIBLE_FUTURE_MS) return ctx.eventAt;
  return new Date(ms).toISOString();
}

/** `arn:…:phone-number-id/<hex>` → `phone-number-id-<hex>`, the id EUM's API takes. */
export const phoneNumberIdFromArn = (arn: string): string | undefined => arn.split(':').pop()?.replace('/', '-');

/**
 * The business number an event is for, from the envelope's context (matched on Meta's phone number id when the
 * change names one). Undefined when the envelope names no phone at all.
 */
export function phoneFromContext(env: EumEnvelope, metaPhoneNumberId?: string, displayNumber?: string): PhoneRef | undefined {
  const phones = env.context?.MetaPhoneNumberIds ?? [];
  const match = phones.find((p) => p.metaPhoneNumberId === metaPhoneNumberId) ?? phones[0];
  if (!match) return undefined;
  return {
    arn: match.arn,
    phoneNumberId: phoneNumberIdFromArn(match.arn),
    metaPhoneNumberId: match.metaPhoneNumberId,
    displayPhoneNumber: displayNumber,
    wabaId: env.context?.MetaWabaIds?.[0]?.wabaId,
  };
}

/** Like phoneFromContext, for changes that cannot be stored without knowing the number (messages, calls…). */
export function requirePhone(env: EumEnvelope, metaPhoneNumberId?: string, displayNumber?: string): PhoneRef {
  const phone = phoneFromContext(env, metaPhoneNumberId, displayNumber);
  if (!phone) throw new PoisonRecordError('envelope has no context.MetaPhoneNumberIds: cannot tell which business number it is for');
  return phone;
}
