import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { couponCodeField, sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

export const sendUtilityTemplate = defineAction({
  category: 'templates',
  name: 'send_utility_template',
  sends: true,
  description:
    "Sends an approved UTILITY template (order updates, receipts, reminders) from simple fields: header value, bodyParameters, urlSuffixes for URL buttons ending in a variable, quickReplyPayloads, couponCode for a copy-code button. The components and button indexes are built from the template's definition and checked like send_template's; a template of another category, or fields it does not take, is a 400 saying what it expects. No 24-hour window needed.",
  input: withAliases(z.object({ ...shortcutFields, couponCode: z.optional(couponCodeField) }), { ...shortcutAliases, coupon_code: 'couponCode' }),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        const hasCopyCode = b.buttons.some((btn) => String(btn.type).toUpperCase() === 'COPY_CODE');
        if (input.couponCode === undefined && hasCopyCode) b.fail('couponCode', `${b.label} has a copy-code button: give couponCode`);
        if (input.couponCode !== undefined) b.addButton(['COPY_CODE'], 'couponCode', 'copy-code', 'copy_code', { type: 'coupon_code', coupon_code: input.couponCode });
      },
      { categories: ['UTILITY'], action: 'send_utility_template' },
    ),
});
