import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { forgetUnread } from './conversation-unread';
import { conditionalWrite } from './conditional';
import { Direction, ItemType, keys } from './keys';

/**
 * Removes our stored copy of a message (delete_message): the MESSAGE item, the wamid alias of an outbound one, and
 * an inbound one's place in its conversation's unread count. The conversation's last-message preview is left as it
 * was: it records what happened in the chat.
 */
export async function deleteStoredMessage(item: Record<string, unknown>, db: Table = defaultTable()): Promise<{ unreadCleared: boolean }> {
  await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk: item.pk } }));
  const wamid = item.waMessageId as string | undefined;
  if (item.direction === Direction.Outbound && wamid && item.pk !== keys.message(wamid)) {
    await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk: keys.messageAlias(wamid) } }));
  }
  // A group send's EUM id points at its GROUP_MSG item (shared/table/group-messages.ts): the pointer goes with it.
  if (item.itemType === ItemType.GroupMessage && item.direction === Direction.Outbound && typeof item.messageId === 'string') {
    const pointer = { TableName: db.name, Key: { pk: keys.message(item.messageId) }, ConditionExpression: 'targetPk = :pk', ExpressionAttributeValues: { ':pk': item.pk } };
    await conditionalWrite(() => db.client.send(new DeleteCommand(pointer)));
  }
  if (item.direction !== Direction.Inbound || typeof item.conversationPk !== 'string' || !wamid) return { unreadCleared: false };
  const at = typeof item.receivedAt === 'string' ? item.receivedAt : new Date(0).toISOString();
  const storedAt = typeof item.createdAt === 'string' ? item.createdAt : undefined;
  return { unreadCleared: await forgetUnread(item.conversationPk, { wamid, at, storedAt }, db) };
}
