import type { LinkedWhatsAppBusinessAccountSummary } from '@aws-sdk/client-socialmessaging';
import { eumSdk, socialMessaging } from '../aws/clients';
import { getConfig } from '../config';
import { NotFoundError, ValidationError } from '../errors';
import { getAccountsCache, putAccountsCache, type AccountsCache } from '../table/accounts-cache';
import { errorForLog, logger } from '../observability/powertools';
import { nowIso } from '../time';
import { fromEumError } from './errors';

export interface LinkedPhone {
  phoneNumberId: string;
  arn: string;
  metaPhoneNumberId: string;
  phoneNumber: string;
  displayPhoneNumber: string;
  displayPhoneNumberName: string;
  qualityRating: string;
  dataLocalizationRegion?: string;
}

export interface LinkedAccount {
  id: string;
  arn: string;
  /** Meta's WABA id: what callers pass as `metaWabaId`. */
  wabaId: string;
  wabaName: string;
  registrationStatus: string;
  linkDate?: string;
  phoneNumbers: LinkedPhone[];
}

export interface ResolvedPhone extends LinkedPhone {
  account: Pick<LinkedAccount, 'id' | 'arn' | 'wabaId' | 'wabaName'>;
}


async function fetchFromEum(): Promise<LinkedAccount[]> {
  const client = socialMessaging();
  const summaries: LinkedWhatsAppBusinessAccountSummary[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(new (eumSdk().ListLinkedWhatsAppBusinessAccountsCommand)({ nextToken, maxResults: 100 }));
      summaries.push(...(page.linkedAccounts ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return await Promise.all(
      summaries.map(async (s) => {
        const { account } = await client.send(new (eumSdk().GetLinkedWhatsAppBusinessAccountCommand)({ id: s.id }));
        return {
          id: s.id!,
          arn: s.arn!,
          wabaId: s.wabaId!,
          wabaName: s.wabaName ?? '',
          registrationStatus: s.registrationStatus ?? 'UNKNOWN',
          linkDate: s.linkDate?.toISOString(),
          phoneNumbers: (account?.phoneNumbers ?? []).map((p) => ({
            phoneNumberId: p.phoneNumberId!,
            arn: p.arn!,
            metaPhoneNumberId: p.metaPhoneNumberId!,
            phoneNumber: p.phoneNumber ?? '',
            displayPhoneNumber: p.displayPhoneNumber ?? '',
            displayPhoneNumberName: p.displayPhoneNumberName ?? '',
            qualityRating: p.qualityRating ?? 'UNKNOWN',
            ...(p.dataLocalizationRegion ? { dataLocalizationRegion: p.dataLocalizationRegion } : {}),
          })),
        };
      }),
    );
  } catch (err) {
    return fromEumError(err, 'ListLinkedWhatsAppBusinessAccounts');
  }
}

type Accounts = AccountsCache<LinkedAccount>;
export type LinkedAccounts = Accounts & { source: 'cache' | 'eum'; stale?: true };

/**
 * The accounts as this process last saw them, kept across invocations of a warm function: a send reads no cache
 * item at all while they are fresh. They age on the table cache's schedule (fetchedAt + ACCOUNT_CACHE_SECONDS).
 */
let memory: Accounts | undefined;
/** One load and one EUM refresh at a time per process: concurrent requests share them. */
const inFlight: { load?: Promise<LinkedAccounts>; refresh?: Promise<LinkedAccounts> } = {};
/** After EUM failed to refresh, the stale copy serves (without any request) for this long before EUM is asked again. */
const RETRY_EUM_AFTER_MS = 30_000;
let eumFailedAt = 0;

const isFresh = (c: Accounts | undefined): c is Accounts =>
  !!c && Date.now() - Date.parse(c.fetchedAt) < getConfig().ACCOUNT_CACHE_SECONDS * 1000;
const eumFailedRecently = (): boolean => Date.now() - eumFailedAt < RETRY_EUM_AFTER_MS;
const staleCopy = (c: Accounts): LinkedAccounts => ({ accounts: c.accounts, fetchedAt: c.fetchedAt, source: 'cache', stale: true });

async function refreshFromEum(stale: Accounts | undefined): Promise<LinkedAccounts> {
  if (stale && eumFailedRecently()) return staleCopy(stale);
  let accounts: LinkedAccount[];
  try {
    accounts = await fetchFromEum();
  } catch (err) {
    // EUM down or throttled: numbers rarely change, so the last known list beats failing every request.
    const fallback = stale ?? (await getAccountsCache<LinkedAccount>().catch(() => undefined));
    if (!fallback) throw err;
    memory ??= { accounts: fallback.accounts, fetchedAt: fallback.fetchedAt };
    eumFailedAt = Date.now();
    logger.warn('linked accounts could not be refreshed from EUM Social; using the stale cache', { fetchedAt: fallback.fetchedAt, error: errorForLog(err) });
    return staleCopy(fallback);
  }
  const fresh = { accounts, fetchedAt: nowIso() };
  memory = fresh;
  eumFailedAt = 0;
  // The table item only spares other processes a call to EUM: failing to write it fails no request.
  await putAccountsCache(fresh).catch((err: unknown) => logger.warn('linked accounts cache item not written', { error: errorForLog(err) }));
  return { ...fresh, source: 'eum' };
}

/** Memory is stale or empty: the table item, if another process refreshed it meanwhile, else EUM. */
async function load(): Promise<LinkedAccounts> {
  let stale = memory;
  // A failed read of the item is no reason to fail the request while EUM (or the stale copy in memory) can answer.
  const stored = await getAccountsCache<LinkedAccount>().catch((err: unknown) => void logger.warn('linked accounts cache item not read', { error: errorForLog(err) }));
  if (stored && (!stale || Date.parse(stored.fetchedAt) > Date.parse(stale.fetchedAt))) stale = { accounts: stored.accounts, fetchedAt: stored.fetchedAt };
  if (isFresh(stale)) {
    memory = stale;
    return { ...stale, source: 'cache' };
  }
  return refreshFromEum(stale);
}

/**
 * The linked WABAs and their phone numbers: from this process's memory while fresh (no request), else from the
 * cache item in the table (one GetItem), else re-read from EUM Social, also when `refresh` is asked for. When EUM
 * fails at a refresh, the stale list is used (and a warning logged) rather than failing the request.
 */
export async function getLinkedAccounts(opts: { refresh?: boolean } = {}): Promise<LinkedAccounts> {
  if (opts.refresh) {
    inFlight.refresh ??= refreshFromEum(memory).finally(() => (inFlight.refresh = undefined));
    return inFlight.refresh;
  }
  if (isFresh(memory)) return { ...memory, source: 'cache' };
  if (memory && eumFailedRecently()) return staleCopy(memory);
  inFlight.load ??= load().finally(() => (inFlight.load = undefined));
  return inFlight.load;
}

/** Tests only: forget what this process remembers, as a new process would. */
export function forgetLinkedAccountsForTests(): void {
  memory = undefined;
  inFlight.load = inFlight.refresh = undefined;
  eumFailedAt = 0;
  misses.clear();
}

export interface PhoneSelector {
  /** Meta's WABA id (or EUM's waba-… id / ARN). */
  metaWabaId?: string;
  /** EUM's phone-number-id-…, its ARN, or Meta's numeric phone number id. */
  phoneNumberId?: string;
}

function pick(accounts: LinkedAccount[], sel: PhoneSelector): ResolvedPhone | 'none' | ResolvedPhone[] {
  const all = accounts.flatMap((a) =>
    a.phoneNumbers.map((p) => ({ ...p, account: { id: a.id, arn: a.arn, wabaId: a.wabaId, wabaName: a.wabaName } })),
  );
  let candidates = all;
  if (sel.metaWabaId) {
    const w = sel.metaWabaId;
    candidates = candidates.filter((p) => p.account.wabaId === w || p.account.id === w || p.account.arn === w);
  }
  if (sel.phoneNumberId) {
    const id = sel.phoneNumberId;
    candidates = candidates.filter((p) => p.phoneNumberId === id || p.arn === id || p.metaPhoneNumberId === id);
  }
  if (candidates.length === 0) return 'none';
  if (candidates.length === 1 || sel.phoneNumberId) return candidates[0]!;
  return candidates;
}

/**
 * Selectors that matched no linked number, and until when that answer stands: a caller repeating an unknown id
 * gets its 404 without a re-read of EUM on every request.
 */
const misses = new Map<string, number>();
const MISS_TTL_MS = 60_000;
const MAX_MISSES = 1_000;

function rememberMiss(key: string): void {
  if (misses.size >= MAX_MISSES) misses.delete(misses.keys().next().value!);
  misses.set(key, Date.now() + MISS_TTL_MS);
}

/** Finds the business phone number a request speaks for. One linked number needs no selector at all. */
export async function resolvePhone(sel: PhoneSelector): Promise<ResolvedPhone> {
  let { accounts } = await getLinkedAccounts();
  let found = pick(accounts, sel);
  // A number linked since the cache was filled: look once more at EUM itself before saying no, unless this same
  // selector missed a moment ago.
  const missKey = JSON.stringify([sel.metaWabaId ?? null, sel.phoneNumberId ?? null]);
  if (found === 'none' && (misses.get(missKey) ?? 0) < Date.now()) {
    ({ accounts } = await getLinkedAccounts({ refresh: true }));
    found = pick(accounts, sel);
    if (found === 'none') rememberMiss(missKey);
  }
  const choices = accounts.flatMap((a) =>
    a.phoneNumbers.map((p) => ({ metaWabaId: a.wabaId, phoneNumberId: p.phoneNumberId, displayPhoneNumber: p.displayPhoneNumber })),
  );
  if (found === 'none') {
    throw new NotFoundError(
      `No linked phone number matches ${JSON.stringify(sel)}. Linked: ${choices.map((c) => `${c.metaWabaId}/${c.phoneNumberId}`).join(', ') || 'none'}`,
      { validChoices: choices },
    );
  }
  if (Array.isArray(found)) {
    throw new ValidationError(
      [{ field: 'phoneNumberId', reason: `required: ${found.length} phone numbers match; name one of ${found.map((p) => p.phoneNumberId).join(', ')}` }],
    );
  }
  return found;
}
