import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import { envelopeBody, newWamid, statusValue } from '../../local/standins/eum/envelope';
import type { EumStandin } from '../../local/standins/eum/server';
import { groupDirectory } from '../../local/standins/graph/groups';
import type { GraphStandin } from '../../local/standins/graph/server';
import { dynamo } from '../../shared/table/client';
import { recordOutboundGroupMessage } from '../../shared/table/group-messages';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { startGraphForTest, storeDemoToken } from './helpers/graph';
import { getItem, itemsOfType } from './helpers/table';

/**
 * Delivery statuses of messages sent to a group. Meta reports them like a 1:1 message's, with the group as
 * recipient (`recipient_type: "group"`); delivered/read may come per participant (`recipient_participant_id`),
 * several in one webhook. They must reach the GROUP_MESSAGE item, never pile up as PENDING_STATUS items.
 */
let eum: EumStandin;
let graph: GraphStandin;
let groups: Invoke;
let ingest: Invoke;
let conversations: Invoke;
const run = (action: string, input: Record<string, unknown> = {}) => groups({ action, ...input }, lambdaContext);

let delivered = 0;
async function deliverGraphWebhooks() {
  const fresh = graph.published.slice(delivered);
  delivered = graph.published.length;
  for (const body of fresh) expect((await ingest(snsEvent(snsRecord(body))))?.batchItemFailures ?? []).toEqual([]);
}

