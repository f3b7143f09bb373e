import type { SNSEvent } from 'aws-lambda';
import { configure } from '../../shared/config';
import { sendToDeadLetterQueue } from '../../shared/dead-letters/queue';
import { TransientIngestError, isPoison } from '../../shared/ingest/failure';
import { processRecord, type RecordOutcome } from '../../shared/ingest/process';
import { needs } from './needs';

configure(needs);

const log = (msg: string, fields: Record<string, unknown>) => console.error(JSON.stringify({ level: 'error', msg, ...fields }));

/**
 * SNS → ingest. Each record is processed on its own. One that can never succeed (poison: malformed, not our
 * schema, an item that cannot fit) goes to the dead-letter queue with its reason and the rest still succeed.
 * Any other failure fails the invocation once every record had its try: Lambda retries the event (processing is
 * idempotent, so the records that succeeded change nothing the second time) and finally hands it to the
 * function's on-failure queue.
 */
export const handler = async (event: SNSEvent) => {
  const results: ({ ok: true } & RecordOutcome | { ok: false; reason: string })[] = [];
  const transient: { id: string; err: unknown }[] = [];
  for (const record of event.Records ?? []) {
    try {
      results.push({ ok: true, ...(await processRecord(record)) });
    } catch (err) {
      const reason = (err as Error).message;
      if (!isPoison(err)) {
        log('ingest record failed on a transient fault; the invocation will fail so Lambda retries it', { snsMessageId: record.Sns?.MessageId, error: reason, errorName: (err as Error).name });
        transient.push({ id: record.Sns?.MessageId, err });
        continue;
      }
      log('ingest record can never succeed; sent to dead-letter queue as poison', { snsMessageId: record.Sns?.MessageId, error: reason });
      await sendToDeadLetterQueue(record, err);
      results.push({ ok: false, reason });
    }
  }
  if (transient.length) throw new TransientIngestError(transient.map((t) => t.id), { cause: transient[0]!.err });
  return { records: results.length, failed: results.filter((r) => !r.ok).length, results };
};
