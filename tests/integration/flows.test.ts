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
/** Well formed, but without a terminal screen: only Meta's compiler finds that, and lists it on the draft. */
const noTerminal = { ...flowJson, screens: [{ ...flowJson.screens[0], terminal: false }] };
/** Wrong in its structure: refused before EUM is called. */
const broken = { version: '1.0', screens: [{ id: 'sign-up', layout: {} }] };

describe('flow lifecycle', () => {
  let draftId: string;

  it('refuses Flow JSON without the structure Meta needs, naming each part, before calling EUM', async () => {
    for (const action of ['create_flow', 'update_flow']) {
      const res = await call(action, { name: 'Broken', categories: ['OTHER'], flowId: '123', flowJson: broken });
      expect(res.statusCode).toBe(400);
      expect(res.fields.map((f: { field: string }) => f.field)).toEqual(['flowJson.version', 'flowJson.screens.0.id', 'flowJson.screens.0.layout.type', 'flowJson.screens.0.layout.children']);
      expect(res.fields[0].reason).toContain('7.3');
    }
    const empty = await call('create_flow', { name: 'Empty', categories: ['OTHER'], flowJson: { version: '7.3', screens: [] } });
    expect(empty.fields).toEqual([{ field: 'flowJson.screens', reason: expect.stringContaining('at least one screen') }]);
    const noVersion = await call('create_flow', { name: 'No version', categories: ['OTHER'], flowJson: JSON.stringify({ screens: flowJson.screens }) });
    expect(noVersion.fields).toEqual([{ field: 'flowJson.version', reason: expect.stringContaining('required') }]);
    expect((await call('get_flows')).flows.map((f: { name: string }) => f.name)).not.toContain('Broken');
  });

  it("creates a draft whose JSON only Meta finds wrong: the errors come back, and publishing waits for them", async () => {
    const res = await call('create_flow', { name: 'Sign up', categories: ['sign_up'], flowJson: noTerminal });
    expect(res).toMatchObject({ statusCode: 200, status: 'DRAFT', publishable: false });
    expect(res.validationErrors).toEqual([expect.stringContaining('terminal')]);
    draftId = res.flowId;

    const publish = await call('publish_flow', { flowId: draftId });
    expect(publish.statusCode).toBe(400);
    expect(publish.fields).toEqual([{ field: 'flowId', reason: expect.stringContaining("can't be published") }]);
    const atOnce = await call('create_flow', { name: 'Sign up at once', categories: ['SIGN_UP'], flowJson: noTerminal, publish: true });
    expect(atOnce.statusCode).toBe(400);
    expect(atOnce.fields).toEqual([{ field: 'flowJson', reason: expect.stringContaining('terminal') }]);
  });

  it("update_flow returns Meta's validation errors as a 400 listing each; fixed JSON publishes", async () => {
    const bad = await call('update_flow', { flowId: draftId, flowJson: JSON.stringify(noTerminal) });
    expect(bad.statusCode).toBe(400);
    expect(bad.fields).toEqual([{ field: 'flowJson', reason: expect.stringContaining('terminal') }]);

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
    expect(del.fields).toEqual([{ field: 'flowId', reason: expect.stringContaining('deprecate') }]);
    const edit = await call('update_flow', { flowId: draftId, flowJson });
    expect(edit.fields).toEqual([{ field: 'flowId', reason: expect.stringContaining('PUBLISHED') }]);
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
    ['publishing without Flow JSON', 'create_flow', { name: 'x', categories: ['OTHER'], publish: true }, 'publish', 'flowJson'],
    ['a screen without layout children', 'create_flow', { name: 'x', categories: ['OTHER'], flowJson: { version: '7.3', screens: [{ id: 'A', layout: { type: 'SingleColumnLayout' } }] } }, 'flowJson.screens.0.layout.children', 'required'],
    ['two screens with one id', 'update_flow', { flowId: '1', flowJson: { version: '7.3', screens: [flowJson.screens[0], flowJson.screens[0]] } }, 'flowJson.screens.1.id', 'duplicate'],
    ['the reserved SUCCESS screen id', 'create_flow', { name: 'x', categories: ['OTHER'], flowJson: { version: '7.3', screens: [{ ...flowJson.screens[0], id: 'SUCCESS' }] } }, 'flowJson.screens.0.id', 'reserved'],
    ['an unknown data API version', 'create_flow', { name: 'x', categories: ['OTHER'], flowJson: { ...flowJson, data_api_version: '2.0' } }, 'flowJson.data_api_version', '3.0'],
    ['a flow_completion without messageId', 'flow_completion', {}, 'messageId', ''],
    ['a flow_completion of something else than a wamid', 'flow_completion', { messageId: 'CONV#x' }, 'messageId', 'wamid'],
    ['get_flow_responses for an invalid customer', 'get_flow_responses', { customer: 'nobody' }, 'customer', 'E.164'],
    ['get_flow_responses with a foreign cursor', 'get_flow_responses', { cursor: 'abc' }, 'cursor', 'not a cursor'],
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
    expect(dup.fields).toEqual([{ field: 'name', reason: expect.stringContaining('already used') }]);
  });
});
