import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, newWamid, statusValue, type MetaStatusName } from '../../local/standins/eum/envelope';
import { recordOutbound } from '../../shared/table/messages';
import { snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { getItem, itemsOfType } from './helpers/table';

let ingest: Invoke;
beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});

const statusRecord = (eumId: string | undefined, wamid: string, status: MetaStatusName, second: number) =>
  snsRecord(
    JSON.stringify(
      buildEnvelope({
        field: 'messages',
        ...(eumId ? { messageId: eumId } : {}),
        value: statusValue({ wamid, status, recipientId: '15557600000', timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, second)) }),
      }),
    ),
  );

/** Random order, so every round interleaves the store and the statuses differently. */
const shuffled = <T>(xs: T[]): T[] => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

/**
 * Many sends; each message's store and its sent, delivered and read (each published twice) all start at once.
 * The field report: 2 of 357 ended `delivered` with readAt set.
 */
async function round(messages: number) {
  const sends = Array.from({ length: messages }, () => ({ eumId: randomUUID(), wamid: newWamid() }));
  const work = sends.flatMap(({ eumId, wamid }) => [
    () => recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer: '15557600000', type: 'text', preview: 'p', payload: {} }),
    ...(['sent', 'delivered', 'read'] as const).flatMap((status, i) => [
      () => ingest(snsEvent(statusRecord(eumId, wamid, status, i + 1))),
      () => ingest(snsEvent(statusRecord(eumId, wamid, status, i + 1))),
    ]),
  ]);
  await Promise.all(shuffled(work).map((w) => w()));
  return sends;
}

describe('statuses under concurrency', () => {
  it('every message ends at its highest status, with its alias, whatever the interleaving (repeated)', async () => {
    for (let r = 0; r < 3; r++) {
      const sends = await round(20);
      for (const { eumId, wamid } of sends) {
        const item = await getItem(`MSG#${eumId}`);
        expect(item, `round ${r} ${eumId}`).toMatchObject({ status: 'read', statusRank: 30, waMessageId: wamid, sentAt: expect.any(String), deliveredAt: expect.any(String), readAt: expect.any(String) });
        expect(await getItem(`WAMID#${wamid}`)).toMatchObject({ targetPk: `MSG#${eumId}` });
      }
      const waiting = (await itemsOfType('PENDING_STATUS')).filter((p) => sends.some((s) => p.pk === `PENDING_STATUS#${s.eumId}`));
      expect(waiting.filter((p) => Object.keys(p).some((k) => k.startsWith('status_'))), `round ${r}`).toEqual([]);
    }
  }, 120_000);
});
