import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { ItemType, keys } from './keys';

/** A stored answer of a refresh_* action (refresh_infra, refresh_media_types), read back by its get_* action. */
export interface ConfigSnapshot<T> {
  name: 'infra' | 'media-types';
  data: T;
  refreshedAt: string;
}

export async function getConfigSnapshot<T>(name: ConfigSnapshot<T>['name'], client = dynamo()): Promise<ConfigSnapshot<T> | undefined> {
  const { Item } = await client.send(new GetCommand({ TableName: getConfig().TABLE_NAME, Key: { pk: keys.configSnapshot(name) } }));
  return Item ? { name, data: Item.data as T, refreshedAt: Item.refreshedAt as string } : undefined;
}

/** Replaces the snapshot: the newest refresh is the truth, so this is a plain put. */
export async function putConfigSnapshot<T>(snapshot: ConfigSnapshot<T>, client = dynamo()): Promise<void> {
  await client.send(
    new PutCommand({
      TableName: getConfig().TABLE_NAME,
      Item: {
        pk: keys.configSnapshot(snapshot.name),
        itemType: ItemType.ConfigSnapshot,
        name: snapshot.name,
        data: snapshot.data,
        refreshedAt: snapshot.refreshedAt,
        createdAt: snapshot.refreshedAt,
      },
    }),
  );
}
