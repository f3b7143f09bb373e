import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import type { GraphStandin } from '../../local/standins/graph/server';
import { getTemplateDefinition } from '../../shared/table/templates';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { startGraphForTest, storeDemoToken } from './helpers/graph';
import { seedApprovedTemplate } from './helpers/templates';

/**
 * set_template_ttl: EUM Social cannot change a template's TTL, so the action goes through Graph (POST /{template-id})
 * and records the new TTL on the stored template. The Graph stand-in edits the EUM stand-in's templates, as Meta
 * keeps one set for both APIs, so get_template reads the change back through EUM.
 */
let eum: EumStandin;
let graph: GraphStandin;
let templates: Invoke;
const run = (action: string, input: Record<string, unknown> = {}) => templates({ action, ...input }, lambdaContext);
const body = [{ type: 'BODY', text: 'Your order {{1}} has shipped.', example: { body_text: [['A-1']] } }];
const ttlPosts = () => graph.state.requests.filter((r) => r.method === 'POST' && r.path === eum.templates.byNameAndLanguage('ttl_shipped', 'en_US')!.id);

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  graph = await startGraphForTest({ templates: { state: eum.templates, wabaId: DEMO_WABA.wabaId } });
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
  seedApprovedTemplate(eum, { name: 'ttl_shipped', language: 'en_US', category: 'UTILITY', components: body });
  seedApprovedTemplate(eum, { name: 'ttl_promo', language: 'en_US', category: 'MARKETING', components: body });
});
afterAll(async () => {
  await eum.close();
  await graph.close();
});

describe('set_template_ttl without a Graph token', () => {
  it('answers a clear error naming the secret to create and set_graph_token, and changes nothing', async () => {
    const res = await run('set_template_ttl', { name: 'ttl_shipped', language: 'en_US', ttlSeconds: 600 });
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain('set_graph_token');
    expect(res.secretName).toContain(DEMO_WABA.wabaId);
    expect(eum.templates.byNameAndLanguage('ttl_shipped', 'en_US')!.messageSendTtlSeconds).toBeUndefined();
  });
});

describe('set_template_ttl through Graph', () => {
  beforeAll(() => storeDemoToken(DEMO_WABA.wabaId));

  it('sets the TTL at Meta and stores it, so get_template and get_local_templates show it', async () => {
    const res = await run('set_template_ttl', { template_name: 'ttl_shipped', language_code: 'en_US', ttlSeconds: 600 });
    expect(res).toMatchObject({ statusCode: 200, name: 'ttl_shipped', category: 'UTILITY', message_send_ttl_seconds: 600 });
    expect(ttlPosts()).toHaveLength(1);
    expect(eum.templates.byNameAndLanguage('ttl_shipped', 'en_US')!.messageSendTtlSeconds).toBe(600);
    const stored = await getTemplateDefinition(DEMO_WABA.wabaId, 'ttl_shipped', 'en_US');
    expect(stored?.messageSendTtlSeconds).toBe(600);

    const got = await run('get_template', { name: 'ttl_shipped', language: 'en_US' });
    expect(got.template).toMatchObject({ message_send_ttl_seconds: 600 });
    expect(got.stored).toMatchObject({ messageSendTtlSeconds: 600 });
    const local = await run('get_local_templates', { namePrefix: 'ttl_shipped' });
    expect(local.templates[0]).toMatchObject({ messageSendTtlSeconds: 600 });
  });

  it('takes metaTemplateId and -1 (30 days) for a utility template', async () => {
    const id = eum.templates.byNameAndLanguage('ttl_shipped', 'en_US')!.id;
    const res = await run('set_template_ttl', { name: 'ttl_shipped', metaTemplateId: id, message_send_ttl_seconds: -1 });
    expect(res).toMatchObject({ statusCode: 200, metaTemplateId: id, message_send_ttl_seconds: -1 });
    expect(eum.templates.byNameAndLanguage('ttl_shipped', 'en_US')!.messageSendTtlSeconds).toBe(-1);
  });

  it("refuses a TTL outside the category's range with a 400 naming the field and range, without calling Graph", async () => {
    const before = graph.state.requests.length;
    const res = await run('set_template_ttl', { name: 'ttl_promo', language: 'en_US', ttlSeconds: 600 });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res)).toContain('message_send_ttl_seconds');
    expect(JSON.stringify(res)).toContain('43200-2592000');
    const unlimited = await run('set_template_ttl', { name: 'ttl_promo', language: 'en_US', ttlSeconds: -1 });
    expect(unlimited.statusCode).toBe(400);
    expect(graph.state.requests.length).toBe(before);
    expect(eum.templates.byNameAndLanguage('ttl_promo', 'en_US')!.messageSendTtlSeconds).toBeUndefined();
  });

  it('answers 404 naming the known templates for an unknown one', async () => {
    const res = await run('set_template_ttl', { name: 'ttl_nope', language: 'en_US', ttlSeconds: 600 });
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain('ttl_shipped (en_US)');
  });

  it('has the Graph stand-in answer Meta\'s code 100 for an unknown template id', async () => {
    const res = await fetch(`${graph.url}/v23.0/999000111222333?access_token=${encodeURIComponent((await import('../../local/standins/graph/state')).DEMO_GRAPH_TOKEN)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message_send_ttl_seconds: 600 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
  });
});
