import * as z from 'zod';

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
  context: z
    .looseObject({
      MetaWabaIds: z.array(z.looseObject({ wabaId: z.string(), arn: z.string().optional() })).optional(),
      MetaPhoneNumberIds: z.array(z.looseObject({ metaPhoneNumberId: z.string(), arn: z.string() })).optional(),
    })
    .optional(),
  whatsAppWebhookEntry: z.union([
    z.string().transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    }),
    z.record(z.string(), z.unknown()),
  ]).pipe(MetaEntry),
  aws_account_id: z.string().optional(),
  message_timestamp: z.string().optional(),
  messageId: z.string().optional(),
});
export type EumEnvelope = z.infer<typeof EumEnvelope>;

const Contact = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type Contact = z.infer<typeof Contact>;

/**
 * The fields every inbound message shares. The type's own object (`text`, `image`, …) stays in the passthrough
 * part and is parsed by inbound/types.ts, leniently, so one odd message never fails its record.
 */
export const InboundMessage = z.looseObject({
  id: z.string(),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  type: z.string().default('unknown'),
  context: z.unknown().optional(),
  referral: z.unknown().optional(),
  errors: z.array(z.unknown()).optional(),
  group_id: z.string().optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export const Status = z.looseObject({
  id: z.string(),
  status: z.string(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  /** "group" for a message sent to a group; delivered/read then name the participant. */
  recipient_type: z.string().optional(),
  recipient_participant_id: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
  pricing: z.unknown().optional(),
  conversation: z.unknown().optional(),
});

export const MessagesValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().optional(), display_phone_number: z.string().optional() }).optional(),
  contacts: z.array(Contact).optional(),
  messages: z.array(InboundMessage).optional(),
  statuses: z.array(Status).optional(),
  errors: z.array(z.unknown()).optional(),
});
export type MessagesValue = z.infer<typeof MessagesValue>;
