import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newWamid } from '../../../local/standins/eum/envelope';
import { dynamo } from '../../../shared/table/client';
import {
  at,
  conversationOf,
  deadLetterCount,
  deliver,
  inboundReaction,
  inboundText,
  ingestHandler,
  newCustomer,
  purgeDeadLetters,
  silenceIngestLogs,
} from '../helpers/fault-ingest';
import { injectFaults, networkError, runStopped, throttled, throttling, transactionConflict, type Fault, type FaultInjector } from '../helpers/faults';
import { getConversationView, getItem } from '../helpers/table';

/**
 * Inbound messages under DynamoDB faults: for every DynamoDB call an inbound message makes, a fault at that call
 * (throttled after the SDK's retries, a transaction conflict, a broken connection before or after the write landed,
 * the run stopped right after it). Each time: the invocation fails so Lambda retries it, the retry finishes the job,
 * nothing reaches the dead letters, and after SNS delivers everything once more the conversation counts each message
 * exactly once.
 */
let faults: FaultInjector;
let restoreLogs: () => void;
beforeAll(async () => {
  await ingestHandler();
  restoreLogs = silenceIngestLogs();
  faults = injectFaults(dynamo());
});
afterAll(() => {
  faults.remove();
  restoreLogs();
});
beforeEach(async () => {
  faults.set([]);
  await purgeDeadLetters();
});

const FAULTS: Fault[] = [throttled(), throttling(), transactionConflict(), networkError(), networkError({ after: true }), runStopped()];

/** DynamoDB calls ingest makes for `record` on a conversation in the same state (measured on another customer). */
async function callsFor(prepare: (customer: string) => Promise<void>, record: (customer: string) => ReturnType<typeof inboundText>): Promise<number> {
  const probe = newCustomer();
  await prepare(probe);
  faults.clearLog();
  await deliver(record(probe));
  return faults.calls.length;
}

/** Delivers `record` with a fault at its `n`th DynamoDB call: the first attempt fails, Lambda's retry succeeds. */
async function deliverWithFaultAt(n: number, fault: Fault, record: ReturnType<typeof inboundText>) {
  faults.set([{ nth: n, fault }]);
  const outcome = await deliver(record);
  faults.set([]);
  expect(faults.injected.at(-1)?.kind, `fault ${fault.kind} at call ${n}`).toBe(fault.kind);
  expect(outcome, `fault ${fault.kind} at call ${n}`).toMatchObject({ attempts: 2, exhausted: false });
  expect(outcome.errors[0]).toMatchObject({ name: 'TransientIngestError' });
  faults.clearLog();
}

describe('faults: inbound messages and DynamoDB', () => {
  it.each(FAULTS.map((f) => [f.kind, f] as const))('%s at any call of an inbound text: retried, stored once, counted once', async (_kind, fault) => {
    const calls = await callsFor(async (c) => void (await deliver(inboundText(c, newWamid(), 1))), (c) => inboundText(c, newWamid(), 2));
    expect(calls).toBeGreaterThanOrEqual(2);
    for (let n = 1; n <= calls; n++) {
      const customer = newCustomer();
      const wamids = [newWamid(), newWamid(), newWamid()];
      const records = wamids.map((w, i) => inboundText(customer, w, i + 1));
      await deliver(records[0]!);
      await deliverWithFaultAt(n, fault, records[1]!);
      await deliver(records[2]!);
      // SNS delivers at least once: everything again, the faulted record too.
      for (const r of records) expect(await deliver(r)).toMatchObject({ attempts: 1 });

      for (const [i, w] of wamids.entries()) expect(await getItem(`MSG#${w}`), `call ${n}`).toMatchObject({ direction: 'INBOUND', text: `message at ${i + 1}` });
      expect(await getConversationView(conversationOf(customer)), `fault ${fault.kind} at call ${n}`).toMatchObject({
        unreadCount: 3,
        lastMessageId: wamids[2],
        lastInboundMessageId: wamids[2],
        lastInboundAt: at(3).toISOString(),
        windowExpiresAt: new Date(at(3).getTime() + 24 * 3600_000).toISOString(),
      });
    }
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);

  it.each(FAULTS.map((f) => [f.kind, f] as const))('%s at any call of a late (older) message: it still counts once and opens nothing twice', async (_kind, fault) => {
    const calls = await callsFor(async (c) => void (await deliver(inboundText(c, newWamid(), 5))), (c) => inboundText(c, newWamid(), 2));
    for (let n = 1; n <= calls; n++) {
      const customer = newCustomer();
      const [newer, older] = [newWamid(), newWamid()];
      await deliver(inboundText(customer, newer, 5));
      await deliverWithFaultAt(n, fault, inboundText(customer, older, 2));
      await deliver(inboundText(customer, older, 2));

      expect(await getItem(`MSG#${older}`)).toMatchObject({ direction: 'INBOUND' });
      expect(await getConversationView(conversationOf(customer)), `fault ${fault.kind} at call ${n}`).toMatchObject({
        unreadCount: 2,
        lastMessageId: newer,
        lastInboundMessageId: newer,
        lastInboundAt: at(5).toISOString(),
      });
    }
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);

  it.each(FAULTS.map((f) => [f.kind, f] as const))('%s at any call of a reaction: the target carries it once', async (_kind, fault) => {
    const prepare = async (c: string) => void (await deliver(inboundText(c, `${c}-target`, 1)));
    const calls = await callsFor(prepare, (c) => inboundReaction(c, newWamid(), 2, `${c}-target`, '👍'));
    for (let n = 1; n <= calls; n++) {
      const customer = newCustomer();
      const target = newWamid();
      const reaction = newWamid();
      await deliver(inboundText(customer, target, 1));
      await deliverWithFaultAt(n, fault, inboundReaction(customer, reaction, 2, target, '👍'));
      await deliver(inboundReaction(customer, reaction, 2, target, '👍'));

      expect(await getItem(`MSG#${reaction}`), `call ${n}`).toMatchObject({ type: 'reaction' });
      const original = await getItem(`MSG#${target}`);
      expect(original, `fault ${fault.kind} at call ${n}`).toMatchObject({ customerReaction: '👍', customerReactionId: reaction });
      expect(await getConversationView(conversationOf(customer))).toMatchObject({ unreadCount: 2, lastMessageId: reaction });
    }
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);
});
