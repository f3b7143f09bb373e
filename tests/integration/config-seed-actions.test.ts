import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import { envelopeBody } from '../../local/standins/eum/envelope';
import { phoneQualityValue } from '../../local/standins/eum/webhook-values';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';

/** The seed's config actions: accounts, phone standing, quality, infrastructure, media types, sending rules. */

let eum: EumStandin;
let config: Invoke;
let media: Invoke;
let ingest: Invoke;
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  config = (await import('../../functions/config/handler')).handler as unknown as Invoke;
  media = (await import('../../functions/media/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const call = (action: string, body: Record<string, unknown> = {}) => config({ action, ...body }, lambdaContext);
const qualityWebhook = (currentLimit: string) =>
  ingest(snsEvent(snsRecord(envelopeBody({ field: 'phone_number_quality_update', value: phoneQualityValue({ event: 'UPGRADE', currentLimit }) }))), lambdaContext);

describe('accounts and phone numbers', () => {
  it('get_wabas lists the linked WABAs with their numbers', async () => {
    const res = await call('get_wabas');
    expect(res).toMatchObject({ statusCode: 200, operation: 'get_wabas', count: 1 });
    expect(res.wabas[0]).toMatchObject({ metaWabaId: DEMO_WABA.wabaId, phoneNumberCount: 1 });
    expect(res.wabas[0].phoneNumbers[0].phoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
  });

  it('get_phone_info reads EUM Social live and adds the tier once a quality webhook told it', async () => {
    const before = await call('get_phone_info');
    expect(before).toMatchObject({ statusCode: 200, qualityRating: 'GREEN', tierSource: 'unknown' });
    expect(before.phone).toMatchObject({ phoneNumberId: DEMO_PHONE.phoneNumberId, displayPhoneNumberName: DEMO_PHONE.displayPhoneNumberName });
    expect(before.messagingLimitTier).toBeUndefined();

    await qualityWebhook('TIER_1K');
    const after = await call('get_phone_info', { phoneNumberId: DEMO_PHONE.metaPhoneNumberId });
    expect(after).toMatchObject({ messagingLimitTier: 'TIER_1K', businessInitiatedPer24h: 1000, tierSource: 'webhook' });
  });

  it('an unknown number is a 404 naming the linked ones', async () => {
    const res = await call('get_phone_info', { phoneNumberId: 'phone-number-id-nope' });
    expect(res.statusCode).toBe(404);
    expect(res.validChoices[0].phoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
  });
});

describe('quality', () => {
  it('refresh_quality records the rating beside the webhook fields and notices a change', async () => {
    // Prepare: a rating recorded earlier that EUM no longer reports.
    await doc.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: `QUALITY#${DEMO_PHONE.phoneNumberId}`, itemType: 'QUALITY', qualityRating: 'YELLOW', currentLimit: 'TIER_250', history: [] } }));
    const res = await call('refresh_quality');
    expect(res).toMatchObject({ statusCode: 200, count: 1 });
    expect(res.quality[0]).toMatchObject({ qualityRating: 'GREEN', previousQualityRating: 'YELLOW', changed: true, currentLimit: 'TIER_250' });
    const item = await getItem(`QUALITY#${DEMO_PHONE.phoneNumberId}`);
    expect(item).toMatchObject({ qualityRating: 'GREEN', currentLimit: 'TIER_250' });
    expect(item?.qualityRatingChangedAt).toEqual(item?.qualityCheckedAt);

    const again = await call('refresh_quality', { metaWabaId: DEMO_WABA.wabaId });
    expect(again.quality[0].changed).toBe(false);
  });

  it('get_quality shows the stored item, its history only when asked', async () => {
    await qualityWebhook('TIER_10K');
    const res = await call('get_quality');
    expect(res.quality[0]).toMatchObject({ found: true, phoneNumberId: DEMO_PHONE.phoneNumberId, currentLimit: 'TIER_10K', businessInitiatedPer24h: 10000 });
    expect(res.quality[0].history).toBeUndefined();
    expect(res.quality[0].historyCount).toBeGreaterThan(0);
    const withHistory = await call('get_quality', { includeHistory: true });
    expect(withHistory.quality[0].history.length).toBe(res.quality[0].historyCount);
    const bad = await call('get_quality', { includeHistory: 'yes' });
    expect(bad).toMatchObject({ statusCode: 400, fields: [{ field: 'includeHistory' }] });
  });
});

