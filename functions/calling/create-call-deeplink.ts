import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { senderFields } from '../../shared/whatsapp/schema-helpers';

export const createCallDeeplink = defineAction({
  category: 'calling',
  name: 'create_call_deeplink',
  description:
    'A wa.me/call link that starts a WhatsApp call to the business number (payload needs WhatsApp 2.25.27+, not on desktop; it comes back as deeplink_payload in the call webhook).',
  input: z.object({
    payload: z.optional(z.string().check(z.maxLength(512, 'at most 512 characters'))).check(
      z.describe('Your context for the call (biz_payload)'),
    ),
    ...senderFields,
  }),
  handler: async (input) => {
    const phone = await resolvePhone(input);
    const digits = phone.phoneNumber.replace(/\D/g, '');
    const url = new URL(`https://wa.me/call/${digits}`);
    if (input.payload) url.searchParams.set('biz_payload', input.payload);
    return { deeplink: url.toString(), phoneNumber: phone.phoneNumber, ...(input.payload ? { payload: input.payload } : {}) };
  },
});
