import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { ItemType, keys } from './keys';

/**
 * The CONFIG_CACHE item (`CONFIG#LINKED_ACCOUNTS`): the linked WABAs and phone numbers as EUM Social last listed
 * them, so the hot path reads one item instead of calling EUM (shared/eum/accounts.ts decides when it is stale).
 */
export interface AccountsCache<A> {
  accounts: A[];
  fetchedAt: string;
}

export async function getAccountsCache<A>(db: Table = defaultTable()): Promise<AccountsCache<A> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.accountsCache() } }));
  return Item as AccountsCache<A> | undefined;
}

export async function putAccountsCache<A>(cache: AccountsCache<A>, db: Table = defaultTable()): Promise<void> {
  await db.client.send(
    new PutCommand({
      TableName: db.name,
      Item: { pk: keys.accountsCache(), itemType: ItemType.AccountsCache, accounts: cache.accounts, fetchedAt: cache.fetchedAt, createdAt: cache.fetchedAt },
    }),
  );
}
