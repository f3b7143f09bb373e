import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildEnvelope, newWamid, statusValue, type MetaStatusName } from '../../../local/standins/eum/envelope';
import type { EumStandin } from '../../../local/standins/eum/server';
import { dynamo } from '../../../shared/table/client';
import { lambdaContext, snsRecord, type Invoke } from '../../helpers/events';
import { customerWrites } from '../helpers/customer';
import { startEumForTest } from '../helpers/eum';
import { at, deliver, ingestHandler, newCustomer, silenceIngestLogs, statusRecord, storeSend } from '../helpers/fault-ingest';
import { injectFaults, networkError, runStopped, throttled, throttling, transactionConflict, type Fault, type FaultInjector, type SdkCall } from '../helpers/faults';
import { getItem } from '../helpers/table';

/**
 * Statuses that arrived before their send was stored wait as PENDING_STATUS until the store takes them in. A fault
 * in the store (throttling, a conflict, a network error before or after the write, the run stopped) must not leave
 * them waiting forever, and a send whose message did get stored must not answer 500: the store folds the waiting
 * statuses into the message's own transaction (nothing follows it that a fault could skip) and retries transient
 * faults (it is idempotent: the message put is conditional on absence).
 */
let faults: FaultInjector;
let restoreLogs: () => void;
let eum: EumStandin;
let messaging: Invoke;
beforeAll(async () => {
  ({ eum } = await startEumForTest());
  await ingestHandler();
  messaging = (await import('../../../functions/messaging/handler')).handler as unknown as Invoke;
  restoreLogs = silenceIngestLogs();
  faults = injectFaults(dynamo());
});
afterAll(async () => {
  faults.remove();
  restoreLogs();
  await eum.close();
});
beforeEach(() => {
  faults.set([]);
  faults.clearLog();
});

const STATUSES: MetaStatusName[] = ['sent', 'delivered', 'read'];
const TRANSIENT: Fault[] = [throttled(), throttling(), transactionConflict(), networkError(), networkError({ after: true })];

interface Send {
  customer: string;
  eumId: string;
  wamid: string;
}
const newSend = (): Send => ({ customer: newCustomer(), eumId: randomUUID(), wamid: newWamid() });
const statusesFirst = async (s: Send) => {
  for (const [i, name] of STATUSES.entries()) await deliver(statusRecord(s.customer, s.eumId, s.wamid, name, i + 1));
};

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

/** The transaction that lands the message with the statuses that waited: it deletes their PENDING_STATUS item. */
const isFoldingStore = (c: SdkCall) =>
  c.command === 'TransactWriteItemsCommand' && ((c.input.TransactItems as Record<string, unknown>[]) ?? []).some((t) => 'Delete' in t);

