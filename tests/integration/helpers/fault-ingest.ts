import { randomInt } from 'node:crypto';
import { PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DEMO_PHONE } from '../../../local/standins/eum/demo-account';
import { buildEnvelope, inboundMediaValue, inboundTextValue, inboundValue, statusValue, type InboundMediaKind, type MetaStatusName } from '../../../local/standins/eum/envelope';
import { queueDepth, receiveLetters, releaseLetter } from '../../../shared/dead-letters/queue';
import { recordOutbound } from '../../../shared/table/messages';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../../helpers/events';
import { invokeLikeLambda, type LambdaOutcome } from './faults';

export { silenceIngestLogs } from './faults';

/**
 * What the fault tests share: SNS records with fixed ids (so a redelivery is the same record, as SNS redelivers it),
 * the ingest handler invoked the way Lambda invokes it, and the dead-letter queue's contents.
 */

let ingest: Invoke | undefined;
export async function ingestHandler(): Promise<Invoke> {
  ingest ??= (await import('../../../functions/ingest/handler')).handler as unknown as Invoke;
  return ingest;
}

/** One SNS delivery of a record, retried as Lambda retries an asynchronous invocation. */
export async function deliver(record: ReturnType<typeof snsRecord>): Promise<LambdaOutcome> {
  return invokeLikeLambda(await ingestHandler(), snsEvent(record), { context: lambdaContext });
}

/** A customer number no other test uses. */
export const newCustomer = (): string => `1555${randomInt(1_000_000, 9_999_999)}`;

/** A fixed instant per test step, so every order of delivery has the same Meta timestamps. */
export const at = (second: number): Date => new Date(Date.UTC(2026, 5, 1, 12, 0, 0) + second * 1000);

export const conversationOf = (customer: string): string => `CONV#${DEMO_PHONE.arn}#${customer}`;

/** An SNS record (fixed MessageId) of one webhook value; `messageId` is EUM's id of a send, for statuses. */
const recordOf = (value: unknown, second: number, messageId?: string) =>
  snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value, timestamp: at(second), ...(messageId ? { messageId } : {}) })));

export const inboundText = (customer: string, wamid: string, second: number, text = `message at ${second}`) =>
  recordOf(inboundTextValue({ from: customer, text, name: 'Fault Customer', wamid, timestamp: at(second) }), second);

export const inboundMedia = (customer: string, wamid: string, second: number, media: { kind: InboundMediaKind; mediaId: string; mimeType: string }) =>
  recordOf(inboundMediaValue({ from: customer, name: 'Fault Customer', wamid, timestamp: at(second), ...media }), second);

export const inboundReaction = (customer: string, wamid: string, second: number, target: string, emoji: string) =>
  recordOf(inboundValue({ from: customer, name: 'Fault Customer', wamid, timestamp: at(second) }, 'reaction', { message_id: target, emoji }), second);

export const statusRecord = (customer: string, eumId: string, wamid: string, status: MetaStatusName, second: number) =>
  recordOf(statusValue({ wamid, status, recipientId: customer, timestamp: at(second) }), second, eumId);

/** A message we sent (as send_text stores it), for statuses to apply to. */
export const storeSend = (customer: string, eumId: string) =>
  recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer, type: 'text', preview: 'our reply', payload: {} });

const sqs = new SQSClient({});
export const purgeDeadLetters = () => sqs.send(new PurgeQueueCommand({ QueueUrl: process.env.INGEST_DLQ_URL }));

/** Letters in the ingest dead-letter queue, visible or held by a listing. */
export async function deadLetterCount(): Promise<number> {
  const { visible, inFlight } = await queueDepth();
  return visible + inFlight;
}

/** The letters (released again at once), to check which are poison. */
export async function deadLetters() {
  const letters = await receiveLetters(100, 30);
  await Promise.all(letters.map(releaseLetter));
  return letters;
}
