/**
 * The soak's events, made once and replayed identically by every run: inbound text messages from a set of customers,
 * and one reply per customer with its sent, delivered and read statuses. Every id, timestamp and SNS MessageId is
 * fixed here, so two runs that end differently differ because of how they were delivered, never because of what.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEventRecord } from 'aws-lambda';
import { DEMO_PHONE, DEMO_WABA } from '../local/standins/eum/demo-account';
import { buildEnvelope, inboundTextValue, newWamid, statusValue, type MetaStatusName } from '../local/standins/eum/envelope';

export interface Reply {
  customer: string;
  eumMessageId: string;
  wamid: string;
}

export interface Workload {
  customers: string[];
  /** SNS records: every inbound message, then every status. */
  records: SNSEventRecord[];
  inbound: number;
  statuses: number;
  /** Our replies: stored through the send path's recordOutbound, their statuses come through ingest. */
  replies: Reply[];
}

/** A small seeded generator (mulberry32): the same shuffles and fault draws for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function snsRecord(message: string): SNSEventRecord {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:soak:sub',
    EventSource: 'aws:sns',
    Sns: {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:soak',
      Subject: '',
      Message: message,
      Timestamp: '2026-01-01T00:00:00.000Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/x.pem',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: {},
    },
  };
}

const START = Date.UTC(2026, 0, 1);
const STATUSES: MetaStatusName[] = ['sent', 'delivered', 'read'];

/**
 * `messages` inbound texts, message i from customer i mod `customerCount`, i seconds after a fixed start (each
 * customer's in order); then one reply per customer, its statuses a second apart after the last message.
 */
export function buildWorkload(messages: number, customerCount: number): Workload {
  const customers = Array.from({ length: customerCount }, (_, c) => `1555${String(2_000_000 + c).padStart(7, '0')}`);
  const records: SNSEventRecord[] = [];
  for (let i = 0; i < messages; i++) {
    const customer = customers[i % customerCount]!;
    const timestamp = new Date(START + i * 1000);
    const value = inboundTextValue({ from: customer, text: `soak message ${i}`, name: `Customer ${customer.slice(-4)}`, wamid: newWamid(customer), timestamp });
    records.push(snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value, timestamp }))));
  }
  const replies = customers.map((customer) => ({ customer, eumMessageId: randomUUID(), wamid: newWamid(customer) }));
  for (const [r, reply] of replies.entries()) {
    for (const [k, status] of STATUSES.entries()) {
      const timestamp = new Date(START + (messages + r * 3 + k) * 1000);
      const value = statusValue({ wamid: reply.wamid, status, recipientId: reply.customer, timestamp });
      records.push(snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value, timestamp, messageId: reply.eumMessageId }))));
    }
  }
  return { customers, records, inbound: messages, statuses: replies.length * STATUSES.length, replies };
}

/** What recordOutbound stores for a reply (as send_text would after EUM accepted it). */
export const replyToStore = (r: Reply) => ({
  eumMessageId: r.eumMessageId,
  phone: { arn: DEMO_PHONE.arn, phoneNumberId: DEMO_PHONE.phoneNumberId, wabaId: DEMO_WABA.wabaId },
  customer: r.customer,
  type: 'text',
  preview: `reply to ${r.customer}`,
  payload: { messaging_product: 'whatsapp', to: r.customer, type: 'text', text: { body: `reply to ${r.customer}` } },
});
