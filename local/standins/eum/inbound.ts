import * as z from 'zod';
import type { EumContext } from './context';
import { envelopeBody, inboundMediaValue, inboundTextValue, type MetaMessagesValue } from './envelope';
import { MEDIA_ID } from './operations/media';

/**
 * A customer writes to the business: the stand-in builds the webhook EUM would publish (Meta's `messages` value in
 * EUM's SNS envelope), remembers the time as the start of that customer's 24-hour window, and publishes it where
 * status envelopes go. `deliver: false` only returns the envelope, for tests that hand it to ingest themselves.
 */

export const CustomerWritesSchema = z
  .object({
    /** The customer's phone, digits with an optional '+'. */
    from: z.string().regex(/^\+?\d[\d\s().-]{4,24}$/, 'a phone number such as +15551234567'),
    /** Business-scoped user id (e.g. US.13491208655302741918), when the customer has one. */
    userId: z.string().min(3).max(128).optional(),
    name: z.string().min(1).max(256).optional(),
    text: z.string().min(1).max(4096).optional(),
    media: z
      .object({
        kind: z.enum(['image', 'video', 'audio', 'document', 'sticker']),
        mediaId: MEDIA_ID,
        mimeType: z.string().min(3).max(255),
        caption: z.string().max(1024).optional(),
        filename: z.string().max(255).optional(),
        sha256: z.string().max(128).optional(),
      })
      .optional(),
    /** When the customer wrote (ISO 8601); now by default. A time over 24 hours ago leaves the window closed. */
    at: z.iso.datetime().optional(),
    deliver: z.boolean().default(true),
  })
  .refine((m) => (m.text === undefined) !== (m.media === undefined), { message: 'give exactly one of text or media' });

export type CustomerWritesInput = z.input<typeof CustomerWritesSchema>;

export interface CustomerWrote {
  /** The inbound message's wamid. */
  wamid: string;
  /** The SNS message body, exactly as published (or as it would have been). */
  body: string;
  delivered: boolean;
}

function messageValue(input: z.output<typeof CustomerWritesSchema>, at: Date): MetaMessagesValue {
  const common = { from: input.from, name: input.name, userId: input.userId, timestamp: at };
  return input.media ? inboundMediaValue({ ...common, ...input.media }) : inboundTextValue({ ...common, text: input.text! });
}

export async function customerWrites(ctx: EumContext, raw: CustomerWritesInput): Promise<CustomerWrote> {
  const input = CustomerWritesSchema.parse(raw);
  const at = input.at ? new Date(input.at) : new Date();
  const value = messageValue(input, at);
  ctx.state.windows.record([input.from, input.userId], at);
  const body = envelopeBody({ field: 'messages', value, account: ctx.account });
  const delivered = input.deliver && ctx.deliver !== undefined;
  if (delivered) await ctx.deliver!(body);
  ctx.log(`customer ${input.from} wrote${delivered ? '' : ' (not published)'}`);
  return { wamid: value.messages![0]!.id, body, delivered };
}
