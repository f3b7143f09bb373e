import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { resetConfigForTests } from '../../shared/config';
import { lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { itemsOfType } from './helpers/table';

/**
 * Issue 10.4 and 8.8: what a free-form send costs in DynamoDB requests once the function is warm, and how the
 * linked-accounts cache behaves when EUM fails or a caller names a phone number that is not linked.
 */

let eum: EumStandin;
let messaging: Invoke;
let accounts: typeof import('../../shared/eum/accounts');
/** DynamoDB commands the production client sent, by command name and key. */
const dynamoCalls: { command: string; pk?: string }[] = [];
/** EUM Social commands the shared (non-send) client sent. */
const eumCalls: string[] = [];

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  accounts = await import('../../shared/eum/accounts');
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
  it('a free-form send is 2 requests (window read, one transaction); the next one to the same customer is 1', async () => {
    await customerWrites('15556660001', { text: 'hello' });
    await send('15556660001', 'warm-up'); // accounts into memory
    dynamoCalls.length = 0;

    const first = await send('15556660001', 'first');
    expect(first.statusCode).toBe(200);
    // The window was seen open by the warm-up: no read at all now, only the transaction.
    expect(dynamoCalls.map((c) => c.command)).toEqual(['TransactWriteItemsCommand']);

    await customerWrites('15556660003', { text: 'hi' });
    dynamoCalls.length = 0;
    const other = await send('15556660003', 'to another customer');
    expect(other.statusCode).toBe(200);
    expect(dynamoCalls.map((c) => c.command)).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    expect(dynamoCalls[0]!.pk).toMatch(/^CONV#/);
    // Every message stored exactly once.
    const stored = (await itemsOfType('MESSAGE')).filter((m) => m.direction === 'OUTBOUND');
    expect(stored.filter((m) => m.messageId === first.messageId)).toHaveLength(1);
    expect(stored.filter((m) => m.messageId === other.messageId)).toHaveLength(1);
  });

  it('a status that arrived before its message is still applied (the transaction finds it waiting)', async () => {
    await customerWrites('15556660004', { text: 'hello' });
    const { recordOutbound } = await import('../../shared/table/messages');
    const { applyStatus } = await import('../../shared/table/message-statuses');
    const eumMessageId = '00000000-0000-4000-8000-000000000004';
    expect(await applyStatus({ wamid: 'wamid.EARLY4', status: 'delivered', at: new Date().toISOString(), eumMessageId })).toBe('pending');
    await recordOutbound({ eumMessageId, phone: { arn: DEMO_PHONE.arn }, customer: '15556660004', type: 'text', preview: 'p', payload: {} });
    const [msg] = (await itemsOfType('MESSAGE')).filter((m) => m.messageId === eumMessageId);
    expect(msg).toMatchObject({ status: 'delivered', waMessageId: 'wamid.EARLY4' });
    expect((await itemsOfType('PENDING_STATUS')).filter((p) => p.waMessageId === 'wamid.EARLY4')).toHaveLength(0);
  });
});

describe('linked accounts cache', () => {
  it('is kept in memory: a warm send reads no cache item', async () => {
    await customerWrites('15556660005', { text: 'hello' });
    await send('15556660005', 'one');
    dynamoCalls.length = 0;
    await send('15556660005', 'two');
    expect(dynamoCalls.filter((c) => c.pk === 'CONFIG#LINKED_ACCOUNTS')).toHaveLength(0);
    expect(eumCalls).toEqual([]);
  });

  it('an unknown phone id re-reads EUM once, then answers 404 from memory, naming the linked ids', async () => {
    await accounts.getLinkedAccounts();
    eumCalls.length = 0;
    const first = await messaging({ action: 'send_text', to: '15556660005', text: 'x', phoneNumberId: 'phone-number-id-00000000000000000000000000000000' }, lambdaContext);
    expect(first.statusCode).toBe(404);
    expect(first.error).toContain(DEMO_PHONE.phoneNumberId);
    const refreshes = eumCalls.filter((c) => c === 'ListLinkedWhatsAppBusinessAccountsCommand').length;
    expect(refreshes).toBe(1);
    for (let i = 0; i < 3; i++) {
      const again = await messaging({ action: 'send_text', to: '15556660005', text: 'x', phoneNumberId: 'phone-number-id-00000000000000000000000000000000' }, lambdaContext);
      expect(again).toMatchObject({ statusCode: 404, validChoices: [expect.objectContaining({ phoneNumberId: DEMO_PHONE.phoneNumberId })] });
    }
    expect(eumCalls.filter((c) => c === 'ListLinkedWhatsAppBusinessAccountsCommand')).toHaveLength(refreshes);
    expect(eum.sends).toHaveLength(0);
  });

  // Last: it stops the EUM stand-in.
  it('a stale cache is used when EUM fails at refresh', async () => {
    const fresh = await accounts.getLinkedAccounts({ refresh: true });
    expect(fresh.source).toBe('eum');
    process.env.ACCOUNT_CACHE_SECONDS = '0'; // everything is stale from now on
    resetConfigForTests();
    try {
      await eum.close();
      const stale = await accounts.getLinkedAccounts();
      expect(stale).toMatchObject({ source: 'cache', stale: true, fetchedAt: fresh.fetchedAt });
      expect(stale.accounts.flatMap((a) => a.phoneNumbers.map((p) => p.phoneNumberId))).toContain(DEMO_PHONE.phoneNumberId);
      // A send still finds its number (the send itself then fails at EUM, which is down).
      expect((await accounts.resolvePhone({ phoneNumberId: DEMO_PHONE.phoneNumberId })).phoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
      // A new process (nothing in memory) falls back to the stale table item the same way.
      accounts.forgetLinkedAccountsForTests();
      expect(await accounts.getLinkedAccounts()).toMatchObject({ source: 'cache', stale: true });
    } finally {
      process.env.ACCOUNT_CACHE_SECONDS = '600';
      resetConfigForTests();
    }
  });
});
