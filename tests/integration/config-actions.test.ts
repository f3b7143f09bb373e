import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';

let eum: EumStandin;
let handler: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  handler = (await import('../../functions/config/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

describe('config actions', () => {
  it('ping answers pong in the seed response format', async () => {
    const res = await handler({ action: 'ping' }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 200, operation: 'ping', message: 'pong' });
  });

  it('help lists every action with its path and required fields', async () => {
    const res = await handler({ action: 'help' }, lambdaContext);
    expect(res.statusCode).toBe(200);
    const sendText = res.categories.messaging.find((a: { action: string }) => a.action === 'send_text');
    expect(sendText).toMatchObject({ path: '/messaging/send_text', method: 'POST' });
    expect(sendText.required).toEqual(expect.arrayContaining(['to', 'text']));
    expect(sendText.fields).toHaveProperty('previewUrl');
    expect(res.categories.config.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['ping', 'help', 'list_actions', 'get_config']),
    );
  });

  it('list_actions can be narrowed to a category', async () => {
    const res = await handler({ action: 'list_actions', category: 'conversations' }, lambdaContext);
    expect(Object.keys(res.categories)).toEqual(['conversations']);
    expect(res.categories.conversations.map((a: { path: string }) => a.path)).toEqual(
      expect.arrayContaining(['/conversations/get_conversations', '/conversations/get_messages']),
    );
  });

  it('get_config reads the linked accounts from EUM Social, then from the table cache', async () => {
    const first = await handler({ action: 'get_config' }, lambdaContext);
    expect(first.statusCode).toBe(200);
    expect(first.accountsSource).toBe('eum');
    expect(first.wabas).toHaveLength(1);
    expect(first.wabas[0]).toMatchObject({ wabaId: DEMO_WABA.wabaId, id: DEMO_WABA.id });
    expect(first.wabas[0].phoneNumbers[0]).toMatchObject({ phoneNumberId: DEMO_PHONE.phoneNumberId, metaPhoneNumberId: DEMO_PHONE.metaPhoneNumberId });
    expect(JSON.stringify(first)).not.toMatch(/secret|accessKey/i);
    expect(first.settings.enforceCustomerServiceWindow).toBe(true);

    const second = await handler({ action: 'get_config' }, lambdaContext);
    expect(second.accountsSource).toBe('cache');
    const refreshed = await handler({ action: 'get_config', refresh: true }, lambdaContext);
    expect(refreshed.accountsSource).toBe('eum');
  });

  it('an unknown action is a 404 naming the valid ones', async () => {
    const res = await handler({ action: 'nope' }, lambdaContext);
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain("Unknown action 'nope'");
    expect(res.validActions).toEqual(expect.arrayContaining(['get_config', 'get_wabas', 'help', 'list_actions', 'ping']));
    expect(res.validActions).toEqual([...res.validActions].sort());
    expect(res.validActions).toContain('set_graph_token');
  });

  it('a direct invocation without action is a 400 naming the field', async () => {
    const res = await handler({}, lambdaContext);
    expect(res).toMatchObject({ statusCode: 400, fields: [{ field: 'action' }] });
  });

  it('an unmatched HTTP route is a 404 pointing at help', async () => {
    const res = await handler(httpEvent('GET', '/nowhere/at-all'), lambdaContext);
    expect(res.statusCode).toBe(404);
    const body = JSON.parse(res.body);
    expect(body.error).toContain('/config/list_actions');
    expect(body.validPaths).toEqual(expect.arrayContaining(['/messaging/send_text', '/config/ping']));
  });

  it('bad input types are a 400 with the field and reason', async () => {
    const res = await handler({ action: 'help', category: 'nonsense' }, lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(res.fields[0].field).toBe('category');
  });
});
