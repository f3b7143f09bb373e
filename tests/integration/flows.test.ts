import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';

/**
 * WhatsApp Flows through EUM Social's Flow operations, end to end against the stand-in (which keeps Meta's
 * lifecycle: DRAFT → PUBLISHED → DEPRECATED, drafts only deleted, publishing only without validation errors).
 */
let eum: EumStandin;
let flows: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  flows = (await import('../../functions/flows/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const call = (action: string, body: Record<string, unknown> = {}) => flows({ action, ...body }, lambdaContext);

const flowJson = {
  version: '7.3',
  screens: [
    {
      id: 'SIGN_UP',
      title: 'Sign up',
      terminal: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextInput', name: 'first_name', label: 'First name', required: true },
          { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: { first_name: '${form.first_name}' } } },
        ],
      },
    },
  ],
};
const broken = { version: '1.0', screens: [{ id: 'sign-up', layout: {} }] };

describe('flow lifecycle', () => {
  let draftId: string;

  it('creates a draft whose JSON has errors: they come back, and publishing waits for them', async () => {
    const res = await call('create_flow', { name: 'Sign up', categories: ['sign_up'], flowJson: broken });
    expect(res).toMatchObject({ statusCode: 200, status: 'DRAFT', publishable: false });
    expect(res.validationErrors).toEqual(expect.arrayContaining([expect.stringContaining('version'), expect.stringContaining('terminal')]));
    draftId = res.flowId;

    const publish = await call('publish_flow', { flowId: draftId });
    expect(publish.statusCode).toBe(400);
    expect(publish.error).toContain("can't be published");
  });

  it("update_flow returns Meta's validation errors as a 400 listing each; fixed JSON publishes", async () => {
    const bad = await call('update_flow', { flowId: draftId, flowJson: JSON.stringify(broken) });
    expect(bad.statusCode).toBe(400);
    expect(bad.fields.length).toBeGreaterThanOrEqual(2);
    expect(bad.fields.every((f: { field: string }) => f.field === 'flowJson')).toBe(true);

    expect(await call('update_flow', { flowId: draftId, flowJson, name: 'Sign up v2', categories: ['SIGN_UP', 'OTHER'] })).toMatchObject({ statusCode: 200 });
    expect(await call('publish_flow', { flowId: draftId })).toMatchObject({ statusCode: 200, status: 'PUBLISHED' });

    const got = await call('get_flow', { flowId: draftId });
    expect(got.flow).toMatchObject({ flowName: 'Sign up v2', flowStatus: 'PUBLISHED', categories: ['SIGN_UP', 'OTHER'], jsonVersion: '7.3', validationErrors: [] });
    expect(got.flow.preview.previewUrl).toMatch(/^https:\/\//);
    const health = await call('flow_health_check', { flowId: draftId });
    expect(health).toMatchObject({ statusCode: 200, healthy: true, canSendMessage: 'AVAILABLE', blockedBy: [] });
  });

  it('a published Flow cannot be deleted or edited; deprecating it blocks it', async () => {
    const del = await call('delete_flow', { flowId: draftId });
    expect(del.statusCode).toBe(400);
    expect(del.error).toContain('deprecate');
    expect((await call('update_flow', { flowId: draftId, flowJson })).statusCode).toBe(400);
    expect(await call('deprecate_flow', { flowId: draftId })).toMatchObject({ statusCode: 200, status: 'DEPRECATED' });
    const health = await call('flow_health_check', { flowId: draftId });
    expect(health).toMatchObject({ healthy: false, status: 'DEPRECATED' });
    expect(health.blockedBy[0]).toMatchObject({ entityType: 'FLOW' });
  });

  it('creates published at once, clones a Flow, lists by status, and deletes a draft', async () => {
    const published = await call('create_flow', { name: 'Survey', categories: ['SURVEY'], flowJson, publish: true });
    expect(published).toMatchObject({ statusCode: 200, status: 'PUBLISHED', validationErrors: [] });
    const clone = await call('create_flow', { name: 'Survey copy', categories: ['SURVEY'], cloneFlowId: published.flowId });
    expect(clone).toMatchObject({ statusCode: 200, status: 'DRAFT', publishable: true });
    expect((await call('get_flow', { flowId: clone.flowId })).flow.jsonVersion).toBe('7.3');

    const list = await call('get_flows', { status: 'published' });
    expect(list.flows.map((f: { name: string }) => f.name)).toEqual(['Survey']);
    expect(await call('delete_flow', { flowId: clone.flowId })).toMatchObject({ statusCode: 200, deleted: true });
    expect((await call('get_flow', { flowId: clone.flowId })).statusCode).toBe(404);
  });

  it('send_flow_message (send_flow) sends a published Flow to a customer in the window and stores it', async () => {
    const flow = await call('create_flow', { name: 'Booking', categories: ['APPOINTMENT_BOOKING'], flowJson, publish: true });
    await customerWrites('+15558880101', { text: 'I want to book' });
    const res = await call('send_flow_message', { to: '+15558880101', body: 'Book a visit', flowId: flow.flowId, flowCta: 'Book', flowToken: 'booking-1', flowActionPayload: { screen: 'SIGN_UP' } });
    expect(res).toMatchObject({ statusCode: 200, operation: 'send_flow_message', status: 'accepted' });
    expect(eum.sends.at(-1)!.message.interactive).toMatchObject({ type: 'flow', action: { parameters: { flow_id: flow.flowId, flow_token: 'booking-1' } } });
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ direction: 'OUTBOUND', type: 'interactive' });
  });
});

describe('flow actions refuse bad input with a 400 naming the field', () => {
  it.each([
    ['no categories', 'create_flow', { name: 'x', categories: [] }, 'categories', 'at least 1'],
    ['an unknown category', 'create_flow', { name: 'x', categories: ['GAMES'] }, 'categories.0', 'SIGN_UP'],
    ['a name over 200 characters', 'create_flow', { name: 'n'.repeat(201), categories: ['OTHER'] }, 'name', '200'],
    ['Flow JSON that is not JSON', 'create_flow', { name: 'x', categories: ['OTHER'], flowJson: '{nope' }, 'flowJson', 'Flow JSON'],
    ['a non-numeric flowId', 'get_flow', { flowId: 'abc' }, 'flowId', 'numeric'],
    ['an update with nothing to change', 'update_flow', { flowId: '123' }, 'flowJson', 'nothing to change'],
  ])('%s', async (_name, action, body, field, reason) => {
    const res = await call(action, body);
    expect(res.statusCode).toBe(400);
    expect(res.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field, reason: expect.stringContaining(reason) })]));
  });

  it('an unknown Flow is a 404; a duplicate name is a 400', async () => {
    expect((await call('publish_flow', { flowId: '999999' })).statusCode).toBe(404);
    await call('create_flow', { name: 'Unique', categories: ['OTHER'] });
    const dup = await call('create_flow', { name: 'Unique', categories: ['OTHER'] });
    expect(dup.statusCode).toBe(400);
    expect(dup.error).toContain('already used');
  });
});
