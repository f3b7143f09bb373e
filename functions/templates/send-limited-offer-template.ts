import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { couponCodeField, sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

const expirationTimeMs = z.number().check(
  z.int('must be a whole number of milliseconds'),
  z.gte(1_000_000_000_000, 'must be a UNIX time in milliseconds (13 digits), not seconds'),
  z.lte(9_999_999_999_999, 'must be a UNIX time in milliseconds (13 digits)'),
  z.refine((ms) => ms > Date.now(), 'must be in the future: the offer would already have expired'),
  z.describe('When the offer ends, UNIX time in milliseconds (the countdown Meta shows)'),
);

export const sendLimitedOfferTemplate = defineAction({
  category: 'templates',
  name: 'send_limited_offer_template',
  sends: true,
  description:
    "Sends an approved MARKETING limited-time-offer template: expirationTimeMs (UNIX ms) drives the offer's countdown (required when the template's offer has an expiration), couponCode fills its copy-code button, urlSuffixes its URL button, with the header media and bodyParameters it takes. A template without a LIMITED_TIME_OFFER component is a 400. No 24-hour window needed.",
  input: withAliases(
    z.object({ ...shortcutFields, expirationTimeMs: z.optional(expirationTimeMs), couponCode: z.optional(couponCodeField) }),
    { ...shortcutAliases, expiration_time_ms: 'expirationTimeMs', expirationTime: 'expirationTimeMs', coupon_code: 'couponCode' },
  ),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        const offer = b.find('LIMITED_TIME_OFFER');
        if (!offer) return b.fail('name', `${b.label} has no LIMITED_TIME_OFFER component (send_template or send_coupon_template send it)`);
        const expires = (offer.limited_time_offer as { has_expiration?: boolean } | undefined)?.has_expiration === true;
        if (expires && input.expirationTimeMs === undefined) b.fail('expirationTimeMs', `${b.label}'s offer has an expiration: give expirationTimeMs (UNIX ms)`);
        if (!expires && input.expirationTimeMs !== undefined) b.fail('expirationTimeMs', `${b.label}'s offer has no expiration: leave expirationTimeMs out`);
        if (expires) {
          const parameter = { type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: input.expirationTimeMs } };
          b.add({ type: 'limited_time_offer', parameters: [parameter as never] }, 'expirationTimeMs');
        }
        const hasCopyCode = b.buttons.some((btn) => String(btn.type).toUpperCase() === 'COPY_CODE');
        if (hasCopyCode && input.couponCode === undefined) b.fail('couponCode', `${b.label} has a copy-code button: give couponCode`);
        if (input.couponCode !== undefined) b.addButton(['COPY_CODE'], 'couponCode', 'copy-code', 'copy_code', { type: 'coupon_code', coupon_code: input.couponCode });
      },
      { categories: ['MARKETING'], action: 'send_limited_offer_template' },
    ),
});
