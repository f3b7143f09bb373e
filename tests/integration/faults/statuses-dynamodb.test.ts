import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newWamid, type MetaStatusName } from '../../../local/standins/eum/envelope';
import { dynamo } from '../../../shared/table/client';
import { at, deadLetterCount, deliver, ingestHandler, newCustomer, purgeDeadLetters, silenceIngestLogs, statusRecord, storeSend } from '../helpers/fault-ingest';
import { injectFaults, networkError, runStopped, throttled, throttling, transactionConflict, type Fault, type FaultInjector } from '../helpers/faults';
import { getItem } from '../helpers/table';

/**
 * Delivery statuses under DynamoDB faults, at every call each status makes, in order and before the send is stored:
 * the invocation fails and Lambda's retry finishes it; every message ends `read` with each status time recorded
 * once, its wamid alias written, and no pending status left behind.
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
const STATUSES: MetaStatusName[] = ['sent', 'delivered', 'read'];

interface Send {
  customer: string;
  eumId: string;
  wamid: string;
}
const newSend = (): Send => ({ customer: newCustomer(), eumId: randomUUID(), wamid: newWamid() });
const status = (s: Send, name: MetaStatusName) => statusRecord(s.customer, s.eumId, s.wamid, name, STATUSES.indexOf(name) + 1);

/**
 * Delivers `record` with a fault at its `n`th DynamoDB call: the first attempt fails, Lambda's retry succeeds. A
 * delivery may make fewer calls than the probe measured (what an earlier one left, in the table or in the process's
 * alias cache): then nothing fires and the delivery succeeds at once. Returns whether the fault fired.
 */
async function deliverWithFaultAt(n: number, fault: Fault, record: ReturnType<typeof status>, what: string): Promise<boolean> {
  faults.set([{ nth: n, fault }]);
  const outcome = await deliver(record);
  faults.set([]);
  const fired = faults.injected.map((f) => f.kind);
  faults.clearLog();
  if (fired.length === 0) {
    expect(outcome, what).toMatchObject({ attempts: 1, exhausted: false });
    return false;
  }
  expect(fired, what).toEqual([fault.kind]);
  expect(outcome, what).toMatchObject({ attempts: 2, exhausted: false });
  expect(outcome.errors[0], what).toMatchObject({ name: 'TransientIngestError' });
  return true;
}

/** DynamoDB calls one delivery makes, measured on another send in the same state. */
async function callsOf(prepare: (s: Send) => Promise<void>, record: (s: Send) => ReturnType<typeof status>): Promise<number> {
  const probe = newSend();
  await prepare(probe);
  faults.clearLog();
  await deliver(record(probe));
  return faults.calls.length;
}

async function expectRead(s: Send, what: string) {
  expect(await getItem(`MSG#${s.eumId}`), what).toMatchObject({
    status: 'read',
    statusRank: 30,
    waMessageId: s.wamid,
    sentAt: at(1).toISOString(),
    deliveredAt: at(2).toISOString(),
    readAt: at(3).toISOString(),
    statusUpdatedAt: at(3).toISOString(),
  });
  expect(await getItem(`WAMID#${s.wamid}`), what).toMatchObject({ targetPk: `MSG#${s.eumId}` });
  expect(await getItem(`PENDING_STATUS#${s.eumId}`), what).toBeUndefined();
}

describe('faults: delivery statuses and DynamoDB', () => {
  it.each(FAULTS.map((f) => [f.kind, f] as const))('%s at any call of a status arriving in order: the message ends read', async (_kind, fault) => {
    let fired = 0;
    for (const [i, name] of STATUSES.entries()) {
      const before = async (s: Send) => {
        await storeSend(s.customer, s.eumId);
        for (const earlier of STATUSES.slice(0, i)) await deliver(status(s, earlier));
      };
      const calls = await callsOf(before, (s) => status(s, name));
      for (let n = 1; n <= calls; n++) {
        const s = newSend();
        const what = `${fault.kind} at call ${n} of ${name}`;
        await before(s);
        if (await deliverWithFaultAt(n, fault, status(s, name), what)) fired++;
        for (const later of STATUSES.slice(i + 1)) await deliver(status(s, later));
        for (const again of STATUSES) expect(await deliver(status(s, again)), what).toMatchObject({ attempts: 1 });
        await expectRead(s, what);
      }
    }
    expect(fired).toBeGreaterThan(0);
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);

  it.each(FAULTS.map((f) => [f.kind, f] as const))('%s at any call of a status arriving before its send is stored: applied when it lands', async (_kind, fault) => {
    // Newest first, all before the store: each one is kept pending, then the store applies them.
    const order: MetaStatusName[] = ['read', 'delivered', 'sent'];
    let fired = 0;
    for (const [i, name] of order.entries()) {
      const before = async (s: Send) => {
        for (const earlier of order.slice(0, i)) await deliver(status(s, earlier));
      };
      const calls = await callsOf(before, (s) => status(s, name));
      for (let n = 1; n <= calls; n++) {
        const s = newSend();
        const what = `${fault.kind} at call ${n} of ${name} (before the store)`;
        await before(s);
        if (await deliverWithFaultAt(n, fault, status(s, name), what)) fired++;
        for (const later of order.slice(i + 1)) await deliver(status(s, later));
        await storeSend(s.customer, s.eumId);
        for (const again of order) await deliver(status(s, again));
        await expectRead(s, what);
      }
    }
    expect(fired).toBeGreaterThan(0);
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);
});
