import * as z from '../../shared/zod';
import { resolvePhone } from '../../shared/eum/accounts';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { keys, parseConversationKey } from '../../shared/table/keys';
import { recipientKey, recipientSchema, type Recipient } from '../../shared/whatsapp/recipient';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { conversationIdSchema } from '../../shared/whatsapp/schemas/ids';

/** How a request names one conversation: its id, or the customer plus (when several numbers are linked) the sender. */
export const conversationRefFields = {
  conversationId: z.optional(conversationIdSchema),
  customer: z.optional(recipientSchema).check(
    z.describe('The customer: E.164 number, wa_id or business-scoped user id'),
  ),
  to: z.optional(recipientSchema).check(z.describe('Same as customer')),
  metaWabaId: senderFields.metaWabaId,
  phoneNumberId: senderFields.phoneNumberId,
};

type Ref = { conversationId?: string; customer?: Recipient; to?: Recipient; metaWabaId?: string; phoneNumberId?: string };

export const requireConversationRef = <T extends Ref>(v: T) => Boolean(v.conversationId || v.customer || v.to);
export const conversationRefMessage = { message: 'give conversationId, or customer (with metaWabaId/phoneNumberId when several numbers are linked)', path: ['conversationId'] };

/** EUM's phone-number-id-X and its ARN (…:phone-number-id/X) name the same number; Meta's numeric id cannot be compared here. */
const eumPhoneId = (id: string): string | undefined => /phone-number-id[-/]([0-9A-Za-z]+)$/.exec(id)?.[1];

/**
 * The fields that name a conversation must agree: a request whose `customer` and `to`, or whose conversationId and
 * customer, name different customers is refused (naming both fields) instead of one of them silently winning.
 */
export function checkConversationRef(v: Ref, ctx: z.core.$RefinementCtx): void {
  if (!requireConversationRef(v)) {
    ctx.addIssue({ code: 'custom', ...conversationRefMessage });
    return;
  }
  const conflict = (a: string, b: string, what: string) => {
    ctx.addIssue({ code: 'custom', path: [a], message: `names a different ${what} than ${b}; give one, or the same in both` });
    ctx.addIssue({ code: 'custom', path: [b], message: `names a different ${what} than ${a}; give one, or the same in both` });
  };
  if (v.customer && v.to && recipientKey(v.customer) !== recipientKey(v.to)) conflict('customer', 'to', 'customer');
  const parsed = v.conversationId ? parseConversationKey(v.conversationId) : undefined;
  if (!parsed) return;
  for (const field of ['customer', 'to'] as const) {
    const who = v[field];
    if (who && recipientKey(who) !== parsed.customer) conflict('conversationId', field, 'customer');
  }
  const phone = v.phoneNumberId && eumPhoneId(v.phoneNumberId);
  if (phone && phone !== eumPhoneId(parsed.phoneArn)) conflict('conversationId', 'phoneNumberId', 'business phone number');
}

/** An object schema of the conversation reference plus `extra` fields, with the agreement check above. */
export const conversationRefSchema = <E extends z.core.$ZodShape>(extra: E) =>
  z.object({ ...conversationRefFields, ...extra }).check(
    z.superRefine((v, ctx) => checkConversationRef(v as Ref, ctx)),
  );

export async function conversationPkOf(ref: Ref): Promise<string> {
  if (ref.conversationId) return ref.conversationId;
  const who = ref.customer ?? ref.to;
  if (!who) throw new ValidationError([{ field: 'conversationId', reason: conversationRefMessage.message }]);
  const phone = await resolvePhone({ metaWabaId: ref.metaWabaId, phoneNumberId: ref.phoneNumberId });
  return keys.conversation(phone.arn, recipientKey(who));
}

export const noSuchConversation = (pk: string) => new NotFoundError(`No conversation ${pk}; list them with get_conversations`);
