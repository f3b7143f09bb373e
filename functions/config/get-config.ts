import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfig as runtimeConfig } from '../../shared/config';
import { getLinkedAccounts } from '../../shared/eum/accounts';

export const getConfig = defineAction({
  category: 'config',
  name: 'get_config',
  description:
    'The linked WhatsApp Business Accounts and their phone numbers (from EUM Social, cached in the table) and non-secret runtime settings.',
  input: z.object({
    refresh: z.optional(z.boolean()).check(z.describe('Re-read the accounts from EUM Social instead of the cache')),
  }),
  handler: async ({ refresh }) => {
    const { accounts, fetchedAt, source, stale } = await getLinkedAccounts({ refresh });
    const cfg = runtimeConfig();
    return {
      wabas: accounts,
      accountsFetchedAt: fetchedAt,
      accountsSource: source,
      // EUM Social failed to refresh them: the last list it gave.
      ...(stale ? { accountsStale: stale } : {}),
      settings: {
        tableName: cfg.TABLE_NAME,
        mediaBucket: cfg.MEDIA_BUCKET,
        metaApiVersion: cfg.META_API_VERSION,
        accountCacheSeconds: cfg.ACCOUNT_CACHE_SECONDS,
        enforceCustomerServiceWindow: cfg.ENFORCE_CUSTOMER_SERVICE_WINDOW,
        region: process.env.AWS_REGION,
      },
    };
  },
});
