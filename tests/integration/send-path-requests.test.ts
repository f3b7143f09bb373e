import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { itemsOfType } from './helpers/table';

/**
 * Issue 10.4: what a send costs in DynamoDB requests once the function is warm. (The linked accounts' cache has its
 * own tests: accounts-cache.test.ts.)
 */

let eum: EumStandin;
let messaging: Invoke;
/** DynamoDB commands the production client sent, by command name and key. */
const dynamoCalls: { command: string; pk?: string }[] = [];
/** EUM Social commands the shared (non-send) client sent. */
const eumCalls: string[] = [];

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  const { dynamo } = await import('../../shared/table/client');
  const { socialMessaging } = await import('../../shared/aws/clients');
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: { pk?: string } };
      dynamoCalls.push({ command: context.commandName ?? '?', pk: input.Key?.pk });
      return next(args);
    },
    { step: 'initialize', name: 'testDynamoCounter' },
  );
  socialMessaging().middlewareStack.add(
    (next, context) => async (args) => {
      eumCalls.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'testEumCounter' },
  );
});
afterAll(() => eum.close());
beforeEach(() => {
  eum.reset();
  dynamoCalls.length = 0;
  eumCalls.length = 0;
});

const send = (to: string, text: string) => messaging({ action: 'send_text', to, text }, lambdaContext);

describe('DynamoDB requests per send (warm function)', () => {
  it('a free-form send is 2 requests: the window read and one transaction (accounts from memory, no pending read)', async () => {
    await customerWrites('15556660001', { text: 'hello' });
    await send('15556660001', 'warm-up'); // accounts into memory
    dynamoCalls.length = 0;
    eumCalls.length = 0;

    const first = await send('15556660001', 'first');
    expect(first.statusCode).toBe(200);
    expect(dynamoCalls.map((c) => c.command)).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    expect(dynamoCalls[0]!.pk).toMatch(/^CONV#/);
    expect(eumCalls).toEqual([]);

    // The window is read every time (strongly consistent): a window closed meanwhile is never taken for open.
    dynamoCalls.length = 0;
    const again = await send('15556660001', 'again');
    expect(again.statusCode).toBe(200);
    expect(dynamoCalls.map((c) => c.command)).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    // Every message stored exactly once.
    const stored = (await itemsOfType('MESSAGE')).filter((m) => m.direction === 'OUTBOUND');
    expect(stored.filter((m) => m.messageId === first.messageId)).toHaveLength(1);
    expect(stored.filter((m) => m.messageId === again.messageId)).toHaveLength(1);
  });

  it('a status that arrived before its message is folded in: 3 requests (the cancelled check, its read, the transaction)', async () => {
    await customerWrites('15556660004', { text: 'hello' });
    const { recordOutbound } = await import('../../shared/table/messages');
    const { applyStatus } = await import('../../shared/table/message-statuses');
    const eumMessageId = '00000000-0000-4000-8000-000000000004';
    expect(await applyStatus({ wamid: 'wamid.EARLY4', status: 'delivered', at: new Date().toISOString(), eumMessageId })).toBe('pending');
    dynamoCalls.length = 0;
    await recordOutbound({ eumMessageId, phone: { arn: DEMO_PHONE.arn }, customer: '15556660004', type: 'text', preview: 'p', payload: {} });
    const [msg] = (await itemsOfType('MESSAGE')).filter((m) => m.messageId === eumMessageId);
    expect(msg).toMatchObject({ status: 'delivered', waMessageId: 'wamid.EARLY4' });
    expect(dynamoCalls.map((c) => c.command)).toEqual(['TransactWriteItemsCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    expect((await itemsOfType('PENDING_STATUS')).filter((p) => p.waMessageId === 'wamid.EARLY4')).toHaveLength(0);
  });
});
