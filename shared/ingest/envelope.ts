import * as z from '../zod';

/**
 * EUM Social's SNS message: the Meta webhook `entry` comes as a JSON string on AWS (an object is accepted too).
 * Schemas are loose (passthrough) on purpose: Meta adds fields, and unknown fields must never fail a record.
 */
const MetaEntry = z.looseObject({
  id: z.string(),
  changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
});
export type MetaEntry = z.infer<typeof MetaEntry>;

export const EumEnvelope = z.looseObject({
  context: z.optional(z.looseObject({
      MetaWabaIds: z.optional(z.array(z.looseObject({ wabaId: z.string(), arn: z.optional(z.string()) }))),
      MetaPhoneNumberIds: z.optional(z.array(z.looseObject({ metaPhoneNumberId: z.string(), arn: z.string() }))),
    })),
  whatsAppWebhookEntry: z.pipe(z.union([
    z.pipe(z.string(), z.transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        z.addIssue(ctx, { message: 'is not valid JSON' });
        return z.NEVER;
      }
    })),
    z.record(z.string(), z.unknown()),
  ]), MetaEntry),
  aws_account_id: z.optional(z.string()),
  message_timestamp: z.optional(z.string()),
  messageId: z.optional(z.string()),
});
export type EumEnvelope = z.infer<typeof EumEnvelope>;

const Contact = z.looseObject({
  wa_id: z.optional(z.string()),
  user_id: z.optional(z.string()),
  profile: z.optional(z.looseObject({ name: z.optional(z.string()), username: z.optional(z.string()) })),
});
export type Contact = z.infer<typeof Contact>;

/**
 * The fields every inbound message shares. The type's own object (`text`, `image`, …) stays in the passthrough
 * part and is parsed by inbound/types.ts, leniently, so one odd message never fails its record.
 */
export const InboundMessage = z.looseObject({
  id: z.string(),
  from: z.optional(z.string()),
  from_user_id: z.optional(z.string()),
  timestamp: z.optional(z.union([z.string(), z.number()])),
  type: z._default(z.string(), 'unknown'),
  context: z.optional(z.unknown()),
  referral: z.optional(z.unknown()),
  errors: z.optional(z.array(z.unknown())),
  group_id: z.optional(z.string()),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export const Status = z.looseObject({
  id: z.string(),
  status: z.string(),
  timestamp: z.optional(z.union([z.string(), z.number()])),
  recipient_id: z.optional(z.string()),
  recipient_user_id: z.optional(z.string()),
  /** "group" for a message sent to a group; delivered/read then name the participant. */
  recipient_type: z.optional(z.string()),
  recipient_participant_id: z.optional(z.string()),
  errors: z.optional(z.array(z.unknown())),
  pricing: z.optional(z.unknown()),
  conversation: z.optional(z.unknown()),
});

export const MessagesValue = z.looseObject({
  metadata: z.optional(z.looseObject({ phone_number_id: z.optional(z.string()), display_phone_number: z.optional(z.string()) })),
  contacts: z.optional(z.array(Contact)),
  messages: z.optional(z.array(InboundMessage)),
  statuses: z.optional(z.array(Status)),
  errors: z.optional(z.array(z.unknown())),
});
export type MessagesValue = z.infer<typeof MessagesValue>;
