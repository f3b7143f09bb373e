import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, newWamid, statusValue, type MetaStatusName } from '../../local/standins/eum/envelope';
import { recordOutbound } from '../../shared/table/messages';
import { forgetKnownAliases } from '../../shared/table/message-statuses';
import { snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { getItem } from './helpers/table';

/**
 * Issue 8.8: which message a status belongs to. The envelope's messageId names one send, so it is used only when
 * the value holds exactly one status; statuses that came without it and before anything knew their wamid wait on
 * the wamid's alias item (WAMID#<wamid>, no target yet, with a TTL) and are applied once the alias is written.
 */
let ingest: Invoke;
beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});

const customer = '15556660100';
async function send(): Promise<{ eumId: string; wamid: string }> {
  const eumId = randomUUID();
  await recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer, type: 'text', preview: 'p', payload: {} });
  return { eumId, wamid: newWamid(customer) };
}

/** One SNS record whose value holds these statuses (Meta may batch several), with the envelope's messageId if given. */
function statuses(list: { wamid: string; status: MetaStatusName }[], messageId?: string) {
  const values = list.map((s) => statusValue({ wamid: s.wamid, status: s.status, recipientId: customer }));
  const value = { ...values[0]!, statuses: values.flatMap((v) => v.statuses ?? []) };
  return ingest(snsEvent(snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value, ...(messageId ? { messageId } : {}) })))));
}

describe('statuses: which message they belong to', () => {
  it("a value with several statuses does not lend the envelope's messageId to the others", async () => {
    const a = await send();
    const b = await send();
    await statuses([{ wamid: a.wamid, status: 'sent' }], a.eumId);
    await statuses([{ wamid: b.wamid, status: 'sent' }], b.eumId);

    // EUM named A's send; B's status rides along in the same value.
    const res = await statuses([{ wamid: a.wamid, status: 'delivered' }, { wamid: b.wamid, status: 'read' }], a.eumId);

    expect(res.results[0]).toMatchObject({ ok: true, statuses: { applied: 2 } });
    expect(await getItem(`MSG#${a.eumId}`)).toMatchObject({ status: 'delivered', waMessageId: a.wamid });
    expect(await getItem(`MSG#${b.eumId}`)).toMatchObject({ status: 'read', waMessageId: b.wamid });
    expect(await getItem(`WAMID#${b.wamid}`)).toMatchObject({ targetPk: `MSG#${b.eumId}` });
  });

  it('statuses that came without EUM id before their wamid was known wait on its alias item, with a TTL, and apply with the alias', async () => {
    const m = await send();
    forgetKnownAliases();
    await statuses([{ wamid: m.wamid, status: 'read' }, { wamid: newWamid(customer), status: 'delivered' }]);
    const waiting = await getItem(`WAMID#${m.wamid}`);
    expect(waiting).toMatchObject({ itemType: 'PENDING_STATUS', waMessageId: m.wamid, status_read: { status: 'read' } });
    expect(waiting).not.toHaveProperty('targetPk');
    // Expires with DynamoDB's TTL about 7 days on, if no send ever claims it.
    const days = (Number(waiting!.ttl) * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    // The first status that names the send writes the alias: what waited under the wamid applies with it.
    const res = await statuses([{ wamid: m.wamid, status: 'sent' }], m.eumId);

    // What waited (read) is applied before the message gets its alias proof; sent then only records its time.
    expect(res.results[0]).toMatchObject({ ok: true, statuses: { stale: 1 } });
    expect(await getItem(`MSG#${m.eumId}`)).toMatchObject({ status: 'read', readAt: expect.any(String), sentAt: expect.any(String), waMessageId: m.wamid });
    // The waiting item became the alias: no statuses, no expiry left on it.
    expect(await getItem(`WAMID#${m.wamid}`)).toEqual({ pk: `WAMID#${m.wamid}`, itemType: 'MESSAGE_ALIAS', targetPk: `MSG#${m.eumId}` });
    expect(await getItem(`PENDING_STATUS#${m.wamid}`)).toBeUndefined();
  });

  it('a status parked under EUM id and another under the wamid both end on the message, in any order', async () => {
    for (const order of [0, 1]) {
      const m = await send();
      forgetKnownAliases();
      const named = () => statuses([{ wamid: m.wamid, status: 'delivered' }], m.eumId);
      const unnamed = () => statuses([{ wamid: m.wamid, status: 'read' }, { wamid: newWamid(customer), status: 'read' }]);
      if (order === 0) {
        await named();
        await unnamed();
      } else {
        await unnamed();
        await named();
      }
      expect(await getItem(`MSG#${m.eumId}`), `order ${order}`).toMatchObject({ status: 'read', deliveredAt: expect.any(String) });
      expect(await getItem(`WAMID#${m.wamid}`)).toEqual({ pk: `WAMID#${m.wamid}`, itemType: 'MESSAGE_ALIAS', targetPk: `MSG#${m.eumId}` });
      expect(await getItem(`PENDING_STATUS#${m.wamid}`)).toBeUndefined();
    }
  });
});
