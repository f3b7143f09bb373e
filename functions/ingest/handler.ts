import middy from '@middy/core';
import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda';
import { configure } from '../../shared/config';
import { sendToDeadLetterQueue } from '../../shared/dead-letters/queue';
import { TransientIngestError, isPoison } from '../../shared/ingest/failure';
import { processRecord } from '../../shared/ingest/process';
import { recordIngestOutcome, type IngestResult } from '../../shared/observability/ingest-metrics';
import { observability } from '../../shared/observability/middleware';
import { errorForLog, logger } from '../../shared/observability/powertools';
import { needs } from './needs';

configure(needs);

/** One record: its outcome, a poison letter, or (transient fault) the error to fail the invocation with. */
async function ingestRecord(record: SNSEventRecord): Promise<IngestResult | { transient: unknown }> {
  logger.removeKeys(['wabaId', 'phoneNumberId', 'metaPhoneNumberId']);
  logger.appendKeys({ snsMessageId: record.Sns?.MessageId });
  try {
    const outcome = await processRecord(record);
    logger.info('ingest record processed', { outcome });
    return { ok: true, ...outcome };
  } catch (err) {
    if (!isPoison(err)) {
      logger.error('ingest record failed on a transient fault; the invocation fails so Lambda retries it', { error: errorForLog(err) });
      return { transient: err };
    }
    logger.error('ingest record failed; sent to dead-letter queue', { poison: true, error: errorForLog(err) });
    await sendToDeadLetterQueue(record, err);
    return { ok: false, reason: (err as Error).message };
  }
}

/**
 * SNS → ingest. Each record is processed on its own. One that can never succeed (poison: malformed, not our
 * schema, an item that cannot fit) goes to the dead-letter queue with its reason and the rest still succeed.
 * Any other failure fails the invocation once every record had its try: Lambda retries the event (processing is
 * idempotent, so the records that succeeded change nothing the second time) and finally hands it to the
 * function's on-failure queue.
 */
async function ingest(event: SNSEvent) {
  const results: IngestResult[] = [];
  const transient: { id: string; err: unknown }[] = [];
  for (const record of event.Records ?? []) {
    const r = await ingestRecord(record);
    if ('transient' in r) transient.push({ id: record.Sns?.MessageId, err: r.transient });
    else results.push(r);
  }
  recordIngestOutcome(results);
  if (transient.length) throw new TransientIngestError(transient.map((t) => t.id), { cause: transient[0]!.err });
  return { records: results.length, failed: results.filter((r) => !r.ok).length, results };
}

const wrapped = middy(ingest).use(observability());
/** Lambda always passes a context; scripts and the bench may not. */
export const handler = (event: SNSEvent, context?: Context) => wrapped(event, context ?? ({} as Context));
