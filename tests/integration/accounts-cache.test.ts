import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { forgetLinkedAccountsForTests, getLinkedAccounts, resolvePhone } from '../../shared/eum/accounts';
import { socialMessaging } from '../../shared/aws/clients';
import { logger } from '../../shared/observability/powertools';
import { getAccountsCache, putAccountsCache } from '../../shared/table/accounts-cache';
import { dynamo } from '../../shared/table/client';
import { lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { eumInternalError, injectFaults, type FaultInjector } from './helpers/faults';

/**
 * Issue 8.8 and 10.4: the linked accounts live in the warm function's memory and age on the table cache's schedule
 * (ACCOUNT_CACHE_SECONDS, 600 here); a failing EUM at refresh leaves the stale list in use (with a warning); an
 * unknown phone id costs one re-read of EUM, then answers 404 from memory for a minute, naming the linked numbers.
 * Time moves with a faked clock (Date only: sockets and timers stay real).
 */
let eum: EumStandin;
let messaging: Invoke;
let eumFaults: FaultInjector;
let dynamoFaults: FaultInjector;
const LIST = 'ListLinkedWhatsAppBusinessAccountsCommand';
const UNKNOWN = 'phone-number-id-00000000000000000000000000000000';

const eumLists = () => eumFaults.calls.filter((c) => c.command === LIST).length;
const cacheReads = () => dynamoFaults.calls.filter((c) => c.keys.includes('CONFIG#LINKED_ACCOUNTS') && /^Get(Item)?Command$/.test(c.command)).length;
const linkedIds = (r: { accounts: { phoneNumbers: { phoneNumberId: string }[] }[] }) => r.accounts.flatMap((a) => a.phoneNumbers.map((p) => p.phoneNumberId));
let clock = Date.now();
/** Moves the faked clock forward. */
const later = (seconds: number) => vi.setSystemTime((clock += seconds * 1000));

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  eumFaults = injectFaults(socialMessaging());
  dynamoFaults = injectFaults(dynamo());
});
afterAll(async () => {
  eumFaults.remove();
  dynamoFaults.remove();
  await eum.close();
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // Each test an hour after the last one: what earlier tests cached is stale.
  later(3600);
  forgetLinkedAccountsForTests();
  eum.reset();
  eumFaults.set([]);
  eumFaults.clearLog();
  dynamoFaults.clearLog();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('linked accounts in memory', () => {
  it('a warm function resolves its number with no request at all, then refreshes on the cache schedule', async () => {
    await resolvePhone({});
    eumFaults.clearLog();
    dynamoFaults.clearLog();

    later(599);
    expect((await resolvePhone({ phoneNumberId: DEMO_PHONE.phoneNumberId })).arn).toBe(DEMO_PHONE.arn);
    expect(await getLinkedAccounts()).toMatchObject({ source: 'cache' });
    expect([cacheReads(), eumLists()]).toEqual([0, 0]);

    later(2); // past ACCOUNT_CACHE_SECONDS: the table item is as old, so EUM is asked, once
    const [a, b] = await Promise.all([getLinkedAccounts(), getLinkedAccounts()]);
    expect([a.source, b.source]).toEqual(['eum', 'eum']);
    expect([cacheReads(), eumLists()]).toEqual([1, 1]);
    expect((await getAccountsCache<{ id: string }>())?.fetchedAt).toBe(a.fetchedAt);
  });

  it('takes a fresher table item written by another process instead of asking EUM', async () => {
    const first = await getLinkedAccounts();
    later(601);
    const othersCopy = { accounts: first.accounts, fetchedAt: new Date(clock - 5_000).toISOString() };
    await putAccountsCache(othersCopy);
    eumFaults.clearLog();
    expect(await getLinkedAccounts()).toMatchObject({ source: 'cache', fetchedAt: othersCopy.fetchedAt });
    expect(eumLists()).toBe(0);
  });

  it('a send on a warm function reads no cache item and calls no EUM listing', async () => {
    await customerWrites('15556670001');
    await messaging({ action: 'send_text', to: '15556670001', text: 'one' }, lambdaContext);
    eumFaults.clearLog();
    dynamoFaults.clearLog();
    const res = await messaging({ action: 'send_text', to: '15556670001', text: 'two' }, lambdaContext);
    expect(res.statusCode).toBe(200);
    expect([cacheReads(), eumLists()]).toEqual([0, 0]);
  });
});

describe('EUM failing at refresh', () => {
  // The warning is expected here: kept, checked, not printed.
  let warn: { mock: { calls: unknown[][] } };
  beforeEach(() => {
    warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });

  it('the stale list is used and a warning logged; EUM is asked again after a pause, and recovers', async () => {
    const fresh = await getLinkedAccounts();
    eumFaults.set([{ command: LIST, times: Infinity, fault: eumInternalError() }]);
    later(700);

    const stale = await getLinkedAccounts();
    expect(stale).toMatchObject({ source: 'cache', stale: true, fetchedAt: fresh.fetchedAt });
    expect(linkedIds(stale)).toContain(DEMO_PHONE.phoneNumberId);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('using the stale cache'), expect.objectContaining({ fetchedAt: fresh.fetchedAt }));
    expect(eumFaults.counts['eum:InternalServiceException']).toBe(1);

    // A send still finds its number while EUM's listing is down, without asking EUM on every request.
    await customerWrites('15556670002');
    const sent = await messaging({ action: 'send_text', to: '15556670002', text: 'during the outage' }, lambdaContext);
    expect(sent.statusCode).toBe(200);
    expect(eumFaults.counts['eum:InternalServiceException']).toBe(1);

    later(31); // the pause is over: EUM is asked again (still failing: stale again)
    expect(await getLinkedAccounts()).toMatchObject({ stale: true });
    expect(eumFaults.counts['eum:InternalServiceException']).toBe(2);

    eumFaults.set([]);
    later(31);
    const back = await getLinkedAccounts();
    expect(back.source).toBe('eum');
    expect(back.stale).toBeUndefined();
  });

  it('a new process with only a stale table item uses it too', async () => {
    await getLinkedAccounts();
    forgetLinkedAccountsForTests();
    eumFaults.set([{ command: LIST, times: Infinity, fault: eumInternalError() }]);
    later(700);
    const stale = await getLinkedAccounts();
    expect(stale).toMatchObject({ source: 'cache', stale: true });
    expect((await resolvePhone({ phoneNumberId: DEMO_PHONE.phoneNumberId })).phoneNumberId).toBe(DEMO_PHONE.phoneNumberId);
  });

  it('an asked-for refresh that fails answers with the stale list, marked stale', async () => {
    await getLinkedAccounts();
    eumFaults.set([{ command: LIST, times: Infinity, fault: eumInternalError() }]);
    const res = await getLinkedAccounts({ refresh: true });
    expect(res).toMatchObject({ source: 'cache', stale: true });
    expect(linkedIds(res)).toContain(DEMO_PHONE.phoneNumberId);
    // What a caller of get_wabas sees: the list, and that it is the last one EUM gave.
    const config = (await import('../../functions/config/handler')).handler as unknown as Invoke;
    const wabas = await config({ action: 'get_wabas', refresh: true }, lambdaContext);
    expect(wabas).toMatchObject({ statusCode: 200, stale: true, source: 'cache', fetchedAt: res.fetchedAt });
    expect(JSON.stringify(wabas.wabas)).toContain(DEMO_PHONE.phoneNumberId);
  });
});

describe('an unknown phone id', () => {
  const sendFrom = (phoneNumberId: string) => messaging({ action: 'send_text', to: '15556670003', text: 'x', phoneNumberId }, lambdaContext);

  it('re-reads EUM once, then answers 404 from memory for a minute, always naming the linked numbers', async () => {
    await getLinkedAccounts();
    eumFaults.clearLog();
    dynamoFaults.clearLog();
    const first = await sendFrom(UNKNOWN);
    expect(first).toMatchObject({ statusCode: 404, validChoices: [expect.objectContaining({ phoneNumberId: DEMO_PHONE.phoneNumberId })] });
    expect(first.error).toContain(DEMO_PHONE.phoneNumberId);
    expect(eumLists()).toBe(1);

    for (let i = 0; i < 3; i++) {
      later(15);
      expect(await sendFrom(UNKNOWN)).toMatchObject({ statusCode: 404, validChoices: [expect.objectContaining({ phoneNumberId: DEMO_PHONE.phoneNumberId })] });
    }
    expect(eumLists()).toBe(1);
    expect(cacheReads()).toBe(0);

    later(16); // the minute is over: a number linked meanwhile would be found now
    expect((await sendFrom(UNKNOWN)).statusCode).toBe(404);
    expect(eumLists()).toBe(2);
    expect(eum.sends).toHaveLength(0);
  });
});
