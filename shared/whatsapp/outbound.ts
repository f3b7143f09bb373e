import { resolvePhone, type PhoneSelector } from '../eum/accounts';
import { sendWhatsAppMessage, type MetaMessage } from '../eum/send';
import { AppError, ValidationError } from '../errors';
import { getMessageItem, recordOutbound } from '../table/messages';
import { recipientFields, recipientKey, type Recipient } from './recipient';

export interface OutboundRequest extends PhoneSelector {
  to: Recipient;
  type: string;
  /** The type's own object, e.g. `{body, preview_url}` for text. */
  content: Record<string, unknown>;
  preview: string;
  replyTo?: string;
}

/** Meta wants the wamid of the message replied to; our outbound ids are EUM's, so translate those. */
async function replyContext(replyTo: string | undefined): Promise<{ message_id: string } | undefined> {
  if (!replyTo) return undefined;
  if (replyTo.startsWith('wamid.')) return { message_id: replyTo };
  const item = await getMessageItem(replyTo);
  const wamid = item?.waMessageId as string | undefined;
  if (!wamid) {
    throw new ValidationError([
      { field: 'replyTo', reason: item ? 'that message has no WhatsApp id yet (no status has arrived for it)' : 'no such message' },
    ]);
  }
  return { message_id: wamid };
}

/** Resolves the sender, sends through EUM Social, stores the OUTBOUND message and updates its conversation. */
export async function sendOutbound(req: OutboundRequest) {
  const phone = await resolvePhone({ metaWabaId: req.metaWabaId, phoneNumberId: req.phoneNumberId });
  const context = await replyContext(req.replyTo);
  const payload: MetaMessage = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipientFields(req.to),
    ...(context ? { context } : {}),
    type: req.type,
    [req.type]: req.content,
  };
  const messageId = await sendWhatsAppMessage(phone.phoneNumberId, payload);
  const customer = recipientKey(req.to);
  const stored = recordOutbound({
    eumMessageId: messageId,
    phone: { ...phone, wabaId: phone.account.wabaId },
    customer,
    type: req.type,
    preview: req.preview,
    payload,
    replyTo: context?.message_id,
  }).catch((err: unknown) => {
    // WhatsApp already has the message: a retry would send it twice, so say so instead of a plain 500.
    throw new AppError(`Message sent (messageId ${messageId}) but storing it failed: ${(err as Error).message}. Do not resend.`, 500, {
      messageId,
      sent: true,
      retryable: false,
    });
  });
  const { conversationPk, sentAt } = await stored;
  return {
    messageId,
    to: customer,
    conversationId: conversationPk,
    phoneNumberId: phone.phoneNumberId,
    metaWabaId: phone.account.wabaId,
    status: 'accepted',
    sentAt,
  };
}
