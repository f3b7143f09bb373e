import { getConfig } from '../../config';
import { AppError } from '../../errors';
import { sendWhatsAppMessage } from '../../eum/send';
import { claimAutoReply, releaseAutoReply } from '../../table/conversations';
import type { PhoneRef } from '../../table/messages';
import { nowIso } from '../../time';
import { sendOutbound } from '../../whatsapp/outbound';
import { readReceiptPayload } from '../../whatsapp/read-receipt';
import type { Recipient } from '../../whatsapp/recipient';
import { errorForLog, logger } from '../../observability/powertools';

/**
 * Optional behaviours after a NEW inbound message is stored (never on a redelivery), each off unless configured:
 * AUTO_MARK_READ sends a read receipt, AUTO_REPLY_TEXT answers once per 24 h when nobody has written to the
 * customer in that time. They call WhatsApp, so a failure is logged and the record still succeeds.
 */

export interface NewInbound {
  phone: PhoneRef;
  customer: string;
  wamid: string;
  type: string;
  conversationPk: string;
}

/** Events that are not a customer writing: no receipt, no answer. */
const NOT_A_MESSAGE = new Set(['system', 'revoke', 'edit', 'unsupported']);

export async function runAutoActions(m: NewInbound): Promise<string[]> {
  const cfg = getConfig();
  const done: string[] = [];
  if (NOT_A_MESSAGE.has(m.type)) return done;
  if (cfg.AUTO_MARK_READ) {
    try {
      // The envelope already names the phone: no account lookup per message.
      await sendWhatsAppMessage(m.phone.phoneNumberId ?? m.phone.arn, readReceiptPayload(m.wamid));
      done.push('markedRead');
    } catch (err) {
      logger.warn('AUTO_MARK_READ failed', { wamid: m.wamid, error: errorForLog(err) });
    }
  }
  if (cfg.AUTO_REPLY_TEXT && m.type !== 'reaction') {
    try {
      if (await autoReply(m, cfg.AUTO_REPLY_TEXT)) done.push('autoReplied');
    } catch (err) {
      logger.warn('AUTO_REPLY_TEXT failed', { wamid: m.wamid, error: errorForLog(err) });
    }
  }
  return done;
}

const recipientOf = (customer: string): Recipient =>
  /^\d+$/.test(customer) ? { kind: 'phone', digits: customer } : { kind: 'bsuid', userId: customer };

const mayHaveSent = (err: unknown): boolean => {
  const sent = err instanceof AppError ? err.details.sent : undefined;
  return sent === true || sent === 'unknown';
};

/** Claims the conversation's auto-reply slot (once per 24 h, concurrent messages answer once); then sends. */
async function autoReply(m: NewInbound, text: string): Promise<boolean> {
  const now = nowIso();
  if (!(await claimAutoReply(m.conversationPk, now))) return false;
  try {
    await sendOutbound({ phoneNumberId: m.phone.arn, to: recipientOf(m.customer), type: 'text', content: { body: text }, preview: text.slice(0, 200) });
    return true;
  } catch (err) {
    // A send that did not happen gives the slot back; one WhatsApp may have (sent but not stored, or an unknown
    // outcome) keeps it, so a redelivery of this message cannot answer the customer twice.
    if (!mayHaveSent(err)) await releaseAutoReply(m.conversationPk, now).catch(() => undefined);
    throw err;
  }
}
