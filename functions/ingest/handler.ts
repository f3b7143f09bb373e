import type { SNSEvent } from 'aws-lambda';
import { configure } from '../../shared/config';
import { sendToDeadLetterQueue } from '../../shared/dead-letters/queue';
import { needs } from './needs';
import { processRecord, type RecordOutcome } from '../../shared/ingest/process';

configure(needs);

/**
 * SNS → ingest. Each record is processed on its own: one that fails goes to the dead-letter queue with its reason
 * and the rest still succeed. Only if the dead-letter queue itself cannot be reached does the invocation fail, so
 * that Lambda retries the event (processing is idempotent) and finally hands it to the function's onFailure queue.
 */
export const handler = async (event: SNSEvent) => {
  const results: ({ ok: true } & RecordOutcome | { ok: false; reason: string })[] = [];
  for (const record of event.Records ?? []) {
    try {
      results.push({ ok: true, ...(await processRecord(record)) });
    } catch (err) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'ingest record failed; sent to dead-letter queue', snsMessageId: record.Sns?.MessageId, error: (err as Error).message }),
      );
      await sendToDeadLetterQueue(record, err);
      results.push({ ok: false, reason: (err as Error).message });
    }
  }
  return { records: results.length, failed: results.filter((r) => !r.ok).length, results };
};