describe('infrastructure', () => {
  it('get_infra reads the deployment live once, then answers from the stored copy until refreshed', async () => {
    const first = await call('get_infra');
    expect(first).toMatchObject({ statusCode: 200, source: 'live' });
    expect(first.infra.table).toMatchObject({ name: process.env.TABLE_NAME, status: 'ACTIVE' });
    expect(first.infra.table.indexes.map((i: { name: string }) => i.name).sort()).toEqual(['gsi-conversation', 'gsi-direction', 'gsi-from', 'gsi-inbox', 'gsi-itemType']);
    expect(first.infra.mediaBucket.name).toBe(process.env.MEDIA_BUCKET);
    expect(first.infra.mediaBucket.lifecycle.declared.rules[0]).toMatchObject({ id: 'expire-media', expirationDays: 365 });
    // s3rver has no lifecycle API: the answer says so rather than inventing rules.
    expect(first.infra.mediaBucket.lifecycle.live).toMatchObject({ readable: false });
    expect(first.infra.deadLetterQueue).toMatchObject({ url: process.env.INGEST_DLQ_URL });
    expect(first.infra.inboundTopic.unavailable).toContain('INBOUND_TOPIC_ARN');
    expect(first.infra.functions.map((f: { category: string }) => f.category)).toEqual(expect.arrayContaining(['config', 'messaging', 'ingest', 'authorizer']));
    expect(first.infra.versions).toMatchObject({ node: process.version, metaApiVersion: 'v23.0' });

    const second = await call('get_infra');
    expect(second).toMatchObject({ source: 'stored', refreshedAt: first.refreshedAt });
    const refreshed = await call('refresh_infra');
    expect(refreshed.source).toBe('live');
    expect((await call('get_infra')).refreshedAt).toBe(refreshed.refreshedAt);
  });
});

describe('media types', () => {
  it('get_media_types lists the limits in force; refresh_media_types stores them and reports changes', async () => {
    const before = await call('get_media_types');
    expect(before.storedCopy).toBeNull();
    const image = before.mediaTypes.find((t: { kind: string }) => t.kind === 'image');
    expect(image).toMatchObject({ mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024, caption: true });

    const refreshed = await call('refresh_media_types');
    expect(refreshed.changedKinds).toEqual(['image', 'video', 'audio', 'document', 'sticker']);
    expect((await call('refresh_media_types')).changedKinds).toEqual([]);
    expect((await call('get_media_types')).storedCopy).toMatchObject({ matches: true });

    const sticker = await call('get_supported_formats', { kind: 'sticker' });
    expect(sticker).toMatchObject({ statusCode: 200, operation: 'get_supported_formats' });
    expect(sticker.mediaTypes).toEqual([expect.objectContaining({ kind: 'sticker', staticMaxBytes: 100 * 1024 })]);
    const eum = await media({ action: 'eum_get_supported_formats' }, lambdaContext);
    expect(eum.mediaTypes).toHaveLength(5);
    expect((await call('get_media_types', { kind: 'gif' })).statusCode).toBe(400);
  });
});

describe('best practices', () => {
  it("follow the number's tier and quality", async () => {
    await qualityWebhook('TIER_100K');
    const res = await call('get_best_practices');
    expect(res).toMatchObject({ statusCode: 200, standing: { qualityRating: 'GREEN', messagingLimitTier: 'TIER_100K' }, warnings: 0 });
    const topics = res.practices.map((p: { topic: string }) => p.topic);
    expect(topics).toEqual(expect.arrayContaining(['quality', 'messaging limit', 'customer-service window', 'throughput', 'pair rate']));
    expect(res.practices.find((p: { topic: string }) => p.topic === 'messaging limit').rule).toContain('100000');
    expect(res.practices.find((p: { topic: string }) => p.topic === 'pair rate').metaErrorCode).toBe(131056);
  });
});
