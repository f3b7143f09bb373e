import { resolvePhone, type PhoneSelector } from '../eum/accounts';
import { sendWhatsAppMessage, type MetaMessage } from '../eum/send';
import { prepareSendClient } from '../eum/send-client';
import { AppError } from '../errors';
import { assertOutboundStorable, recordOutbound } from '../table/messages';
import { recipientFields, recipientKey, type Recipient } from './recipient';
import { keys } from '../table/keys';
import { assertSameConversation, resolveMessageRef, type MessageRef } from './wamid';
import { assertWindowOpen } from './window';

export interface OutboundRequest extends PhoneSelector {
  to: Recipient;
  type: string;
  /** The type's own object, e.g. `{body, preview_url}` for text (an array for contacts). */
  content: Record<string, unknown> | Record<string, unknown>[];
  preview: string;
  replyTo?: string;
  /** Check the 24-hour customer-service window (non-template types); ENFORCE_CUSTOMER_SERVICE_WINDOW when absent. */
  enforceWindow?: boolean;
  /** resend_message: the messageId of the message sent again, stored on the new one. */
  resentFrom?: string;
  /** Messages the payload refers to (a reaction's target); like replyTo, each must belong to this conversation. */
  references?: MessageRef[];
}

/** Meta wants the wamid of the message replied to; our outbound ids are EUM's, so translate those. */
async function replyContext(replyTo: string | undefined): Promise<MessageRef | undefined> {
  return replyTo ? resolveMessageRef(replyTo, 'replyTo') : undefined;
}

/**
 * Resolves the sender, refuses free-form messages outside the customer-service window, sends through EUM Social,
 * stores the OUTBOUND message and updates its conversation. Nothing is sent or stored when a check fails, including
 * a message too large or too deeply nested to store.
 */
export async function sendOutbound(req: OutboundRequest) {
  prepareSendClient();
  // Independent lookups: the sender and the reply target are read together.
  const [phone, reply] = await Promise.all([
    resolvePhone({ metaWabaId: req.metaWabaId, phoneNumberId: req.phoneNumberId }),
    replyContext(req.replyTo),
  ]);
  assertSameConversation([reply, ...(req.references ?? [])], keys.conversation(phone.arn, recipientKey(req.to)));
  const context = reply ? { message_id: reply.wamid } : undefined;
  await assertWindowOpen({ phoneArn: phone.arn, customer: recipientKey(req.to), type: req.type, enforceWindow: req.enforceWindow });
  const payload: MetaMessage = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipientFields(req.to),
    ...(context ? { context } : {}),
    type: req.type,
    [req.type]: req.content,
  };
  const customer = recipientKey(req.to);
  const record = {
    phone: { ...phone, wabaId: phone.account.wabaId },
    customer,
    type: req.type,
    preview: req.preview,
    payload,
    replyTo: context?.message_id,
    resentFrom: req.resentFrom,
  };
  // Before the send: a message EUM accepted but DynamoDB refuses would be sent without our knowing it.
  assertOutboundStorable(record);
  const messageId = await sendWhatsAppMessage(phone.phoneNumberId, payload);
  const stored = recordOutbound({ ...record, eumMessageId: messageId }).catch((err: unknown) => {
    // WhatsApp already has the message: a retry would send it twice, so say so instead of a plain 500.
    throw new AppError(
      `Message sent (messageId ${messageId}) but storing it failed. Do not resend.`,
      500,
      { messageId, sent: true, retryable: false },
      { cause: err },
    );
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
