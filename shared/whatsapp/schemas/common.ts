import * as z from '../../zod';
import { recipientSchema } from '../recipient';
import { senderFields, windowFields } from '../schema-helpers';
import { messageIdSchema } from './ids';

/** Schema pieces every outbound message type shares. Reasons name Meta's limit, so a 400 says what to change. */

export const metaLimit = (n: number, what: string) => `at most ${n} ${what} (Meta limit)`;

/** Required, non-empty text of at most `max` characters. */
export const limitedText = (max: number) => z.string().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(max, metaLimit(max, 'characters')),
);

export const replyToField = z.optional(messageIdSchema).check(
  z.describe('Message id (wamid or our messageId) to reply to'),
);

/** Recipient, reply, window override and sender: the fields of every send, named as in send_text. */
export const sendFields = {
  to: recipientSchema,
  replyTo: replyToField,
  ...senderFields,
  ...windowFields,
};

/** The seed's snake_case spellings of the common fields. */
export const sendAliases = { replyToMessageId: 'replyTo', reply_to: 'replyTo', enforce_window: 'enforceWindow' };

export const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).check(
  z.maxLength(2000, 'at most 2000 characters'),
);

/** EUM's pattern for WhatsApp media ids: one schema for the media actions and the sends. */
export { mediaIdSchema as mediaIdField } from '../../media/fields';

/** Meta rejects emoji in some labels (flow CTA). */
export const hasEmoji = (s: string): boolean => /\p{Extended_Pictographic}/u.test(s);

/** Adds one issue per repeated value, at the item that repeats it. */
export function requireUnique(
  values: string[],
  ctx: z.core.$RefinementCtx,
  pathOf: (index: number) => PropertyKey[],
  what: string,
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: pathOf(index), message: `duplicate ${what} '${value}' (Meta requires unique ${what}s)` });
    seen.add(value);
  });
}

/** A short line for inbox previews. */
export const previewText = (s: string): string => s.slice(0, 200);
