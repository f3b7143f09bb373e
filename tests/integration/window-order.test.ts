import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, inboundTextValue, newWamid } from '../../local/standins/eum/envelope';
import { recordOutbound } from '../../shared/table/messages';
import { snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { getConversationView, getItem } from './helpers/table';

/** Issue 8.4: the customer-service window opens whatever the order in which the conversation's writes land. */

let ingest: Invoke;
beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});

const pk = (customer: string) => `CONV#${DEMO_PHONE.arn}#${customer}`;
const DAY = 24 * 3600_000;
const secondsAgo = (s: number) => new Date(Math.floor(Date.now() / 1000 - s) * 1000);

async function customerWrote(from: string, timestamp: Date | number, published = new Date()) {
  const wamid = newWamid();
  const value = inboundTextValue({ from, text: 'hello', wamid, timestamp: typeof timestamp === 'number' ? new Date(0) : timestamp });
  if (typeof timestamp === 'number') value.messages![0]!.timestamp = String(timestamp); // a raw, implausible value
  await ingest(snsEvent(snsRecord(JSON.stringify(buildEnvelope({ field: 'messages', value, timestamp: published })))));
  return wamid;
}

describe('customer-service window: order of arrival', () => {
  it('an inbound message older than an outbound send recorded meanwhile still opens the window', async () => {
    const wroteAt = secondsAgo(4);
    await recordOutbound({ eumMessageId: newWamid(), phone: { arn: DEMO_PHONE.arn }, customer: '15557300001', type: 'text', preview: 'out', payload: {} });

    const wamid = await customerWrote('15557300001', wroteAt);

    const conv = await getConversationView(pk('15557300001'));
    expect(conv).toMatchObject({
      lastInboundAt: wroteAt.toISOString(),
      lastInboundMessageId: wamid,
      windowExpiresAt: new Date(wroteAt.getTime() + DAY).toISOString(),
      lastMessage: 'out', // the newer outbound message stays the last one
      unreadCount: 1,
    });
  });

  it('a late, older inbound message counts as unread but never moves the window back', async () => {
    const newerAt = secondsAgo(10);
    const newer = await customerWrote('15557300002', newerAt);
    await customerWrote('15557300002', secondsAgo(60));

    const conv = await getConversationView(pk('15557300002'));
    expect(conv).toMatchObject({ lastInboundMessageId: newer, lastInboundAt: newerAt.toISOString(), unreadCount: 2 });
  });

  it('implausible Meta timestamps (year 5138, negative) take the event time instead', async () => {
    const published = secondsAgo(30);
    const future = await customerWrote('15557300003', 99_999_999_999, published);
    const negative = await customerWrote('15557300004', -5, published);

    expect(await getItem(`MSG#${future}`)).toMatchObject({ receivedAt: published.toISOString() });
    expect(await getItem(`MSG#${negative}`)).toMatchObject({ receivedAt: published.toISOString() });
    expect(await getConversationView(pk('15557300003'))).toMatchObject({ windowExpiresAt: new Date(published.getTime() + DAY).toISOString() });
  });
});
