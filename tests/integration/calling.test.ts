import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_WABA } from '../../local/standins/eum/demo-account';
import { envelopeBody } from '../../local/standins/eum/envelope';
import { inboundAnyValue } from '../../local/standins/eum/webhook-values';
import type { EumStandin } from '../../local/standins/eum/server';
import type { GraphStandin } from '../../local/standins/graph/server';
import { getCallItem } from '../../shared/table/calls';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { startGraphForTest, storeDemoToken } from './helpers/graph';

let eum: EumStandin;
let graph: GraphStandin;
let calling: Invoke;
let ingest: Invoke;
let requestNo = 0;
const run = (action: string, input: Record<string, unknown> = {}) =>
  calling({ action, ...input }, { ...lambdaContext, awsRequestId: `req-${++requestNo}` } as typeof lambdaContext);
const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n';
const CUSTOMER = '15553332211';

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  graph = await startGraphForTest();
  calling = (await import('../../functions/calling/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
});
afterAll(async () => {
  await eum.close();
  await graph.close();
});
beforeEach(() => {
  graph.state.faults = [];
});

let delivered = 0;
async function deliverWebhooks() {
  const fresh = graph.published.slice(delivered);
  delivered = graph.published.length;
  for (const body of fresh) await ingest(snsEvent(snsRecord(body)));
  return fresh.length;
}
const control = async (path: string, body: Record<string, unknown> = {}) => {
  const res = await fetch(`${graph.url}/_standin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('calling without a Graph token', () => {
  it('get_call_settings answers a clear 404 naming the secret; create_call_deeplink needs no token', async () => {
    const res = await run('get_call_settings');
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain('set_graph_token');
    const link = await run('create_call_deeplink', { payload: 'order-42' });
    expect(link).toMatchObject({ statusCode: 200, deeplink: 'https://wa.me/call/15550100000?biz_payload=order-42' });
  });
});

describe('calling through Graph', () => {
  let callId: string;
  beforeAll(() => storeDemoToken(DEMO_WABA.wabaId));

  it('a call before calling is enabled is refused by Meta (138000) as a 400', async () => {
    await control('call_permissions', { waId: CUSTOMER });
    const res = await run('initiate_call', { to: CUSTOMER, sdp: SDP });
    expect(res).toMatchObject({ statusCode: 400, graphError: { code: 138000 } });
    graph.state.callPermissions.clear();
  });

  it('enables calling with call hours and reads the settings back', async () => {
    const res = await run('update_call_settings', {
      enabled: true,
      iconVisibility: 'DEFAULT',
      callbackPermission: true,
      callHours: { enabled: true, timezone: 'Europe/Berlin', weekly: [{ day: 'MONDAY', open: '0900', close: '1700' }] },
    });
    expect(res).toMatchObject({ statusCode: 200, calling: { status: 'ENABLED', callback_permission_status: 'ENABLED', call_hours: { status: 'ENABLED', timezone_id: 'Europe/Berlin' } } });
    expect((await run('get_call_settings')).calling.status).toBe('ENABLED');
  });

  it.each([
    [{ callHours: { enabled: true, weekly: [] } }, 'callHours.timezone'],
    [{ callHours: { enabled: false, weekly: [{ day: 'MONDAY', open: '1700', close: '0900' }] } }, 'callHours.weekly.0.close'],
    [{ iconVisibility: 'HIDDEN' }, 'iconVisibility'],
    [{}, 'enabled'],
  ])('update_call_settings refuses %j (400 on %s)', async (input, field) => {
    const res = await run('update_call_settings', input);
    expect(res.statusCode).toBe(400);
    expect(res.fields[0].field).toBe(field);
  });

  it('refuses to call a customer without permission, pointing at send_call_permission_request', async () => {
    const res = await run('initiate_call', { to: `+${CUSTOMER}`, sdp: SDP });
    expect(res).toMatchObject({ statusCode: 409, next: 'send_call_permission_request', permission: { status: 'no_permission' } });
    expect(graph.state.calls.size).toBe(0);
  });

  it('asks for call permission with an interactive message through EUM', async () => {
    await customerWrites(CUSTOMER, { text: 'can you call me?' });
    const res = await run('send_call_permission_request', { to: `+${CUSTOMER}`, text: 'May we call you about your order?' });
    expect(res).toMatchObject({ statusCode: 200, status: 'accepted' });
    const send = eum.sends.find((s) => s.messageId === res.messageId)!;
    expect(send.message).toMatchObject({ type: 'interactive', interactive: { type: 'call_permission_request', body: { text: 'May we call you about your order?' }, action: { name: 'call_permission_request' } } });
  });

  it('with permission granted, starts a call, follows its webhooks, ends it, and shows it in get_call_logs', async () => {
    // The customer accepts: Meta records the permission and sends the reply as an inbound message.
    await control('call_permissions', { waId: CUSTOMER });
    const reply = inboundAnyValue({ from: CUSTOMER, type: 'interactive', body: { type: 'call_permission_reply', call_permission_reply: { response: 'accept', is_permanent: false, response_source: 'user_action' } } });
    await ingest(snsEvent(snsRecord(envelopeBody({ field: 'messages', value: reply }))));

    const started = await run('initiate_call', { to: CUSTOMER, sdp: SDP, bizOpaqueCallbackData: 'ticket-7' });
    expect(started).toMatchObject({ statusCode: 200, status: 'CONNECTING', permission: 'temporary' });
    callId = started.callId;
    expect(await getCallItem(callId)).toMatchObject({ status: 'CONNECTING', direction: 'BUSINESS_INITIATED', customer: CUSTOMER, startedBy: 'initiate_call' });
    await deliverWebhooks(); // RINGING
    expect((await getCallItem(callId))?.status).toBe('RINGING');
    await control(`calls/${callId}/answer`);
    await deliverWebhooks(); // connect + ACCEPTED
    expect((await getCallItem(callId))?.status).toBe('ACCEPTED');

    const ended = await run('update_call_status', { callId, status: 'terminate' });
    expect(ended).toMatchObject({ statusCode: 200, action: 'terminate' });
    await deliverWebhooks(); // terminate COMPLETED
    const logs = await run('get_call_logs');
    const call = logs.calls.find((c: { callId: string }) => c.callId === callId);
    expect(call).toMatchObject({ status: 'COMPLETED', customer: CUSTOMER, startedBy: 'initiate_call', lastAction: 'terminate' });
    expect(call.history.map((h: { kind: string; action?: string; status?: string }) => h.action ?? h.status ?? h.kind)).toEqual(
      expect.arrayContaining(['connect', 'RINGING', 'ACCEPTED', 'terminate', 'COMPLETED']),
    );
  });

  it('update_call_status checks its input, and Meta refuses an unknown or ended call', async () => {
    expect((await run('update_call_status', { callId, status: 'accept' })).fields[0]).toMatchObject({ field: 'sdp' });
    expect((await run('update_call_status', { callId, status: 'hang_up' })).fields[0]).toMatchObject({ field: 'status' });
    expect((await run('initiate_call', { to: CUSTOMER, sdp: 'hello' })).fields[0]).toMatchObject({ field: 'sdp' });
    expect(await run('update_call_status', { callId, status: 'terminate' })).toMatchObject({ statusCode: 400, graphError: { code: 138004 } });
    expect(await run('update_call_status', { callId: 'wacid.unknown', status: 'reject' })).toMatchObject({ statusCode: 400, graphError: { code: 138004 } });
  });

  it('throttling that persists is a retryable 429; an expired token a 502 naming set_graph_token', async () => {
    await control('faults', { pathContains: 'settings', code: 4, status: 400, message: '(#4) Application request limit reached', times: 3 });
    expect(await run('get_call_settings')).toMatchObject({ statusCode: 429, retryable: true, graphError: { code: 4 } });
    await control('faults', { code: 190, status: 401, subcode: 463, message: 'Error validating access token: Session has expired', times: 1 });
    expect(await run('initiate_call', { to: CUSTOMER, sdp: SDP })).toMatchObject({ statusCode: 502, retryable: false, fix: 'set_graph_token' });
  });
});
