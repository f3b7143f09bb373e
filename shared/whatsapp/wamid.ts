import { ValidationError } from '../errors';
import { getMessageItem } from '../table/messages';

export const isWamid = (id: string): boolean => id.startsWith('wamid.');

/**
 * Meta refers to messages by wamid; our outbound ids are EUM's, whose wamid arrives with the first status.
 * Translates either to the wamid, or says (400, naming `field`) why it cannot.
 */
export async function toWamid(messageId: string, field: string): Promise<string> {
  if (isWamid(messageId)) return messageId;
  const item = await getMessageItem(messageId);
  const wamid = item?.waMessageId;
  if (typeof wamid === 'string' && wamid) return wamid;
  throw new ValidationError([
    {
      field,
      reason: item
        ? 'that message has no WhatsApp id yet (no status has arrived for it)'
        : 'no such message: give a wamid (wamid.…) or the messageId of a message we sent',
    },
  ]);
}
