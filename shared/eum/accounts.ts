import type { LinkedWhatsAppBusinessAccountSummary } from '@aws-sdk/client-socialmessaging';
import { eumSdk, socialMessaging } from '../aws/clients';
import { getConfig } from '../config';
import { NotFoundError, ValidationError } from '../errors';
import { getAccountsCache, putAccountsCache, type AccountsCache } from '../table/accounts-cache';
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

/**
 * The linked WABAs and their phone numbers, from a cache item in the table (one GetItem on the hot path),
 * re-read from EUM Social when older than ACCOUNT_CACHE_SECONDS or when `refresh` is asked for.
 */
export async function getLinkedAccounts(opts: { refresh?: boolean } = {}): Promise<AccountsCache<LinkedAccount> & { source: 'cache' | 'eum' }> {
  const { ACCOUNT_CACHE_SECONDS } = getConfig();
  if (!opts.refresh) {
    const cached = await getAccountsCache<LinkedAccount>();
    if (cached && Date.now() - Date.parse(cached.fetchedAt) < ACCOUNT_CACHE_SECONDS * 1000) {
      return { accounts: cached.accounts, fetchedAt: cached.fetchedAt, source: 'cache' };
    }
  }
  const accounts = await fetchFromEum();
  const fetchedAt = nowIso();
  await putAccountsCache({ accounts, fetchedAt });
  return { accounts, fetchedAt, source: 'eum' };
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

/** Finds the business phone number a request speaks for. One linked number needs no selector at all. */
export async function resolvePhone(sel: PhoneSelector): Promise<ResolvedPhone> {
  let { accounts } = await getLinkedAccounts();
  let found = pick(accounts, sel);
  // A number linked since the cache was filled: look once more at EUM itself before saying no.
  if (found === 'none') {
    ({ accounts } = await getLinkedAccounts({ refresh: true }));
    found = pick(accounts, sel);
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