let groupId: string;
beforeAll(async () => {
  ({ eum } = await startEumForTest());
  graph = await startGraphForTest();
  groups = (await import('../../functions/groups/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
  await storeDemoToken(DEMO_WABA.wabaId);
  expect(await run('create_group', { subject: 'Status club' })).toMatchObject({ statusCode: 200 });
  await deliverGraphWebhooks();
  groupId = (await run('get_groups')).groups.find((g: { subject: string }) => g.subject === 'Status club').groupId;
  // Meta knows who is in the group: the EUM stand-in takes the participants from the Graph stand-in.
  eum.useGroups(groupDirectory(graph.state));
});
afterAll(async () => {
  await eum.close();
  await graph.close();
});

type GroupStatus = { status: 'sent' | 'delivered' | 'read' | 'failed'; participant?: string; second: number };
const base = Date.UTC(2026, 0, 1, 12) / 1000;

/** One SNS record carrying these statuses of one group message, shaped as Meta sends them for groups. */
function groupStatusBody(wamid: string, statuses: GroupStatus[], eumMessageId?: string): string {
  const value = statusValue({ wamid, status: statuses[0]!.status, recipientId: '1' });
  value.statuses = statuses.map((s) => ({
    id: wamid,
    status: s.status,
    timestamp: String(base + s.second),
    recipient_id: groupId,
    recipient_type: 'group',
    ...(s.participant ? { recipient_participant_id: s.participant } : {}),
  })) as never;
  // EUM names its send only when the value holds one status; a batch of participants' statuses comes without it.
  return envelopeBody({ field: 'messages', value, ...(eumMessageId && statuses.length === 1 ? { messageId: eumMessageId } : {}) });
}

async function ingestBody(body: string) {
  expect((await ingest(snsEvent(snsRecord(body))))?.batchItemFailures ?? []).toEqual([]);
}

async function sendToGroup(text: string): Promise<string> {
  const sent = await run('send_group_message', { groupId, text });
  expect(sent).toMatchObject({ statusCode: 200, status: 'accepted' });
  return sent.messageId;
}

async function groupMessage(messageId: string) {
  const page = await run('get_group_messages', { groupId, limit: 50 });
  return page.messages.find((m: { messageId: string }) => m.messageId === messageId);
}

const pendingOf = async (ids: string[]) => (await itemsOfType('PENDING_STATUS')).filter((p) => ids.some((id) => String(p.pk).endsWith(id)));

describe('statuses of group messages', () => {
  it('sent, delivered and read apply to the group message, in any order, and nothing is left pending', async () => {
    const orders: GroupStatus['status'][][] = [
      ['sent', 'delivered', 'read'],
      ['read', 'sent', 'delivered'],
      ['delivered', 'read', 'sent'],
    ];
    for (const order of orders) {
      const messageId = await sendToGroup(`order ${order.join(',')}`);
      const wamid = newWamid();
      for (const status of order) await ingestBody(groupStatusBody(wamid, [{ status, second: { sent: 1, delivered: 2, read: 3, failed: 2 }[status] }], messageId));
      expect(await groupMessage(messageId), order.join(' → ')).toMatchObject({ status: 'read' });
      expect(await pendingOf([messageId, wamid])).toEqual([]);
      const stored = (await itemsOfType('GROUP_MESSAGE')).find((m) => m.messageId === messageId)!;
      expect(stored).toMatchObject({ status: 'read', waMessageId: wamid, sentAt: expect.any(String), deliveredAt: expect.any(String), readAt: expect.any(String) });
      expect(await getItem(`WAMID#${wamid}`)).toMatchObject({ targetPk: stored.pk });
    }
    // get_message answers with the group message by the id the send returned, as for a 1:1 send.
    const last = (await itemsOfType('GROUP_MESSAGE')).find((m) => m.waMessageId)!;
    const got = await conversations({ action: 'get_message', messageId: last.messageId }, lambdaContext);
    expect(got).toMatchObject({ statusCode: 200, message: { itemType: 'GROUP_MESSAGE', groupId, status: 'read' } });
    // delete_message removes the group message with its pointer and its wamid alias.
    const messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
    expect(await messaging({ action: 'delete_message', messageId: last.messageId }, lambdaContext)).toMatchObject({ statusCode: 200, deleted: true });
    expect(await getItem(String(last.pk))).toBeUndefined();
    expect(await getItem(`MSG#${String(last.messageId)}`)).toBeUndefined();
    expect(await getItem(`WAMID#${String(last.waMessageId)}`)).toBeUndefined();
  });

  it('per-participant statuses without EUM id (several in one webhook) apply and are counted once per participant', async () => {
    const messageId = await sendToGroup('Ride at 9');
    const wamid = newWamid();
    await ingestBody(groupStatusBody(wamid, [{ status: 'sent', second: 1 }], messageId));
    const batch = groupStatusBody(wamid, [
      { status: 'delivered', participant: '15551230001', second: 2 },
      { status: 'delivered', participant: '15551230002', second: 2 },
      { status: 'read', participant: '15551230001', second: 3 },
    ]);
    await ingestBody(batch);
    await ingestBody(batch); // SNS redelivers: counts stay
    expect(await groupMessage(messageId)).toMatchObject({ status: 'read', deliveredCount: 2, readCount: 1 });
    expect(await pendingOf([messageId, wamid])).toEqual([]);
  });

  it('a status that arrives before the send is stored applies when the send lands', async () => {
    // EUM answers the send before the action stores it, so a webhook can overtake the store: replay that order with
    // the store the action uses (send_group_message → recordOutboundGroupMessage).
    const messageId = randomUUID();
    const wamid = newWamid();
    await ingestBody(groupStatusBody(wamid, [{ status: 'delivered', second: 2 }], messageId));
    expect(await pendingOf([messageId])).toHaveLength(1);
    const owner = { wabaId: DEMO_WABA.wabaId, metaPhoneNumberId: DEMO_PHONE.metaPhoneNumberId, phoneNumberId: DEMO_PHONE.phoneNumberId, phoneArn: DEMO_PHONE.arn };
    const now = new Date().toISOString();
    await recordOutboundGroupMessage({ groupId, messageId, direction: 'OUTBOUND', receivedAt: now, from: '1', type: 'text', preview: 'early bird', text: 'early bird', payload: {}, owner });
    expect(await groupMessage(messageId)).toMatchObject({ status: 'delivered' });
    expect(await pendingOf([messageId, wamid])).toEqual([]);
    // A later sent (lower) changes nothing but its history; a read moves it on.
    await ingestBody(groupStatusBody(wamid, [{ status: 'sent', second: 1 }], messageId));
    await ingestBody(groupStatusBody(wamid, [{ status: 'read', participant: '15551230003', second: 3 }], messageId));
    expect(await groupMessage(messageId)).toMatchObject({ status: 'read', readCount: 1 });
  });

  it('a group status costs one request more than a 1:1 one (following the pointer), never the pending path', async () => {
    const messageId = await sendToGroup('counted');
    const wamid = newWamid();
    const requests: string[] = [];
    const name = 'groupStatusCounter';
    dynamo().middlewareStack.add((next, context) => async (args) => (requests.push(context.commandName ?? '?'), next(args)), { step: 'initialize', name });
    try {
      await ingestBody(groupStatusBody(wamid, [{ status: 'sent', second: 1 }], messageId));
      expect(requests).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
      requests.length = 0;
      await ingestBody(groupStatusBody(wamid, [{ status: 'delivered', second: 2 }], messageId));
      expect(requests).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
      requests.length = 0;
      // Without EUM's id the wamid's alias (known to this process) leads straight to the group message; the
      // participant's count reads the alias and adds the participant. The second read is a repeat for the message
      // (as a repeated 1:1 status: the forward write fails, its history is written).
      await ingestBody(groupStatusBody(wamid, [{ status: 'read', participant: '15551230004', second: 3 }, { status: 'read', participant: '15551230005', second: 3 }]));
      const participantStatus = ['GetItemCommand', 'UpdateItemCommand'];
      expect(requests).toEqual(['UpdateItemCommand', ...participantStatus, 'UpdateItemCommand', 'UpdateItemCommand', ...participantStatus]);
    } finally {
      dynamo().middlewareStack.remove(name);
    }
    expect(await groupMessage(messageId)).toMatchObject({ status: 'read', deliveredCount: 2, readCount: 2 });
  });

  it('end to end: a group message sent on the stand-in ends read from its own webhooks, per participant', async () => {
    const members = ['15551239001', '15551239002'];
    for (const waId of members) {
      const joined = await fetch(`${graph.url}/_standin/groups/${groupId}/join`, { method: 'POST', body: JSON.stringify({ waId }), headers: { 'content-type': 'application/json' } });
      expect(joined.status).toBe(200);
    }
    await deliverGraphWebhooks();
    // Nobody in this group wrote in the last 24 hours: groups have no customer-service window, so it is delivered.
    const messageId = await sendToGroup('End to end');
    await eum.idle();
    const published = eum.published.filter((p) => p.messageId === messageId);
    expect(published.map((p) => p.status)).toEqual(['sent', 'delivered', 'read']);
    const statuses = published.map((p) => (JSON.parse(JSON.parse(p.body).whatsAppWebhookEntry).changes[0].value.statuses as Array<Record<string, unknown>>));
    expect(statuses[0]).toEqual([expect.objectContaining({ status: 'sent', recipient_id: groupId, recipient_type: 'group' })]);
    for (const batch of statuses.slice(1)) {
      expect(batch.map((s) => s.recipient_participant_id).sort()).toEqual(members);
      for (const s of batch) expect(s).toMatchObject({ recipient_id: groupId, recipient_type: 'group' });
    }
    for (const p of published) await ingestBody(p.body);
    expect(await groupMessage(messageId)).toMatchObject({ status: 'read', deliveredCount: 2, readCount: 2 });
    const stored = (await itemsOfType('GROUP_MESSAGE')).find((m) => m.messageId === messageId)!;
    expect(await pendingOf([messageId, String(stored.waMessageId)])).toEqual([]);
  });

  it('a group nobody has joined gets one failed status (131020) naming the group', async () => {
    expect(await run('create_group', { subject: 'Empty room' })).toMatchObject({ statusCode: 200 });
    await deliverGraphWebhooks();
    const empty = (await run('get_groups')).groups.find((g: { subject: string }) => g.subject === 'Empty room').groupId;
    const sent = await run('send_group_message', { groupId: empty, text: 'anyone?' });
    expect(sent).toMatchObject({ statusCode: 200, status: 'accepted' });
    await eum.idle();
    const published = eum.published.filter((p) => p.messageId === sent.messageId);
    expect(published.map((p) => p.status)).toEqual(['failed']);
    const [status] = JSON.parse(JSON.parse(published[0]!.body).whatsAppWebhookEntry).changes[0].value.statuses;
    expect(status).toMatchObject({ recipient_id: empty, recipient_type: 'group', errors: [expect.objectContaining({ code: 131020 })] });
  });
});
