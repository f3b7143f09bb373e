import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { recordCallEvent } from '../../shared/table/calls';
import { EVENT_LIMITS } from '../../shared/table/event-merge';
import { itemBytes } from '../../shared/table/item-limits';
import { recordQualityEvent, type QualityEvent } from '../../shared/table/quality';
import { recordTemplateEvent, type TemplateEvent } from '../../shared/table/templates';
import { getItem } from './helpers/table';

/**
 * Issue 8.7: items built from webhook events (QUALITY, TEMPLATE_DEFINITION, CALL) live for years; their `history`
 * and event ids stay bounded while every event still counts exactly once within the dedupe horizon. Real writes on
 * DynamoDB Local, many events at a time on one item.
 */
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** Works through `n` jobs with `concurrency` in flight (events on one item race each other, as Lambda instances do). */
async function pool(n: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<unknown[]> {
  const out: unknown[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

/** Well under DynamoDB's 400 KB: history budget + one entry + two generations of ids + the state. */
const BOUND_BYTES = 100 * 1024;
const phone = { phoneNumberId: 'phone-number-id-bounds', arn: 'arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/bounds' };
const qualityEvent = (i: number): QualityEvent => ({
  phone,
  wabaId: 'waba-bounds',
  eventId: `q-${String(i).padStart(6, '0')}`,
  at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  field: 'phone_number_quality_update',
  summary: `limit TIER_${i}`,
  value: { event: 'UPGRADE', current_limit: `TIER_${i}`, display_phone_number: '15550001111', note: 'x'.repeat(120) },
  event: 'UPGRADE',
  currentLimit: `TIER_${i}`,
});

/** Moves an item's current id generation back in time, as if its first id had been recorded `days` ago. */
const ageGeneration = (pk: string, days: number) =>
  doc.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk },
      UpdateExpression: 'SET eventIdsSince = :t',
      ExpressionAttributeValues: { ':t': new Date(Date.now() - days * 86_400_000).toISOString() },
    }),
  );

describe('event-built items stay bounded, and still count each event once', () => {
  it('a QUALITY item after 2,200 events (8 at a time) stays under 100 KB; every event counted once; redeliveries ignored', async () => {
    const n = 2200;
    const pk = `QUALITY#${phone.phoneNumberId}`;

    const outcomes = await pool(n, 8, (i) => recordQualityEvent(qualityEvent(i)));

    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(0);
    const item = (await getItem(pk))!;
    expect(itemBytes(item)).toBeLessThan(BOUND_BYTES);
    const history = item.history as { eventId: string }[];
    // Each event landed once: what is kept plus what was cut is every event, and the newest are kept.
    expect(history.length + Number(item.historyDropped)).toBe(n);
    expect(new Set(history.map((h) => h.eventId)).size).toBe(history.length);
    expect(item.eventSeq).toBe(n);
    expect(Number(item.historyBytes)).toBeLessThan(EVENT_LIMITS.historyBudgetBytes);
    // The state moved forward to the newest event whatever the interleaving.
    expect(item).toMatchObject({ currentLimit: `TIER_${n - 1}`, updatedAt: qualityEvent(n - 1).at });
    const idsKept = (item.eventIds as Set<string>).size + (item.eventIdsPrev as Set<string>).size;
    expect(idsKept).toBeGreaterThanOrEqual(EVENT_LIMITS.idsPerGeneration);
    expect(idsKept).toBeLessThanOrEqual(2 * EVENT_LIMITS.idsPerGeneration);

    // Redeliver the newest ids (the horizon by count), concurrently: all duplicates, nothing changes.
    const again = await pool(EVENT_LIMITS.idsPerGeneration, 8, (i) => recordQualityEvent(qualityEvent(n - 1 - i)));

    expect(again.every((o) => o === 'duplicate')).toBe(true);
    expect(await getItem(pk)).toEqual(item);
  }, 240_000);

  it('ids are kept for the dedupe horizon in time: one generation over 15 days old moves aside, the one before goes', async () => {
    const p = { ...phone, phoneNumberId: 'phone-number-id-horizon' };
    const pk = `QUALITY#${p.phoneNumberId}`;
    const ev = (i: number) => ({ ...qualityEvent(i), phone: p, eventId: `h-${i}` });
    await recordQualityEvent(ev(1));
    await recordQualityEvent(ev(2));

    // 16 days on, a new event turns the generation over: the old ids are still recognised.
    await ageGeneration(pk, 16);
    expect(await recordQualityEvent(ev(3))).toBe('applied');
    expect(await getItem(pk)).toMatchObject({ eventIdsPrev: new Set(['h-1', 'h-2']), eventIds: new Set(['h-3']) });
    expect(await recordQualityEvent(ev(1))).toBe('duplicate');

    // Another 16 days: ev(1) and ev(2) are now past the horizon (over 15 days since their generation closed).
    await ageGeneration(pk, 16);
    expect(await recordQualityEvent(ev(4))).toBe('applied');
    expect(await getItem(pk)).toMatchObject({ eventIdsPrev: new Set(['h-3']), eventIds: new Set(['h-4']) });
    expect(await recordQualityEvent(ev(3))).toBe('duplicate');
    expect((await getItem(pk))!.eventSeq).toBe(4);
  }, 240_000);

  it('a TEMPLATE item with large events keeps its newest history within bounds, large values summarised', async () => {
    const pk = 'TEMPLATE#waba-bounds#big_components#en_US';
    const event = (i: number): TemplateEvent => ({
      wabaMetaId: 'waba-bounds',
      name: 'big_components',
      language: 'en_US',
      eventId: `t-${i}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      field: 'message_template_components_update',
      summary: `components ${i}`,
      value: { body: 'b'.repeat(i % 5 === 0 ? 20_000 : 3_000) },
      change: { kind: 'components', components: { body: `version ${i}` } },
    });

    await pool(400, 4, (i) => recordTemplateEvent(event(i)));
    const dup = await recordTemplateEvent(event(399));

    expect(dup).toBe('duplicate');
    const item = (await getItem(pk))!;
    expect(itemBytes(item)).toBeLessThan(BOUND_BYTES);
    expect(item).toMatchObject({ components: { body: 'version 399' }, eventSeq: 400 });
    const history = item.history as { eventId: string; value: Record<string, unknown> }[];
    expect(history.length + Number(item.historyDropped)).toBe(400);
    expect(history.some((h) => h.value.omitted)).toBe(true);
    expect(history.find((h) => h.eventId === 't-399')).toBeDefined();
  }, 240_000);

  it('a CALL item with 1,500 events stays bounded and its status still only moves forward', async () => {
    const owner = { wabaId: 'waba-bounds' };
    const event = (i: number) => ({
      callId: 'call-bounds',
      owner,
      eventId: `c-${i}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      value: { id: 'call-bounds', event: 'connect', seq: i, note: 'y'.repeat(200) },
      event: 'connect',
      ...(i === 900 ? { terminate: { status: 'COMPLETED', durationSeconds: 42 } } : {}),
    });

    await pool(1500, 8, (i) => recordCallEvent(event(i)));

    const item = (await getItem('CALL#call-bounds'))!;
    expect(itemBytes(item)).toBeLessThan(BOUND_BYTES);
    expect(item).toMatchObject({ status: 'COMPLETED', durationSeconds: 42, eventSeq: 1500 });
    expect((item.history as unknown[]).length + Number(item.historyDropped)).toBe(1500);
    expect(await recordCallEvent(event(1499))).toBe('duplicate');
  }, 240_000);
});
