import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_WABA } from '../../local/standins/eum/demo-account';
import { envelopeBody } from '../../local/standins/eum/envelope';
import { inboundAnyValue } from '../../local/standins/eum/webhook-values';
import type { EumStandin } from '../../local/standins/eum/server';
import type { GraphStandin } from '../../local/standins/graph/server';
import { getGroupItem, getParticipantItem } from '../../shared/table/groups';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { startGraphForTest, storeDemoToken } from './helpers/graph';
import { putObject } from './helpers/s3';

let eum: EumStandin;
let graph: GraphStandin;
let groups: Invoke;
let ingest: Invoke;
const run = (action: string, input: Record<string, unknown> = {}) => groups({ action, ...input }, lambdaContext);

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  graph = await startGraphForTest();
  groups = (await import('../../functions/groups/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(async () => {
  await eum.close();
  await graph.close();
});
beforeEach(() => {
  graph.state.faults = [];
});

/** Delivers to ingest every webhook the Graph stand-in published since the last call, as SNS would. */
let delivered = 0;
async function deliverWebhooks() {
  const fresh = graph.published.slice(delivered);
  delivered = graph.published.length;
  for (const body of fresh) {
    const res = await ingest(snsEvent(snsRecord(body)));
    expect(res?.batchItemFailures ?? []).toEqual([]);
  }
  return fresh.length;
}
const control = async (path: string, body: Record<string, unknown>) => {
  const res = await fetch(`${graph.url}/_standin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

async function createdGroup(input: Record<string, unknown>): Promise<string> {
  const res = await run('create_group', input);
  expect(res).toMatchObject({ statusCode: 200, status: 'CREATING' });
  expect(await deliverWebhooks()).toBe(1);
  const listed = await run('get_groups');
  const g = listed.groups.find((x: { subject: string }) => x.subject === input.subject);
  expect(g).toBeDefined();
  return g.groupId;
}

describe('groups without a Graph token', () => {
  it('create_group answers a clear 404 naming the secret to create', async () => {
    const res = await run('create_group', { subject: 'Nope' });
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain('set_graph_token');
  });
});

describe('groups through Graph', () => {
  let groupId: string;
  beforeAll(async () => {
    await storeDemoToken(DEMO_WABA.wabaId);
  });

  it('create_group is completed by the group_create webhook: get_groups then shows it with its invite link', async () => {
    const res = await run('create_group', { subject: 'Bike club', description: 'Rides on Sundays' });
    expect(res.requestId).toBeTruthy();
    const before = await run('get_groups');
    expect(before.pendingRequests).toEqual([expect.objectContaining({ requestId: res.requestId, status: 'CREATING' })]);
    await deliverWebhooks();
    const after = await run('get_groups');
    expect(after.pendingRequests).toEqual([]);
    expect(after.groups).toEqual([expect.objectContaining({ subject: 'Bike club', status: 'ACTIVE', inviteLink: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\//) })]);
    groupId = after.groups[0].groupId;
    const item = await getGroupItem(groupId);
    expect(item).toMatchObject({ itemType: 'GROUP', subject: 'Bike club', description: 'Rides on Sundays', requestId: res.requestId, joinApprovalMode: 'auto_approve' });
  });

  it('a customer joins through the invite link; get_group_info lists them and ingest records the participant', async () => {
    const joined = await control(`groups/${groupId}/join`, { waId: '15551234567' });
    expect(joined.body).toMatchObject({ joined: true });
    await deliverWebhooks();
    const info = await run('get_group_info', { groupId });
    expect(info).toMatchObject({ statusCode: 200, subject: 'Bike club', participants: ['15551234567'], participantCount: 1, status: 'ACTIVE' });
    expect(await getParticipantItem(groupId, '15551234567')).toMatchObject({ status: 'JOINED' });
  });

  it("sends to the group through EUM with Meta's group recipient type, and shows the customer's reply", async () => {
    const sent = await run('send_group_message', { groupId, text: 'Ride at 9 tomorrow' });
    expect(sent).toMatchObject({ statusCode: 200, status: 'accepted' });
    const send = eum.sends.find((s) => s.messageId === sent.messageId)!;
    expect(send.message).toMatchObject({ recipient_type: 'group', to: groupId, type: 'text', text: { body: 'Ride at 9 tomorrow' } });
    const value = inboundAnyValue({ from: '15551234567', name: 'Ana', type: 'text', body: { body: "I'll be there" }, extra: { group_id: groupId }, timestamp: new Date(Date.now() + 2000) });
    const body = envelopeBody({ field: 'messages', value });
    await ingest(snsEvent(snsRecord(body)));
    await ingest(snsEvent(snsRecord(body))); // redelivered: stored once
    const page = await run('get_group_messages', { groupId });
    expect(page.messages.map((m: { direction: string; text: string }) => [m.direction, m.text])).toEqual([
      ['INBOUND', "I'll be there"],
      ['OUTBOUND', 'Ride at 9 tomorrow'],
    ]);
    expect(page.messages[0]).toMatchObject({ from: '15551234567', contactName: 'Ana' });
  });

  it('updates subject and photo; the settings webhook agrees', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 1)]);
    await putObject('uploads/g/photo.jpg', jpeg, 'image/jpeg');
    const res = await run('update_group', { groupId, subject: 'Bike club (Sundays)', photoS3Key: 'uploads/g/photo.jpg' });
    expect(res).toMatchObject({ statusCode: 200, updated: ['subject', 'photoS3Key'] });
    expect(graph.state.groups.get(groupId)!.subject).toBe('Bike club (Sundays)');
    expect(graph.state.groups.get(groupId)!.picture?.mimeType).toBe('image/jpeg');
    await deliverWebhooks();
    expect(await getGroupItem(groupId)).toMatchObject({ subject: 'Bike club (Sundays)', photoSha256: expect.any(String) });
    await putObject('uploads/g/photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png');
    const png = await run('update_group', { groupId, photoS3Key: 'uploads/g/photo.png' });
    expect(png).toMatchObject({ statusCode: 400, fields: [{ field: 'photoS3Key' }] });
  });

  it('gets and resets the invite link (the old one stops working)', async () => {
    const first = await run('get_group_invite_link', { groupId });
    const reset = await run('reset_group_invite_link', { groupId });
    expect(reset.inviteLink).toMatch(/^https:\/\/chat\.whatsapp\.com\//);
    expect(reset.inviteLink).not.toBe(first.inviteLink);
    expect((await getGroupItem(groupId))?.inviteLink).toBe(reset.inviteLink);
  });

  it('add_group_participant returns the invite link when the person has not asked to join', async () => {
    const res = await run('add_group_participant', { groupId, participant: '+15557654321' });
    expect(res).toMatchObject({ statusCode: 200, outcome: 'invite_link', inviteLink: expect.stringContaining('chat.whatsapp.com') });
    expect(res.note).toContain('does not let a business add people');
  });

  it('join requests: listed, approved through add_group_participant, rejected', async () => {
    const gated = await createdGroup({ subject: 'VIP', joinApprovalMode: 'approval_required' });
    await control(`groups/${gated}/join`, { waId: '15550000001' });
    await control(`groups/${gated}/join`, { waId: '15550000002' });
    await deliverWebhooks();
    expect(await getParticipantItem(gated, '15550000001')).toMatchObject({ status: 'REQUESTED' });
    const listed = await run('get_group_join_requests', { groupId: gated });
    expect(listed.joinRequests.map((r: { waId: string }) => r.waId).sort()).toEqual(['15550000001', '15550000002']);
    const added = await run('add_group_participant', { groupId: gated, participant: '15550000001' });
    expect(added).toMatchObject({ outcome: 'join_request_approved', approved: [expect.any(String)] });
    const other = listed.joinRequests.find((r: { waId: string }) => r.waId === '15550000002').joinRequestId;
    const rejected = await run('reject_group_join_requests', { groupId: gated, joinRequestIds: [other, 'no-such-request'] });
    expect(rejected.rejected).toEqual([other]);
    expect(rejected.failed).toEqual([expect.objectContaining({ join_request_id: 'no-such-request' })]);
    await deliverWebhooks();
    expect(await getParticipantItem(gated, '15550000001')).toMatchObject({ status: 'JOINED' });
    expect((await run('get_group_info', { groupId: gated })).participants).toEqual(['15550000001']);
  });

  it('removes a participant, who then cannot rejoin by the link', async () => {
    const res = await run('remove_group_participant', { groupId, participant: '+1 555 123 4567' });
    expect(res).toMatchObject({ statusCode: 200, removed: ['15551234567'] });
    await deliverWebhooks();
    expect(await getParticipantItem(groupId, '15551234567')).toMatchObject({ status: 'REMOVED', initiatedBy: 'business' });
    expect((await control(`groups/${groupId}/join`, { waId: '15551234567' })).status).toBe(400);
    const notThere = await run('remove_group_participant', { groupId, participant: '15559999999' });
    expect(notThere).toMatchObject({ statusCode: 400, graphError: { code: 131212 } });
  });

  it('bad input is a 400 naming the field; an unknown group a 404', async () => {
    expect((await run('create_group', { subject: 'x'.repeat(129) })).fields[0]).toMatchObject({ field: 'subject' });
    expect((await run('create_group', { subject: 'ok', joinApprovalMode: 'sometimes' })).fields[0]).toMatchObject({ field: 'joinApprovalMode' });
    expect((await run('get_group_info', { groupId: '../me/accounts' })).fields[0]).toMatchObject({ field: 'groupId' });
    expect((await run('send_group_message', { groupId })).fields[0]).toMatchObject({ field: 'text' });
    expect((await run('update_group', { groupId })).fields[0]).toMatchObject({ field: 'subject' });
    const unknown = await run('get_group_info', { groupId: 'Y2FwaV9ncm91cDpub3BlZm9vYmFy' });
    expect(unknown.statusCode).toBe(404);
  });

  it('throttling that persists is a retryable 429; an expired token a 502 naming set_graph_token', async () => {
    await control('faults', { pathContains: 'invite_link', code: 130429, status: 400, message: '(#130429) Rate limit hit', times: 3 });
    expect(await run('get_group_invite_link', { groupId })).toMatchObject({ statusCode: 429, retryable: true });
    await control('faults', { code: 190, status: 401, subcode: 463, message: 'Error validating access token: Session has expired', times: 1 });
    expect(await run('get_groups')).toMatchObject({ statusCode: 502, retryable: false, fix: 'set_graph_token' });
  });

  it('delete_group: the group_delete webhook marks it DELETED and its messages stay', async () => {
    const res = await run('delete_group', { groupId });
    expect(res).toMatchObject({ statusCode: 200, status: 'DELETING' });
    await deliverWebhooks();
    expect(await getGroupItem(groupId)).toMatchObject({ status: 'DELETED' });
    expect((await run('get_group_messages', { groupId })).count).toBe(2);
    expect((await run('get_groups')).groups.map((g: { groupId: string }) => g.groupId)).not.toContain(groupId);
  });
});
