import { PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, inboundTextValue } from '../../local/standins/eum/envelope';
import { snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { allItems, getItem } from './helpers/table';

/**
 * Issue 8.9: the topic policy lets only EUM Social of this account publish; ingest also refuses an envelope that
 * names phone numbers, WABAs or an account other than the account whose topic delivered it.
 */
let ingest: Invoke;
const sqs = new SQSClient({});
const OTHER_ACCOUNT = '999988887777';

beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
beforeEach(async () => {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: process.env.INGEST_DLQ_URL }));
});

const envelope = (from: string) => buildEnvelope({ field: 'messages', value: inboundTextValue({ from, text: 'hello', name: 'Ana' }) });
const otherAccount = (arn: string) => arn.replace(':123456789012:', `:${OTHER_ACCOUNT}:`);
const conversationPk = (customer: string) => `CONV#${DEMO_PHONE.arn}#${customer}`;

async function deadLetters() {
  const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.INGEST_DLQ_URL, MaxNumberOfMessages: 10 }));
  return (out.Messages ?? []).map((m) => JSON.parse(m.Body!));
}

describe('ingest refuses webhooks that do not belong to this deployment', () => {
  it('stores nothing from an envelope whose phone ARN is in another account, and dead-letters it as poison', async () => {
    const forged = envelope('15557771001');
    forged.context.MetaPhoneNumberIds[0]!.arn = otherAccount(forged.context.MetaPhoneNumberIds[0]!.arn);
    const record = snsRecord(JSON.stringify(forged));
    const res = await ingest(snsEvent(record));
    expect(res).toMatchObject({ records: 1, failed: 1 });
    expect((await allItems()).filter((i) => JSON.stringify(i).includes('15557771001'))).toEqual([]);
    const [letter] = await deadLetters();
    expect(letter).toMatchObject({ snsMessageId: record.Sns.MessageId, poison: true });
    expect(letter.reason).toContain('context.MetaPhoneNumberIds.0.arn names account 999988887777');
  });

  it('refuses a WABA ARN or aws_account_id from another account too', async () => {
    const wabaForged = envelope('15557771002');
    wabaForged.context.MetaWabaIds[0]!.arn = otherAccount(wabaForged.context.MetaWabaIds[0]!.arn);
    const accountForged = envelope('15557771003');
    accountForged.aws_account_id = OTHER_ACCOUNT;
    const res = await ingest(snsEvent(snsRecord(JSON.stringify(wabaForged)), snsRecord(JSON.stringify(accountForged))));
    expect(res).toMatchObject({ records: 2, failed: 2 });
    expect(await getItem(conversationPk('15557771002'))).toBeUndefined();
    expect(await getItem(conversationPk('15557771003'))).toBeUndefined();
    expect((await deadLetters()).map((l) => l.reason).sort()).toEqual([
      expect.stringContaining('aws_account_id names account 999988887777'),
      expect.stringContaining('context.MetaWabaIds.0.arn names account 999988887777'),
    ]);
  });

  it('refuses a genuine-looking envelope delivered by a topic of another account', async () => {
    const record = snsRecord(JSON.stringify(envelope('15557771004')));
    record.Sns.TopicArn = `arn:aws:sns:us-east-1:${OTHER_ACCOUNT}:inbound`;
    expect(await ingest(snsEvent(record))).toMatchObject({ failed: 1 });
    expect(await getItem(conversationPk('15557771004'))).toBeUndefined();
  });

  it('stores the same envelope when every ARN is in the account of the delivering topic', async () => {
    expect(await ingest(snsEvent(snsRecord(JSON.stringify(envelope('15557771005')))))).toMatchObject({ failed: 0 });
    expect(await getItem(conversationPk('15557771005'))).toMatchObject({ lastMessage: 'hello' });
    expect(await deadLetters()).toEqual([]);
  });
});