describe('faults: the store of a send whose statuses came first', () => {
  it.each(TRANSIENT.map((f) => [f.kind, f] as const))('%s at any call of the store: it finishes, and its statuses are applied', async (_kind, fault) => {
    const probe = newSend();
    await statusesFirst(probe);
    faults.clearLog();
    await storeSend(probe.customer, probe.eumId);
    const calls = faults.calls.length;
    expect(calls).toBeGreaterThanOrEqual(2);
    for (let n = 1; n <= calls; n++) {
      const s = newSend();
      const what = `${fault.kind} at call ${n} of ${calls}`;
      await statusesFirst(s);
      faults.clearLog();
      faults.set([{ nth: n, fault }]);
      await storeSend(s.customer, s.eumId); // resolves: the store retried past the fault
      faults.set([]);
      expect(faults.injected.map((f) => f.kind), what).toEqual([fault.kind]);
      await expectRead(s, what);
    }
  });

  it('the run stopped right after the transaction that stores the message: its statuses landed with it', async () => {
    const s = newSend();
    await statusesFirst(s);
    faults.set([{ where: isFoldingStore, fault: runStopped() }]);
    await expect(storeSend(s.customer, s.eumId)).rejects.toMatchObject({ name: 'RunStopped' });
    faults.set([]);
    expect(faults.injected).toHaveLength(1);
    await expectRead(s, 'run stopped after the store');
  });

  it('the run stopped before the message landed: nothing is stored, the statuses still wait for it', async () => {
    const s = newSend();
    await statusesFirst(s);
    faults.set([{ nth: 1, fault: runStopped() }]);
    await expect(storeSend(s.customer, s.eumId)).rejects.toMatchObject({ name: 'RunStopped' });
    faults.set([]);
    expect(await getItem(`MSG#${s.eumId}`)).toBeUndefined();
    const waiting = await getItem(`PENDING_STATUS#${s.eumId}`);
    expect(Object.keys(waiting ?? {}).filter((k) => k.startsWith('status_')).sort()).toEqual(['status_delivered', 'status_read', 'status_sent']);
  });

  it('a status parked between the store reading the waiting ones and its transaction is taken in too', async () => {
    const s = newSend();
    await deliver(statusRecord(s.customer, s.eumId, s.wamid, 'sent', 1));
    await deliver(statusRecord(s.customer, s.eumId, s.wamid, 'delivered', 2));
    // `read` arrives just after the store read PENDING_STATUS (its ingest sees no message yet and parks it).
    let parked = false;
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const key = (args.input as { Key?: { pk?: string } }).Key?.pk;
        if (!parked && /^Get(Item)?Command$/.test(context.commandName ?? '') && key === `PENDING_STATUS#${s.eumId}`) {
          parked = true;
          const late = await deliver(statusRecord(s.customer, s.eumId, s.wamid, 'read', 3));
          expect(late).toMatchObject({ attempts: 1, result: expect.anything() });
        }
        return out;
      },
      { step: 'initialize', name: 'parkReadMidStore' },
    );
    try {
      await storeSend(s.customer, s.eumId);
    } finally {
      dynamo().middlewareStack.remove('parkReadMidStore');
    }
    expect(parked).toBe(true);
    await expectRead(s, 'read parked mid-store');
  });

  /** What a message item holds beyond its own ids and the store's clock. */
  const shape = (item: Record<string, unknown> | undefined) => {
    const { pk, messageId, eumMessageId, conversationPk, to, waMessageId, acceptedAt, receivedAt, createdAt, ...rest } = item ?? {};
    return rest;
  };
  /** Meta's statuses for one send (a failure with its errors, a warning, a late success...), at fixed times. */
  const metaStatus = (s: Send, status: MetaStatusName | 'warning', second: number, errors?: { code: number; title: string }[]) =>
    snsRecord(
      JSON.stringify(
        buildEnvelope({
          field: 'messages',
          messageId: s.eumId,
          timestamp: at(second),
          value: statusValue({ wamid: s.wamid, status: status as MetaStatusName, recipientId: s.customer, timestamp: at(second), ...(errors ? { errors } : {}) }),
        }),
      ),
    );

  it.each([
    ['sent, delivered, read', (s: Send) => STATUSES.map((name, i) => statusRecord(s.customer, s.eumId, s.wamid, name, i + 1)), { status: 'read', readAt: at(3).toISOString() }],
    [
      'sent, a warning, failed with errors, then delivered',
      (s: Send) => [
        metaStatus(s, 'sent', 1),
        metaStatus(s, 'warning', 2, [{ code: 131053, title: 'Media upload error' }]),
        metaStatus(s, 'failed', 3, [{ code: 131026, title: 'Message undeliverable' }]),
        metaStatus(s, 'delivered', 4),
      ],
      { status: 'delivered', failedAt: at(3).toISOString(), errors: [expect.objectContaining({ code: 131026 })], warningErrors: [expect.objectContaining({ code: 131053 })] },
    ],
  ] as const)('statuses first or message first (%s): the same message item', async (_what, records, expected) => {
    const early = newSend();
    for (const r of records(early)) await deliver(r);
    await storeSend(early.customer, early.eumId);
    const late = newSend();
    await storeSend(late.customer, late.eumId);
    for (const r of records(late)) await deliver(r);
    const [first, second] = [await getItem(`MSG#${early.eumId}`), await getItem(`MSG#${late.eumId}`)];
    expect(shape(first)).toEqual(shape(second));
    expect(first).toMatchObject({ ...expected, waMessageId: early.wamid });
    expect(await getItem(`PENDING_STATUS#${early.eumId}`)).toBeUndefined();
  });
});

describe('faults: send_text when storing its message hits a fault', () => {
  const storeOf = (c: SdkCall) => c.command === 'TransactWriteItemsCommand' && c.keys.some((k) => k.startsWith('MSG#'));

  it.each([networkError({ after: true }), throttled(), transactionConflict()].map((f) => [f.kind, f] as const))(
    '%s at the store: the message is stored once and the send answers 200',
    async (_kind, fault) => {
      const customer = newCustomer();
      await customerWrites(customer);
      faults.set([{ where: storeOf, fault }]);
      const res = await messaging({ action: 'send_text', to: customer, text: 'hello' }, lambdaContext);
      faults.set([]);
      expect(faults.injected.map((f) => f.kind)).toEqual([fault.kind]);
      expect(res).toMatchObject({ statusCode: 200, status: 'accepted' });
      expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ messageId: res.messageId, to: customer, status: 'accepted' });
      expect(eum.sends.filter((x) => JSON.stringify(x).includes(customer))).toHaveLength(1);
    },
  );
});
