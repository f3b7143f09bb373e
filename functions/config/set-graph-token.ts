import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getLinkedAccounts } from '../../shared/eum/accounts';
import { NotFoundError, UpstreamError, ValidationError } from '../../shared/errors';
import { graphCallWithToken } from '../../shared/graph/request';
import { storeGraphCredentials } from '../../shared/graph/token-store';

/**
 * Stores a WABA's Graph API token in Secrets Manager (business profile, calling and groups go through Graph).
 * The token is first tried against Graph (reading the WABA itself), so a mistyped or expired one is refused
 * before it replaces a working one. The token is never echoed back or logged.
 */
export const setGraphToken = defineAction({
  category: 'config',
  name: 'set_graph_token',
  description:
    "Admin: stores the Graph API system-user token of a WABA in Secrets Manager (checked against Graph first). Needed by business-profile, calling and groups.",
  input: z.object({
    metaWabaId: z.optional(z.string().check(z.minLength(1))).check(
      z.describe("Meta's WABA id; optional with a single linked WABA"),
    ),
    token: z.string().check(
      z.trim(),
      z.minLength(20, 'must be a Graph API access token (at least 20 characters)'),
      z.maxLength(4096),
      z.regex(/^\S+$/, 'must not contain spaces'),
    ),
    appId: z.optional(z.string().check(z.regex(/^\d+$/, "must be your Meta app's numeric id"))).check(
      z.describe('Meta app id; needed by upload_profile_picture (resumable upload)'),
    ),
    verify: z._default(z.boolean(), true).check(
      z.describe('Check the token against Graph before storing it (default true)'),
    ),
  }),
  handler: async ({ metaWabaId, token, appId, verify }) => {
    const { accounts } = await getLinkedAccounts();
    const choices = accounts.map((a) => a.wabaId);
    const account = metaWabaId ? accounts.find((a) => a.wabaId === metaWabaId || a.id === metaWabaId || a.arn === metaWabaId) : accounts.length === 1 ? accounts[0] : undefined;
    if (!account && metaWabaId) throw new NotFoundError(`No linked WABA ${metaWabaId}. Linked: ${choices.join(', ') || 'none'}`, { validChoices: choices });
    if (!account) throw new ValidationError([{ field: 'metaWabaId', reason: `required: ${accounts.length} WABAs are linked (${choices.join(', ') || 'none'})` }]);

    let verified: { id?: string; name?: string } | undefined;
    if (verify) {
      try {
        verified = await graphCallWithToken<{ id?: string; name?: string }>({ wabaId: account.wabaId, path: account.wabaId, query: { fields: 'id,name' } }, token);
      } catch (err) {
        if (err instanceof UpstreamError && !err.retryable) {
          throw new ValidationError([{ field: 'token', reason: `Graph refused it for WABA ${account.wabaId}: ${err.message}` }]);
        }
        throw err;
      }
    }
    const stored = await storeGraphCredentials(account.wabaId, { accessToken: token, ...(appId ? { appId } : {}) });
    return { metaWabaId: account.wabaId, secretName: stored.secretName, created: stored.created, verified: verified ?? null, ...(appId ? { appId } : {}) };
  },
});
