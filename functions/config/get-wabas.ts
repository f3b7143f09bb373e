import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getLinkedAccounts } from '../../shared/eum/accounts';

export const getWabas = defineAction({
  category: 'config',
  name: 'get_wabas',
  description:
    'The WhatsApp Business Accounts linked to EUM Social in this AWS account and region, each with its phone numbers (cached in the table; refresh re-reads EUM Social).',
  input: z.object({ refresh: z.optional(z.boolean()).check(
    z.describe('Re-read the accounts from EUM Social instead of the cache'),
  ) }),
  handler: async ({ refresh }) => {
    const { accounts, fetchedAt, source, stale } = await getLinkedAccounts({ refresh });
    return {
      wabas: accounts.map((a) => ({ ...a, metaWabaId: a.wabaId, phoneNumberCount: a.phoneNumbers.length })),
      count: accounts.length,
      fetchedAt,
      source,
      // EUM Social failed to refresh them: this is the last list it gave (fetchedAt says when).
      ...(stale ? { stale } : {}),
    };
  },
});
