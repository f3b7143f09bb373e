import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { couponCodeField, sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

export const sendCouponTemplate = defineAction({
  category: 'templates',
  name: 'send_coupon_template',
  sends: true,
  description:
    "Sends an approved template with a copy-code (coupon) button: couponCode goes to that button (sub_type copy_code at its index), with the header, bodyParameters, urlSuffixes and quickReplyPayloads the template takes. A template without a copy-code button is a 400 listing the buttons it has. No 24-hour window needed.",
  input: withAliases(z.object({ ...shortcutFields, couponCode: couponCodeField }), { ...shortcutAliases, coupon_code: 'couponCode', code: 'couponCode', coupon: 'couponCode' }),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        b.addButton(['COPY_CODE'], 'couponCode', 'copy-code (coupon)', 'copy_code', { type: 'coupon_code', coupon_code: input.couponCode });
      },
      { action: 'send_coupon_template', previewExtra: `code ${input.couponCode}` },
    ),
});
