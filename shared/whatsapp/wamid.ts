import { ValidationError } from '../errors';
import { getMessageItem } from '../table/messages';

export const isWamid = (id: string): boolean => id.startsWith('wamid.');

/** A message a request refers to: its wamid, and its conversation when we stored it. */
export interface MessageRef {
  field: string;
  wamid: string;
  conversationPk?: string;
}

/**
 * Meta refers to messages by wamid; our outbound ids are EUM's, whose wamid arrives with the first status.
 * Translates either to the wamid (with the stored message's conversation, when there is one), or says (400,
 * naming `field`) why it cannot. A wamid we never stored is passed on as given: Meta knows messages we do not.
 */
export async function resolveMessageRef(messageId: string, field: string): Promise<MessageRef> {
  const item = await getMessageItem(messageId);
  const conversationPk = typeof item?.conversationPk === 'string' ? item.conversationPk : undefined;
  if (isWamid(messageId)) return { field, wamid: messageId, conversationPk };
  const wamid = item?.waMessageId;
  if (typeof wamid === 'string' && wamid) return { field, wamid, conversationPk };
  throw new ValidationError([
    {
      field,
      reason: item
        ? 'that message has no WhatsApp id yet (no status has arrived for it)'
        : 'no such message: give a wamid (wamid.…) or the messageId of a message we sent',
    },
  ]);
}

export async function toWamid(messageId: string, field: string): Promise<string> {
  return (await resolveMessageRef(messageId, field)).wamid;
}

/**
 * A reaction or reply must stay in the conversation it is sent to: a message stored in another conversation is a
 * 400 naming the reference and `to`, before anything is sent.
 */
export function assertSameConversation(refs: (MessageRef | undefined)[], conversationPk: string): void {
  const strays = refs.filter((r): r is MessageRef => Boolean(r?.conversationPk && r.conversationPk !== conversationPk));
  if (strays.length === 0) return;
  throw new ValidationError(
    strays.flatMap((r) => [
      { field: r.field, reason: `is a message of another conversation (${r.conversationPk}), not of the one with 'to'` },
      { field: 'to', reason: `is not the customer of the conversation that ${r.field} belongs to` },
    ]),
  );
}
