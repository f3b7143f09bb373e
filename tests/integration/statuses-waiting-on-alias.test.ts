import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, newWamid, statusValue, type MetaStatusName } from '../../local/standins/eum/envelope';
import { dynamo } from '../../shared/table/client';
import { adoptLegacyWaitingStatuses } from '../../shared/table/legacy-waiting-statuses';
import { forgetKnownAliases } from '../../shared/table/message-statuses';
import { recordOutbound } from '../../shared/table/messages';
import { snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { allItems, getItem } from './helpers/table';

/**
 * Statuses that come without EUM's id (Meta batched several in one value) before anything wrote their wamid's alias
 * wait on the alias item itself (`WAMID#<wamid>` without `targetPk`); the first status that names the send puts the
 * alias only where the wamid has no item, so it finds them and applies them. Every order, interleaving and the send's
 * store racing them end at the same message, with a bare alias and nothing left waiting.
 */
let ingest: Invoke;
beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});

const customer = '15556660200';
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second));
const STATUSES: MetaStatusName[] = ['sent', 'delivered', 'read'];
const second = (s: MetaStatusName) => STATUSES.indexOf(s) + 1;

/** A status on its own (EUM names the send) or beside another send's in one value (no EUM id). */
function status(m: { eumId: string; wamid: string }, name: MetaStatusName, named: boolean) {
  const own = statusValue({ wamid: m.wamid, status: name, recipientId: customer, timestamp: at(second(name)) });
  const other = statusValue({ wamid: newWamid(customer), status: 'delivered', recipientId: customer });
  const value = named ? own : { ...own, statuses: [...(own.statuses ?? []), ...(other.statuses ?? [])] };
  return ingest(snsEvent(snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value, ...(named ? { messageId: m.eumId } : {}) })))));
}

const store = (eumId: string) => recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer, type: 'text', preview: 'p', payload: {} });

async function expectSettled(m: { eumId: string; wamid: string }, what: string) {
  expect(await getItem(`MSG#${m.eumId}`), what).toMatchObject({
    status: 'read',
    waMessageId: m.wamid,
    sentAt: at(1).toISOString(),
    deliveredAt: at(2).toISOString(),
    readAt: at(3).toISOString(),
  });
  expect(await getItem(`WAMID#${m.wamid}`), what).toEqual({ pk: `WAMID#${m.wamid}`, itemType: 'MESSAGE_ALIAS', targetPk: `MSG#${m.eumId}` });
  expect(await getItem(`PENDING_STATUS#${m.eumId}`), what).toBeUndefined();
  expect(await getItem(`PENDING_STATUS#${m.wamid}`), what).toBeUndefined();
}

const permutations = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

describe('statuses waiting on their alias', () => {
  it('every order of the store, a named sent and unnamed delivered and read ends at the same message', async () => {
    type Step = 'store' | MetaStatusName;
    for (const order of permutations<Step>(['store', 'sent', 'delivered', 'read'])) {
      const m = { eumId: randomUUID(), wamid: newWamid(customer) };
      for (const step of order) {
        // Each unnamed status is handled by a Lambda instance that never saw the alias.
        forgetKnownAliases();
        if (step === 'store') await store(m.eumId);
        else await status(m, step, step === 'sent');
      }
      await expectSettled(m, order.join(' → '));
    }
  }, 120_000);

  it('a waiting item is one conditional write: a status that finds the alias made meanwhile applies itself', async () => {
    const m = { eumId: randomUUID(), wamid: newWamid(customer) };
    await store(m.eumId);
    forgetKnownAliases();
    await status(m, 'delivered', false);
    expect(await getItem(`WAMID#${m.wamid}`)).toMatchObject({ itemType: 'PENDING_STATUS', status_delivered: { status: 'delivered' } });
    await status(m, 'sent', true);
    forgetKnownAliases();
    await status(m, 'read', false);
    await expectSettled(m, 'delivered waits, sent adopts it, read finds the alias');
  });

  it('under concurrency (stores, named and unnamed statuses, some twice, instances forgetting aliases), every message settles', async () => {
    for (let round = 0; round < 2; round++) {
      const sends = Array.from({ length: 12 }, () => ({ eumId: randomUUID(), wamid: newWamid(customer) }));
      const unnamed = (m: (typeof sends)[0], s: MetaStatusName) => () => {
        forgetKnownAliases(); // another Lambda instance
        return status(m, s, false);
      };
      const work = sends.flatMap((m) => [
        () => store(m.eumId),
        ...STATUSES.flatMap((s) => [() => status(m, s, s === 'sent'), s === 'read' ? unnamed(m, s) : () => status(m, s, true), unnamed(m, s)]),
      ]);
      // Spread over a few tens of milliseconds, so some statuses wait and some find what landed before them.
      await Promise.all(work.map((w) => new Promise((r) => setTimeout(r, Math.random() * 60)).then(w)));
      for (const m of sends) await expectSettled(m, `round ${round} ${m.eumId}`);
    }
  }, 120_000);

  it('statuses an older version kept under PENDING_STATUS#<wamid> are moved by adoptLegacyWaitingStatuses, before or after the alias', async () => {
    const legacy = async (m: { wamid: string }, name: MetaStatusName) => {
      const now = new Date().toISOString();
      const event = { wamid: m.wamid, status: name, at: at(second(name)).toISOString(), recipientId: customer };
      await dynamo().send(
        new PutCommand({
          TableName: process.env.TABLE_NAME,
          Item: { pk: `PENDING_STATUS#${m.wamid}`, itemType: 'PENDING_STATUS', createdAt: now, waMessageId: m.wamid, ttl: Math.floor(Date.now() / 1000) + 86_400, [`status_${name}`]: event },
        }),
      );
    };
    const before = { eumId: randomUUID(), wamid: newWamid(customer) };
    const after = { eumId: randomUUID(), wamid: newWamid(customer) };
    for (const m of [before, after]) {
      await store(m.eumId);
      await legacy(m, 'read');
    }
    await status(before, 'sent', true); // the alias exists before the move (this version no longer checks the old item)
    expect(await getItem(`MSG#${before.eumId}`)).toMatchObject({ status: 'sent' });
    expect(await adoptLegacyWaitingStatuses()).toBe(2);
    forgetKnownAliases();
    expect(await getItem(`WAMID#${after.wamid}`)).toMatchObject({ status_read: { status: 'read' } }); // now waits on the alias
    await status(after, 'sent', true);
    for (const m of [before, after]) await status(m, 'delivered', true);
    for (const m of [before, after]) await expectSettled(m, m === before ? 'alias before the move' : 'alias after the move');
    expect(await adoptLegacyWaitingStatuses()).toBe(0);
    const left = (await allItems()).filter((i) => String(i.pk).startsWith('PENDING_STATUS#wamid.'));
    expect(left).toEqual([]);
  });
});
