import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, newWamid, statusValue, type MetaStatusName } from '../../local/standins/eum/envelope';
import { recordOutbound } from '../../shared/table/messages';
import { snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { getItem } from './helpers/table';

let ingest: Invoke;
beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const base = Date.UTC(2026, 0, 1, 12) / 1000;
const errors = [{ code: 131026, title: 'Message undeliverable' }];

/** Sends one message, then ingests its statuses in the given order; returns the message item without its ids. */
async function finalState(order: MetaStatusName[], opts: { duplicate?: boolean } = {}) {
  const eumId = randomUUID();
  const wamid = newWamid();
  await recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer: '15558880000', type: 'text', preview: 'p', payload: {} });
  const seconds: Record<string, number> = { sent: 1, failed: 2, delivered: 3, read: 4, played: 5 };
  const records = order.map((status) =>
    snsRecord(
      JSON.stringify(
        buildEnvelope({
          field: 'messages',
          messageId: eumId,
          value: statusValue({
            wamid,
            status,
            recipientId: '15558880000',
            timestamp: new Date((base + seconds[status]!) * 1000),
            ...(status === 'failed' ? { errors } : {}),
          }),
        }),
      ),
    ),
  );
  for (const r of records) await ingest(snsEvent(r));
  if (opts.duplicate) for (const r of [...records].reverse()) await ingest(snsEvent(r));
  const item = await getItem(`MSG#${eumId}`);
  const { pk: _pk, messageId: _m, eumMessageId: _e, createdAt: _c, receivedAt: _r, acceptedAt: _a, conversationPk: _cp, waMessageId, ...rest } = item!;
  expect(waMessageId).toBe(wamid);
  expect(await getItem(`WAMID#${wamid}`)).toMatchObject({ targetPk: `MSG#${eumId}` });
  return rest;
}

describe('status order', () => {
  it('every permutation of sent, delivered, read, played ends at the same state', async () => {
    const all = permutations<MetaStatusName>(['sent', 'delivered', 'read', 'played']);
    expect(all).toHaveLength(24);
    const reference = await finalState(['sent', 'delivered', 'read', 'played']);
    expect(reference).toMatchObject({ status: 'played', sentAt: expect.any(String), deliveredAt: expect.any(String), readAt: expect.any(String), playedAt: expect.any(String) });
    for (const order of all) expect(await finalState(order), order.join(' → ')).toEqual(reference);
  });

  it('with a failure among them, delivery proves success, and every order and any redelivery agree', async () => {
    const reference = await finalState(['sent', 'failed', 'delivered']);
    expect(reference).toMatchObject({ status: 'delivered', errors: [expect.objectContaining({ code: 131026 })] });
    for (const order of permutations<MetaStatusName>(['sent', 'failed', 'delivered'])) {
      expect(await finalState(order, { duplicate: true }), order.join(' → ')).toEqual(reference);
    }
    const failedOnly = await finalState(['failed', 'sent']);
    expect(failedOnly).toMatchObject({ status: 'failed' });
  });
});
