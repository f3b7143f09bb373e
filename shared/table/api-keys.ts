import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { Index, ItemType, keys } from './keys';

/** API_KEY items (`APIKEY#{sha256 of the key}`): the key itself is never stored (shared/auth/api-keys.ts hashes it). */
export interface ApiKeyRecord {
  keyId: string;
  name: string;
  createdAt: string;
  revokedAt?: string;
}

/** Stores (or re-activates, by overwriting) the key with this hash. */
export async function putApiKey(keyHash: string, record: ApiKeyRecord, db: Table = defaultTable()): Promise<void> {
  await db.client.send(new PutCommand({ TableName: db.name, Item: { pk: keys.apiKey(keyHash), itemType: ItemType.ApiKey, ...record } }));
}

export async function getApiKey(keyHash: string, db: Table = defaultTable()): Promise<ApiKeyRecord | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.apiKey(keyHash) } }));
  return Item as ApiKeyRecord | undefined;
}

/** Every key, revoked ones included; `pk` names the item for markApiKeyRevoked. */
export async function listApiKeys(db: Table = defaultTable()): Promise<(ApiKeyRecord & { pk: string })[]> {
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.name,
      IndexName: Index.itemType.name,
      KeyConditionExpression: 'itemType = :t',
      ExpressionAttributeValues: { ':t': ItemType.ApiKey },
    }),
  );
  return (out.Items ?? []) as (ApiKeyRecord & { pk: string })[];
}

/** Revokes the key stored under `pk`; false when there is no such item. */
export async function markApiKeyRevoked(pk: string, db: Table = defaultTable()): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk },
        UpdateExpression: 'SET revokedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': nowIso() },
      }),
    ),
  );
}
