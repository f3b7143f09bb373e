import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newWamid, type MetaStatusName } from '../../../local/standins/eum/envelope';
import { dynamo } from '../../../shared/table/client';
import { forgetKnownAliases } from '../../../shared/table/message-statuses';
import { at, deadLetterCount, deliver, ingestHandler, newCustomer, purgeDeadLetters, silenceIngestLogs, statusRecord, storeSend } from '../helpers/fault-ingest';
import { injectFaults, networkError, runStopped, throttled, transactionConflict, type Fault, type FaultInjector } from '../helpers/faults';
import { getItem } from '../helpers/table';

/**
 * Statuses that came without EUM's id before their wamid's alias existed wait on the alias item; the first status
 * that names the send puts the alias, finds them and applies them (several calls: the item made the alias, each
 * waiting status, their removal, then its own write). A fault at any of those calls, the waiting write's or the
 * store's fold of them fails the invocation, and Lambda's retry (or the next status naming the send) finishes:
 * every message ends `read` with each time once, a bare alias, and nothing left waiting.
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

const FAULTS: Fault[] = [throttled(), transactionConflict(), networkError(), networkError({ after: true }), runStopped()];
const SECOND: Record<string, number> = { sent: 1, delivered: 2, read: 3 };

interface Send {
  customer: string;
  eumId: string;
  wamid: string;
}
const newSend = (): Send => ({ customer: newCustomer(), eumId: randomUUID(), wamid: newWamid() });

/** A step of a scenario: the send's store, or a status named by EUM's id or not (delivered by a fresh instance). */
type Step = { kind: 'store' } | { kind: 'status'; name: MetaStatusName; named: boolean };
const store: Step = { kind: 'store' };
const named = (name: MetaStatusName): Step => ({ kind: 'status', name, named: true });
const unnamed = (name: MetaStatusName): Step => ({ kind: 'status', name, named: false });
const label = (s: Step) => (s.kind === 'store' ? 'store' : `${s.named ? '' : 'unnamed '}${s.name}`);

async function run(s: Send, step: Step) {
  if (step.kind === 'store') return storeSend(s.customer, s.eumId);
  if (!step.named) forgetKnownAliases(); // a Lambda instance that never saw the alias
  return deliver(statusRecord(s.customer, step.named ? s.eumId : '', s.wamid, step.name, SECOND[step.name]!));
}

async function expectRead(s: Send, what: string) {
  expect(await getItem(`MSG#${s.eumId}`), what).toMatchObject({
    status: 'read',
    waMessageId: s.wamid,
    sentAt: at(1).toISOString(),
    deliveredAt: at(2).toISOString(),
    readAt: at(3).toISOString(),
  });
  expect(await getItem(`WAMID#${s.wamid}`), what).toEqual({ pk: `WAMID#${s.wamid}`, itemType: 'MESSAGE_ALIAS', targetPk: `MSG#${s.eumId}` });
  expect(await getItem(`PENDING_STATUS#${s.eumId}`), what).toBeUndefined();
}

/** Every call of every status step of `scenario` in turn fails once with `fault`; then the rest and a redelivery of all. */
async function faultEveryCall(scenario: Step[], fault: Fault): Promise<number> {
  let fired = 0;
  for (const [i, step] of scenario.entries()) {
    if (step.kind === 'store') continue;
    const before = async (s: Send) => {
      for (const earlier of scenario.slice(0, i)) await run(s, earlier);
    };
    const probe = newSend();
    await before(probe);
    faults.clearLog();
    await run(probe, step);
    const calls = faults.calls.length;
    for (let n = 1; n <= calls; n++) {
      const s = newSend();
      const what = `${fault.kind} at call ${n} of ${label(step)} in ${scenario.map(label).join(' → ')}`;
      await before(s);
      faults.set([{ nth: n, fault }]);
      const outcome = await run(s, step);
      faults.set([]);
      if (faults.injected.length) {
        fired++;
        expect(outcome, what).toMatchObject({ exhausted: false });
      }
      faults.clearLog();
      for (const later of scenario.slice(i + 1)) await run(s, later);
      for (const again of scenario) if (again.kind === 'status') await run(s, again);
      await expectRead(s, what);
    }
  }
  return fired;
}

describe('faults: statuses waiting on their alias', () => {
  it.each(FAULTS.map((f) => [f.kind, f] as const))('%s at any call: an unnamed status waits, the named sent adopts it', async (_kind, fault) => {
    const fired = await faultEveryCall([store, unnamed('read'), named('sent'), named('delivered')], fault);
    expect(fired).toBeGreaterThan(0);
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);

  it.each(FAULTS.map((f) => [f.kind, f] as const))('%s at any call: an unnamed status waits and the named sent comes before the store, which folds both', async (_kind, fault) => {
    const fired = await faultEveryCall([unnamed('read'), named('sent'), store, unnamed('delivered')], fault);
    expect(fired).toBeGreaterThan(0);
    expect(await deadLetterCount()).toBe(0);
  }, 180_000);
});
