import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getItem, itemsOfType } from './helpers/table';

/**
 * Issue 8 item 6: nothing is sent that cannot be stored. The stored MESSAGE item is checked against DynamoDB's limits
 * (32 nesting levels, 400 KB) before EUM Social is called, so a refused message is never sent.
 */
let eum: EumStandin;
let messaging: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());

/** `levels` maps, one inside the other: nested(1) is {level: 'x'}. */
const nested = (levels: number): Record<string, unknown> => (levels === 1 ? { level: 'x' } : { level: nested(levels - 1) });

// Stored as payload.interactive.action.parameters.flow_action_payload.data: with the payload attribute itself,
// data is the 7th level of the item, so data nested 27 deep (the case) makes 33 levels and 26 makes 32.
const sendFlow = (dataLevels: number, data: Record<string, unknown> = nested(dataLevels)) =>
  messaging(
    {
      action: 'send_flow',
      to: '+15557770001',
      enforceWindow: false,
      body: 'Book',
      flowId: '123',
      flowCta: 'Start',
      flowActionPayload: { screen: 'A', data },
    },
    lambdaContext,
  );

describe('a message DynamoDB cannot store is refused before it is sent', () => {
  it('a flow payload nested 27 deep (33 levels as stored) is a 400 naming the field, and nothing is sent or stored', async () => {
    const before = (await itemsOfType('MESSAGE')).length;
    const res = await sendFlow(27);
    expect(res).toMatchObject({ statusCode: 400 });
    expect(res.fields).toEqual([
      { field: expect.stringMatching(/^interactive\.action\.parameters\.flow_action_payload\.data\.level/), reason: expect.stringContaining('33 levels deep') },
    ]);
    expect(res.error).toContain('nothing was sent');
    expect(eum.sends).toHaveLength(0);
    expect((await itemsOfType('MESSAGE')).length).toBe(before);
  });

  it('a flow payload nested 26 deep (32 levels as stored) is sent and stored (the limit is not stricter than DynamoDB)', async () => {
    const res = await sendFlow(26);
    expect(res).toMatchObject({ statusCode: 200, status: 'accepted' });
    expect(eum.sends).toHaveLength(1);
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ direction: 'OUTBOUND', type: 'interactive' });
  });

  it.each([
    ['a number beyond 2^53, which the document client refuses', { n: [1, 2.7e79] }, 'data.n.1', '2.7e+79'],
    ['a number below 1E-130, which DynamoDB cannot hold', { tiny: 5e-324 }, 'data.tiny', '1E-130'],
    ['an empty key, which DynamoDB refuses', { '': true }, 'data.""', 'empty key'],
  ])('%s is a 400 naming the field, and nothing is sent', async (_what, data, field, reason) => {
    const res = await sendFlow(0, data);
    expect(res).toMatchObject({ statusCode: 400 });
    expect(res.fields).toEqual([{ field: `interactive.action.parameters.flow_action_payload.${field}`, reason: expect.stringContaining(reason) }]);
    expect(eum.sends).toHaveLength(0);
  });

  it('numbers up to Number.MAX_SAFE_INTEGER are sent and stored', async () => {
    const res = await sendFlow(0, { n: Number.MAX_SAFE_INTEGER, small: 1e-100 });
    expect(res).toMatchObject({ statusCode: 200, status: 'accepted' });
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ payload: { interactive: { action: { parameters: { flow_action_payload: { data: { n: Number.MAX_SAFE_INTEGER } } } } } } });
  });

  it('a 420 KB contact card is a 400 naming the field, and nothing is sent or stored', async () => {
    const before = (await itemsOfType('MESSAGE')).length;
    const card = { name: { formatted_name: 'Big Card' }, org: { company: 'c'.repeat(420 * 1024) } };
    const res = await messaging({ action: 'send_contacts', to: '+15557770002', enforceWindow: false, contacts: [card] }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 400 });
    expect(res.fields).toEqual([{ field: 'contacts.0.org.company', reason: expect.stringMatching(/would take 42\d KB as stored.*at most 400 KB/) }]);
    expect(eum.sends).toHaveLength(0);
    expect((await itemsOfType('MESSAGE')).length).toBe(before);
  });

  it('a contact card just under the limit is sent and stored', async () => {
    const card = { name: { formatted_name: 'Large Card' }, org: { company: 'c'.repeat(380 * 1024) } };
    const res = await messaging({ action: 'send_contacts', to: '+15557770003', enforceWindow: false, contacts: [card] }, lambdaContext);
    expect(res).toMatchObject({ statusCode: 200, status: 'accepted' });
    expect(eum.sends).toHaveLength(1);
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ direction: 'OUTBOUND', type: 'contacts' });
  });
});
