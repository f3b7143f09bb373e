import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { customerWrites, hoursAgo } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { getConversationView, getItem } from './helpers/table';

/** resend_message and delete_message against the EUM stand-in and DynamoDB Local. */

let eum: EumStandin;
let published: string[];
let messaging: Invoke;
let ingest: Invoke;
const TO = '+15557770101';

beforeAll(async () => {
  ({ eum, published } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  await customerWrites(TO, { text: 'hi' });
});
afterAll(() => eum.close());
beforeEach(() => {
  eum.reset();
  published.length = 0;
});

const call = (action: string, body: Record<string, unknown>) => messaging({ action, ...body }, lambdaContext);

/** Lets the stand-in's sent/delivered/read statuses for our sends reach ingest. */
async function deliverStatuses() {
  await eum.idle();
  for (const body of published.splice(0)) await ingest(snsEvent(snsRecord(body)), lambdaContext);
}

describe('resend_message', () => {
  it('sends a stored message again as a new one, found by its wamid, and links the two', async () => {
    const first = await call('send_text', { to: TO, text: 'Your code is 1234' });
    await deliverStatuses();
    const wamid = (await getItem(`MSG#${first.messageId}`))!.waMessageId as string;
    expect(wamid).toMatch(/^wamid\./);

    const again = await call('resend_message', { messageId: wamid });
    expect(again).toMatchObject({ statusCode: 200, operation: 'resend_message', resentFrom: first.messageId, type: 'text', originalStatus: 'read' });
    expect(again.messageId).not.toBe(first.messageId);
    expect(eum.sends.at(-1)!.message).toEqual(eum.sends[0]!.message);
    expect(await getItem(`MSG#${again.messageId}`)).toMatchObject({ direction: 'OUTBOUND', resentFrom: first.messageId, preview: 'Your code is 1234' });
  });

  it("refuses a customer's message, an unknown id, and a free-form resend outside the window", async () => {
    const inbound = await customerWrites('+15557770102', { text: 'mine' });
    const theirs = await call('resend_message', { messageId: inbound });
    expect(theirs).toMatchObject({ statusCode: 400, fields: [{ field: 'messageId' }] });
    expect(theirs.fields[0].reason).toContain('only our outbound messages');
    expect((await call('resend_message', { messageId: 'wamid.unknown' })).statusCode).toBe(404);
    expect((await call('resend_message', {})).fields[0].field).toBe('messageId');

    // The window was open for the first send; the customer's last message is now 30 hours old.
    const late = '+15557770103';
    await customerWrites(late, { text: 'hello' });
    const sent = await call('send_text', { to: late, text: 'hello back' });
    await customerWrites(late, { text: 'old', at: hoursAgo(30) }); // does not reopen anything
    const { updateConversation } = await import('../../shared/table/conversations');
    await updateConversation(sent.conversationId, { set: { windowExpiresAt: hoursAgo(6).toISOString() } });
    const refused = await call('resend_message', { messageId: sent.messageId });
    expect(refused).toMatchObject({ statusCode: 409, reason: 'customer_service_window_closed' });
    expect(eum.sends).toHaveLength(1);
  });
});

describe('delete_message', () => {
  it('deletes our copy of an outbound message and its wamid alias, and says WhatsApp keeps it', async () => {
    const sent = await call('send_text', { to: TO, text: 'to be forgotten' });
    await deliverStatuses();
    const wamid = (await getItem(`MSG#${sent.messageId}`))!.waMessageId as string;
    expect(await getItem(`WAMID#${wamid}`)).toBeDefined();

    const res = await call('delete_message', { wamid });
    expect(res).toMatchObject({ statusCode: 200, deleted: true, deletedAtWhatsApp: false, direction: 'OUTBOUND', messageId: sent.messageId });
    expect(res.note).toContain('no API to delete');
    expect(await getItem(`MSG#${sent.messageId}`)).toBeUndefined();
    expect(await getItem(`WAMID#${wamid}`)).toBeUndefined();
    expect((await call('delete_message', { messageId: sent.messageId })).statusCode).toBe(404);
  });

  it("takes an unread inbound message out of its conversation's unread count", async () => {
    const customer = '+15557770104';
    const a = await customerWrites(customer, { text: 'one' });
    await customerWrites(customer, { text: 'two' });
    const conversationId = (await getItem(`MSG#${a}`))!.conversationPk as string;
    expect((await getConversationView(conversationId))!.unreadCount).toBe(2);

    const res = await call('delete_message', { messageId: a });
    expect(res).toMatchObject({ statusCode: 200, direction: 'INBOUND', unreadCleared: true, conversationId });
    expect((await getConversationView(conversationId))!.unreadCount).toBe(1);
    expect((await call('delete_message', { messageId: '' })).statusCode).toBe(400);
  });
});
