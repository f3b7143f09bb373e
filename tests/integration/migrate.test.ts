import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { envelopeBody, statusValue } from '../../local/standins/eum/envelope';
import type { EumStandin } from '../../local/standins/eum/server';
import { runMigration, type MigrationReport } from '../../shared/migration/run';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';

/**
 * `npm run migrate` on DynamoDB Local: an old-style table of 10,000 items in the seed's key patterns
 * (../shared/seed/PATTERNS.md) moved into this system's table, interrupted and resumed, run again (writes nothing),
 * and the result used through the actions and ingest.
 */
const raw = new DynamoDBClient({});
const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
const seedTable = `seed-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'migrate-'));
const target = () => ({ client: doc, name: process.env.TABLE_NAME! });
let eum: EumStandin;

const ARN = DEMO_PHONE.arn;
const T0 = Date.parse('2025-06-01T00:00:00Z');
const customerOf = (i: number) => `1555300${String(i % 1000).padStart(4, '0')}`;
const conv = (i: number) => `CONV#${ARN}#${customerOf(i)}`;

/** 10,000 items as the seed stored them. */
function seedItems(): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < 4000; i++) {
    items.push({ pk: `MSG#wamid.seedin${i}`, itemType: 'MESSAGE', direction: 'INBOUND', from: customerOf(i), conversationPk: conv(i), inboxPk: ARN, textBody: `hello ${i}`, type: 'text', receivedAt: new Date(T0 + i * 1000).toISOString() });
  }
  for (let i = 0; i < 3000; i++) {
    const sent = T0 + 10_000_000 + i * 1000;
    items.push({
      pk: `MSG#wamid.seedout${i}`,
      itemType: 'MESSAGE',
      direction: 'OUTBOUND',
      to: customerOf(i),
      conversationPk: conv(i),
      textBody: `reply ${i}`,
      type: 'text',
      status: 'delivered',
      receivedAt: new Date(sent).toISOString(),
      statusHistory: [
        { status: 'sent', timestamp: String(Math.floor(sent / 1000) + 1) },
        { status: 'delivered', timestamp: String(Math.floor(sent / 1000) + 2) },
      ],
    });
  }
  for (let i = 0; i < 1000; i++) {
    items.push({ pk: conv(i), itemType: 'CONVERSATION', inboxPk: ARN, lastMessage: `hello ${i}`, receivedAt: new Date(T0 + i * 1000).toISOString(), unreadCount: i % 4, contactName: `Customer ${i}` });
  }
  for (let i = 0; i < 500; i++) items.push({ pk: `TEMPLATE#1234567890123456#tpl_${i}#en_US`, itemType: 'TEMPLATE_DEFINITION', status: 'APPROVED', category: 'UTILITY', name: `tpl_${i}` });
  for (let i = 0; i < 500; i++) items.push({ pk: `QUALITY#phone-number-id-${i}`, itemType: 'QUALITY', qualityRating: 'GREEN', currentLimit: 'TIER_1K' });
  for (let i = 0; i < 300; i++) items.push({ pk: `MEDIA_UPLOAD#${900000 + i}`, itemType: 'MEDIA_UPLOAD', s3Key: `uploads/old/${i}.jpg`, mimeType: 'image/jpeg' });
  for (let i = 0; i < 200; i++) items.push({ pk: `MEDIA_DOWNLOAD#${800000 + i}`, itemType: 'MEDIA_DOWNLOAD', s3Key: `media/old/${i}.jpg`, mimeType: 'image/jpeg' });
  for (let i = 0; i < 300; i++) items.push({ pk: `PROFILE#waba${i}`, itemType: 'BUSINESS_PROFILE', about: 'old' });
  for (let i = 0; i < 200; i++) items.push({ pk: `TEMPLATES#waba-${i}`, itemType: 'TEMPLATE', templates: [] });
  return items;
}

