import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { ItemType, keys } from './keys';

/**
 * BUSINESS_PROFILE items: the live profile of one business number as Graph last returned it (`profile`,
 * `syncedAt`), and changes a user keeps for applying by hand in WhatsApp Manager (`pendingChanges` until
 * mark_business_profile_applied).
 */
export interface ProfileOwner {
  wabaId: string;
  metaPhoneNumberId: string;
  phoneNumberId: string;
}

export type BusinessProfileItem = {
  pk: string;
  profile?: Record<string, unknown>;
  syncedAt?: string;
  lastUpdate?: { fields: string[]; at: string; via: string };
  pendingChanges?: Record<string, unknown>;
  pendingSince?: string;
  appliedAt?: string;
  appliedChanges?: Record<string, unknown>;
} & ProfileOwner;

const pkOf = (o: ProfileOwner) => keys.businessProfile(o.wabaId, o.metaPhoneNumberId);
const identity = (o: ProfileOwner) => ({ itemType: ItemType.BusinessProfile, wabaId: o.wabaId, metaPhoneNumberId: o.metaPhoneNumberId, phoneNumberId: o.phoneNumberId });

export async function getBusinessProfileItem(owner: ProfileOwner, db: Table = defaultTable()): Promise<BusinessProfileItem | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: pkOf(owner) } }));
  return Item as BusinessProfileItem | undefined;
}

/** Mirrors the live profile read from Graph; `update` names the fields just changed through Graph, if any. */
export async function saveLiveProfile(
  owner: ProfileOwner,
  profile: Record<string, unknown>,
  update?: { fields: string[]; via: string },
  db: Table = defaultTable(),
): Promise<string> {
  const at = nowIso();
  const values: Record<string, unknown> = { ':p': profile, ':at': at, ...Object.fromEntries(Object.entries(identity(owner)).map(([k, v]) => [`:${k}`, v])) };
  let expr = 'SET profile = :p, syncedAt = :at, createdAt = if_not_exists(createdAt, :at)';
  for (const k of Object.keys(identity(owner))) expr += `, ${k} = :${k}`;
  if (update) {
    expr += ', lastUpdate = :u';
    values[':u'] = { fields: update.fields, at, via: update.via };
  }
  await db.client.send(new UpdateCommand({ TableName: db.name, Key: { pk: pkOf(owner) }, UpdateExpression: expr, ExpressionAttributeValues: values }));
  return at;
}

/** Keeps changes for applying by hand; later changes to the same fields replace earlier ones. */
export async function savePendingChanges(owner: ProfileOwner, changes: Record<string, unknown>, db: Table = defaultTable()): Promise<BusinessProfileItem> {
  const current = await getBusinessProfileItem(owner, db);
  const at = nowIso();
  const pending = { ...(current?.pendingChanges ?? {}), ...changes };
  const { Attributes } = await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: pkOf(owner) },
      UpdateExpression:
        'SET pendingChanges = :c, pendingSince = if_not_exists(pendingSince, :at), createdAt = if_not_exists(createdAt, :at), itemType = :t, wabaId = :w, metaPhoneNumberId = :m, phoneNumberId = :p',
      ExpressionAttributeValues: { ':c': pending, ':at': at, ':t': ItemType.BusinessProfile, ':w': owner.wabaId, ':m': owner.metaPhoneNumberId, ':p': owner.phoneNumberId },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return Attributes as BusinessProfileItem;
}

/** The pending changes were applied by hand: they move to `appliedChanges`; false when nothing was pending. */
export async function markPendingApplied(owner: ProfileOwner, db: Table = defaultTable()): Promise<BusinessProfileItem | undefined> {
  const current = await getBusinessProfileItem(owner, db);
  if (!current?.pendingChanges || !Object.keys(current.pendingChanges).length) return undefined;
  const { Attributes } = await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: pkOf(owner) },
      UpdateExpression: 'SET appliedChanges = pendingChanges, appliedAt = :at REMOVE pendingChanges, pendingSince',
      ConditionExpression: 'attribute_exists(pendingChanges)',
      ExpressionAttributeValues: { ':at': nowIso() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return Attributes as BusinessProfileItem;
}
