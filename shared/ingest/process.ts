import type { SNSEventRecord } from 'aws-lambda';
import { logger } from '../observability/powertools';
import { nowIso } from '../time';
import { PoisonRecordError, isoFromRfc3339, newOutcome, type IngestContext, type RecordOutcome } from './context';
import { EumEnvelope } from './envelope';
import { handlerFor } from './fields';
import { assertFromThisDeployment } from './provenance';

export { PoisonRecordError, type RecordOutcome } from './context';

/** The SNS message as EUM's envelope, or a PoisonRecordError saying why not. */
function parseEnvelope(message: string): EumEnvelope {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch (err) {
    throw new PoisonRecordError(`SNS Message is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = EumEnvelope.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new PoisonRecordError(`not an EUM Social envelope: ${why}`);
  }
  return parsed.data;
}

/**
 * Processes one SNS record: every change of its entry, each by the handler of its field (fields/index.ts).
 * Every write is conditional or idempotent, so a redelivered record leaves the table as it was.
 */
export async function processRecord(record: Pick<SNSEventRecord, 'Sns'>): Promise<RecordOutcome> {
  const env = parseEnvelope(record.Sns.Message);
  // Which business the record is for, on every log line written while it is processed (ids only, no customer data).
  logger.appendKeys({
    wabaId: env.context?.MetaWabaIds?.[0]?.wabaId,
    metaPhoneNumberId: env.context?.MetaPhoneNumberIds?.[0]?.metaPhoneNumberId,
  });
  assertFromThisDeployment(env, record.Sns.TopicArn);
  const eventAtRaw = env.message_timestamp ?? record.Sns.Timestamp ?? nowIso();
  const ctx: IngestContext = {
    env,
    entry: env.whatsAppWebhookEntry,
    snsMessageId: record.Sns.MessageId,
    eventAtRaw,
    eventAt: isoFromRfc3339(eventAtRaw),
    out: newOutcome(),
  };
  for (const change of ctx.entry.changes) {
    if (change.field !== 'messages') ctx.out.otherEvents++;
    await handlerFor(change.field)(ctx, change.field, change.value);
  }
  return ctx.out;
}
