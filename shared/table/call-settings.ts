import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { ItemType, keys } from './keys';

/** CALL_SETTINGS items: a business number's calling settings as Graph last returned them. */
export async function saveCallSettings(
  owner: { wabaId: string; metaPhoneNumberId: string; phoneNumberId: string },
  calling: Record<string, unknown>,
  db: Table = defaultTable(),
): Promise<string> {
  const at = nowIso();
  await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: keys.callSettings(owner.wabaId, owner.metaPhoneNumberId) },
      UpdateExpression: 'SET #calling = :c, syncedAt = :at, itemType = :t, wabaId = :w, metaPhoneNumberId = :m, phoneNumberId = :p, createdAt = if_not_exists(createdAt, :at)',
      // `calling` is a DynamoDB reserved word.
      ExpressionAttributeNames: { '#calling': 'calling' },
      ExpressionAttributeValues: { ':c': calling, ':at': at, ':t': ItemType.CallSettings, ':w': owner.wabaId, ':m': owner.metaPhoneNumberId, ':p': owner.phoneNumberId },
    }),
  );
  return at;
}
