import middy from '@middy/core';
import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda';
import { configure } from '../../shared/config';
import { sendToDeadLetterQueue } from '../../shared/dead-letters/queue';
import { recordIngestOutcome, type IngestResult } from '../../shared/observability/ingest-metrics';
import { observability } from '../../shared/observability/middleware';
import { errorForLog, logger } from '../../shared/observability/powertools';
import { processRecord } from '../../shared/ingest/process';
import { needs } from './needs';

configure(needs);

async function ingestRecord(record: SNSEventRecord): Promise<IngestResult> {
  logger.removeKeys(['wabaId', 'phoneNumberId', 'metaPhoneNumberId']);
  logger.appendKeys({ snsMessageId: record.Sns?.MessageId });
  try {
    const outcome = await processRecord(record);
    logger.info('ingest record processed', { outcome });
    return { ok: true, ...outcome };
  } catch (err) {
    logger.error('ingest record failed; sent to dead-letter queue', { error: errorForLog(err) });
    await sendToDeadLetterQueue(record, err);
    return { ok: false, reason: (err as Error).message };
  }
}

/**
 * SNS → ingest. Each record is processed on its own: one that fails goes to the dead-letter queue with its reason
 * and the rest still succeed. Only if the dead-letter queue itself cannot be reached does the invocation fail, so
 * that Lambda retries the event (processing is idempotent) and finally hands it to the function's onFailure queue.
 */
async function ingest(event: SNSEvent) {
  const results: IngestResult[] = [];
  for (const record of event.Records ?? []) results.push(await ingestRecord(record));
  recordIngestOutcome(results);
  return { records: results.length, failed: results.filter((r) => !r.ok).length, results };
}

const wrapped = middy(ingest).use(observability());
/** Lambda always passes a context; scripts and the bench may not. */
export const handler = (event: SNSEvent, context?: Context) => wrapped(event, context ?? ({} as Context));