async function countItems(table: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey }));
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const MAPPED = 4000 + 3000 + 1000 + 500 + 500 + 300 + 200;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  await raw.send(
    new CreateTableCommand({ TableName: seedTable, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
  );
  const items = seedItems();
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(batches.slice(i, i + 8).map((b) => doc.send(new BatchWriteCommand({ RequestItems: { [seedTable]: b.map((Item) => ({ PutRequest: { Item } })) } }))));
  }
}, 300_000);
afterAll(async () => {
  await eum.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run migrate', () => {
  let first: MigrationReport;
  let resumed: MigrationReport;
  const checkpointPath = join(dir, 'checkpoint.json');

  it('the old table holds 10,000 items in the seed key patterns', async () => {
    expect(await countItems(seedTable)).toBe(10_000);
  });

  it('--dry-run says what it would write and writes nothing', async () => {
    const report = await runMigration({ fromTable: seedTable, target: target(), segments: 4, dryRun: true, checkpointPath });
    expect(report).toMatchObject({ scanned: 10_000, complete: true, written: {} });
    expect(report.wouldWrite).toEqual({ message: 7000, conversation: 1000, templateDefinition: 500, quality: 500, mediaUpload: 300, mediaDownload: 200 });
    expect(await countItems(process.env.TABLE_NAME!)).toBe(0);
    expect(existsSync(checkpointPath)).toBe(false);
  }, 300_000);

  it('an interrupted run resumes from its checkpoint and moves every mappable item once', async () => {
    first = await runMigration({ fromTable: seedTable, target: target(), segments: 4, dryRun: false, checkpointPath, stopAfterPages: 3 });
    expect(first.complete).toBe(false);
    expect(existsSync(checkpointPath)).toBe(true);
    resumed = await runMigration({ fromTable: seedTable, target: target(), segments: 4, dryRun: false, checkpointPath });
    expect(resumed.complete).toBe(true);
    expect(sum(first.written) + sum(resumed.written)).toBe(MAPPED);
    expect(first.scanned + resumed.scanned).toBe(10_000);
    expect(await countItems(process.env.TABLE_NAME!)).toBe(MAPPED);
    const unmapped = { ...first.unmapped };
    for (const [k, v] of Object.entries(resumed.unmapped)) unmapped[k] = { count: (unmapped[k]?.count ?? 0) + v.count, examples: v.examples };
    expect(unmapped["no mapping for BUSINESS_PROFILE items"]?.count).toBe(300);
    expect(unmapped['TEMPLATE cache']?.count ?? unmapped['TEMPLATE cache (TEMPLATES#): re-read from EUM Social instead']?.count).toBe(200);
  }, 300_000);

  it('a second run writes nothing', async () => {
    const again = await runMigration({ fromTable: seedTable, target: target(), segments: 4, dryRun: false, checkpointPath: join(dir, 'second.json') });
    expect(again).toMatchObject({ complete: true, written: {}, alreadyPresent: MAPPED });
    expect(await countItems(process.env.TABLE_NAME!)).toBe(MAPPED);
  }, 300_000);

  it('old messages are found by wamid with their status history, conversations keep their unread count', async () => {
    const conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
    const out = await conversations({ action: 'get_delivery_status', messageId: 'wamid.seedout7' }, lambdaContext);
    expect(out).toMatchObject({ statusCode: 200, status: 'delivered', direction: 'OUTBOUND' });
    expect(out.history.map((h: { status: string }) => h.status)).toEqual(['sent', 'delivered']);
    const msgs = await conversations({ action: 'get_messages', conversationId: conv(7), limit: 100 }, lambdaContext);
    expect(msgs.statusCode).toBe(200);
    expect(msgs.conversation).toMatchObject({ unreadCount: 3, contactName: 'Customer 7' });
    expect(msgs.messages.map((m: { messageId: string }) => m.messageId)).toEqual(expect.arrayContaining(['wamid.seedin7', 'wamid.seedout7']));
    expect(msgs.messages.find((m: { messageId: string }) => m.messageId === 'wamid.seedin7').text).toBe('hello 7');
  });

  it('a status that arrives after the switch (with an EUM id this system never saw) applies to the old message', async () => {
    const ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
    const value = statusValue({ wamid: 'wamid.seedout8', status: 'read', recipientId: customerOf(8) });
    const res = await ingest(snsEvent(snsRecord(envelopeBody({ field: 'messages', value, messageId: randomUUID() }))), lambdaContext);
    expect(res?.failed ?? 0).toBe(0);
    expect(await getItem('MSG#wamid.seedout8')).toMatchObject({ status: 'read', migratedFrom: 'seed' });
  });
});
