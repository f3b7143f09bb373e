import * as z from 'zod';
import { resolvePhone } from '../../shared/eum/accounts';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { keys } from '../../shared/table/keys';
import { recipientKey, recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields } from '../../shared/whatsapp/schema-helpers';

/** How a request names one conversation: its id, or the customer plus (when several numbers are linked) the sender. */
export const conversationRefFields = {
  conversationId: z.string().startsWith('CONV#', 'must be a conversationId (CONV#…) from get_conversations').optional(),
  customer: recipientSchema.optional().describe('The customer: E.164 number, wa_id or business-scoped user id'),
  to: recipientSchema.optional().describe('Same as customer'),
  metaWabaId: senderFields.metaWabaId,
  phoneNumberId: senderFields.phoneNumberId,
};

type Ref = { conversationId?: string; customer?: z.output<typeof recipientSchema>; to?: z.output<typeof recipientSchema>; metaWabaId?: string; phoneNumberId?: string };

export const requireConversationRef = <T extends Ref>(v: T) => Boolean(v.conversationId || v.customer || v.to);
export const conversationRefMessage = { message: 'give conversationId, or customer (with metaWabaId/phoneNumberId when several numbers are linked)', path: ['conversationId'] };

export async function conversationPkOf(ref: Ref): Promise<string> {
  if (ref.conversationId) return ref.conversationId;
  const who = ref.customer ?? ref.to;
  if (!who) throw new ValidationError([{ field: 'conversationId', reason: conversationRefMessage.message }]);
  const phone = await resolvePhone({ metaWabaId: ref.metaWabaId, phoneNumberId: ref.phoneNumberId });
  return keys.conversation(phone.arn, recipientKey(who));
}

export const noSuchConversation = (pk: string) => new NotFoundError(`No conversation ${pk}; list them with get_conversations`);
