import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

const { to, name, language, replyTo, metaWabaId, phoneNumberId } = shortcutFields;

export const sendAuthTemplate = defineAction({
  category: 'templates',
  name: 'send_auth_template',
  sends: true,
  description:
    "Sends a one-time code with an approved AUTHENTICATION template: the code fills the body ({{1}} is your verification code) and the template's OTP button (copy-code, one-tap or zero-tap autofill), as Meta specifies (button sub_type url at the OTP button's index, the code as its parameter). A template that is not AUTHENTICATION or has no OTP button is a 400. No 24-hour window needed.",
  input: withAliases(
    z.object({
      to,
      name,
      language,
      code: z.string().check(
        z.regex(/^[A-Za-z0-9-]{1,15}$/, 'must be 1-15 letters, digits or dashes (Meta: authentication parameters are at most 15 characters)'),
        z.describe('The one-time code'),
      ),
      replyTo,
      metaWabaId,
      phoneNumberId,
    }),
    { ...shortcutAliases, otp: 'code', otp_code: 'code', otpCode: 'code', verification_code: 'code' },
  ),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        // Meta stores an OTP button as OTP (create shape) or as URL (its GET shape); either is sent as sub_type url.
        b.addButton(['OTP', 'URL'], 'code', 'one-time-password (OTP)', 'url', { type: 'text', text: input.code });
        b.add({ type: 'body', parameters: [{ type: 'text', text: input.code } as never] }, 'code');
      },
      { categories: ['AUTHENTICATION'], action: 'send_auth_template', previewExtra: '(one-time code)' },
    ),
});
