import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { ItemType, keys } from './keys';

/** A stored answer of a refresh_* action (refresh_infra, refresh_media_types), read back by its get_* action. */
export interface ConfigSnapshot<T> {
  name: 'infra' | 'media-types';
  data: T;
  refreshedAt: string;
}

export async function getConfigSnapshot<T>(name: ConfigSnapshot<T>['name'], db: Table = defaultTable()): Promise<ConfigSnapshot<T> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.configSnapshot(name) } }));
  return Item ? { name, data: Item.data as T, refreshedAt: Item.refreshedAt as string } : undefined;
}

/** Replaces the snapshot: the newest refresh is the truth, so this is a plain put. */
export async function putConfigSnapshot<T>(snapshot: ConfigSnapshot<T>, db: Table = defaultTable()): Promise<void> {
  await db.client.send(
    new PutCommand({
      TableName: db.name,
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
