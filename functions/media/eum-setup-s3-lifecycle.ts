import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfig } from '../../shared/config';
import { ConflictError } from '../../shared/errors';
import { declaredLifecycle, DECLARED_IN, lifecycleMatches, liveLifecycle } from '../../shared/media/lifecycle';
import { withAliases } from '../../shared/whatsapp/schema-helpers';

const WHY =
  `The media bucket's lifecycle is managed by CloudFormation (${DECLARED_IN}): a rule changed here would be reverted by the next deploy, ` +
  'and MEDIA_DOWNLOAD items expire (TTL) with the same number of days, so the table and the bucket would disagree. ' +
  'To change retention, set WA_MEDIA_EXPIRATION_DAYS and run `npx serverless deploy`.';

export const eumSetupS3Lifecycle = defineAction({
  category: 'media',
  name: 'eum_setup_s3_lifecycle',
  description: `Shows the media bucket's retention rules: the ones the stack declares and the ones S3 reports now (matches says whether they agree). It does not change them: asking for a change (expirationDays, rules or apply) is a 409 that says why and how. ${WHY}`,
  input: withAliases(
    z.object({
      expirationDays: z.optional(z.number().check(z.int(), z.gte(1))).check(
        z.describe('Refused: set WA_MEDIA_EXPIRATION_DAYS and redeploy'),
      ),
      rules: z.optional(z.array(z.unknown())).check(
        z.describe('Refused: the rules live in resources/media-bucket.yml'),
      ),
      apply: z.optional(z.boolean()).check(z.describe('Refused when true: nothing is applied out of band')),
    }),
    { expiration_days: 'expirationDays', retentionDays: 'expirationDays', days: 'expirationDays' },
  ),
  handler: async ({ expirationDays, rules, apply }) => {
    const declared = declaredLifecycle();
    if (expirationDays !== undefined || rules !== undefined || apply) {
      throw new ConflictError(`Not changed. ${WHY}`, {
        reason: 'lifecycle_managed_by_stack',
        declared,
        ...(expirationDays !== undefined ? { requestedExpirationDays: expirationDays, currentExpirationDays: getConfig().MEDIA_EXPIRATION_DAYS } : {}),
      });
    }
    const live = await liveLifecycle();
    return { bucket: getConfig().MEDIA_BUCKET, declared, live, matches: lifecycleMatches(live), managedBy: DECLARED_IN, howToChange: WHY };
  },
});
