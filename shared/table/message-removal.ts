import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { isConditionFailure } from './conditional';
import { Direction, keys } from './keys';

/**
 * Removes our stored copy of a message (delete_message): the MESSAGE item, the wamid alias of an outbound one, and
 * an inbound one's place in its conversation's unread set. The conversation's last-message preview is left as it
 * was: it records what happened in the chat.
 */
export async function deleteStoredMessage(item: Record<string, unknown>, db: Table = defaultTable()): Promise<{ unreadCleared: boolean }> {
  await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk: item.pk } }));
  const wamid = item.waMessageId as string | undefined;
  if (item.direction === Direction.Outbound && wamid && item.pk !== keys.message(wamid)) {
    await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk: keys.messageAlias(wamid) } }));
  }
  if (item.direction !== Direction.Inbound || !item.conversationPk || !wamid) return { unreadCleared: false };
  try {
    await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: item.conversationPk },
        UpdateExpression: 'DELETE unreadIds :ids',
        ConditionExpression: 'contains(unreadIds, :id)',
        ExpressionAttributeValues: { ':ids': new Set([wamid]), ':id': wamid },
      }),
    );
    return { unreadCleared: true };
  } catch (err) {
    if (isConditionFailure(err)) return { unreadCleared: false };
    throw err;
  }
}
