import { resolvePhone, type PhoneSelector } from '../eum/accounts';
import { sendWhatsAppMessage, type MetaMessage } from '../eum/send';
import { getMessageItem } from '../table/messages';
import { Direction } from '../table/keys';

export interface ReadReceipt extends PhoneSelector {
  /** The wamid of an inbound message. */
  wamid: string;
  /** Also show "typing…" to the customer (until we reply, or 25 s). */
  typingIndicator?: boolean;
}

/** Meta's read-receipt payload: a status, not a message (no recipient, no type). */
export const readReceiptPayload = (wamid: string, typingIndicator = false): MetaMessage => ({
  messaging_product: 'whatsapp',
  status: 'read',
  message_id: wamid,
  ...(typingIndicator ? { typing_indicator: { type: 'text' } } : {}),
});

/**
 * Marks an inbound message (and every earlier one in the chat) as read, with Meta's status payload, which has no
 * recipient or type. It is not a message: nothing is stored and the conversation is left alone. Meta knows messages
 * we may not have stored, so any wamid goes; a stored inbound one also tells which of our numbers received it.
 */
export async function sendReadReceipt(r: ReadReceipt) {
  let selector: PhoneSelector = { metaWabaId: r.metaWabaId, phoneNumberId: r.phoneNumberId };
  if (!selector.metaWabaId && !selector.phoneNumberId) {
    const stored = await getMessageItem(r.wamid);
    if (stored?.direction === Direction.Inbound && typeof stored.phoneNumberId === 'string') selector = { phoneNumberId: stored.phoneNumberId };
  }
  const phone = await resolvePhone(selector);
  const messageId = await sendWhatsAppMessage(phone.phoneNumberId, readReceiptPayload(r.wamid, r.typingIndicator));
  return {
    messageId,
    readMessageId: r.wamid,
    typingIndicator: Boolean(r.typingIndicator),
    phoneNumberId: phone.phoneNumberId,
    metaWabaId: phone.account.wabaId,
    status: 'accepted',
  };
}
