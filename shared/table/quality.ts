import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { mergeEvent, type MergeOutcome } from './event-merge';
import { ItemType, keys } from './keys';

/**
 * QUALITY items (`QUALITY#{phone-number-id-…}`): a business number's messaging limit and quality events. The
 * current state moves forward by event time only; every event is kept once in `history`.
 */
export interface QualityEvent {
  phone: { phoneNumberId: string; arn: string; metaPhoneNumberId?: string };
  wabaId: string;
  /** Deterministic per event: a redelivery carries the same id. */
  eventId: string;
  at: string;
  field: string;
  summary: string;
  /** Meta's event as received, kept in the history. */
  value: unknown;
  event?: string;
  currentLimit?: string;
  oldLimit?: string;
  maxDailyConversationsPerBusiness?: string | number;
  displayPhoneNumber?: string;
}

export async function recordQualityEvent(e: QualityEvent, db: Table = defaultTable()): Promise<MergeOutcome> {
  return mergeEvent(
    {
      pk: keys.quality(e.phone.phoneNumberId),
      eventId: e.eventId,
      historyEntry: { at: e.at, field: e.field, summary: e.summary, value: e.value },
      set: {
        itemType: ItemType.Quality,
        phoneNumberId: e.phone.phoneNumberId,
        phoneArn: e.phone.arn,
        metaPhoneNumberId: e.phone.metaPhoneNumberId,
        wabaId: e.wabaId,
      },
      setOnce: { createdAt: nowIso() },
      forward: {
        attr: 'updatedAt',
        value: e.at,
        set: {
          event: e.event,
          currentLimit: e.currentLimit,
          oldLimit: e.oldLimit,
          maxDailyConversationsPerBusiness: e.maxDailyConversationsPerBusiness,
          displayPhoneNumber: e.displayPhoneNumber,
          summary: e.summary,
        },
      },
    },
    db,
  );
}

export async function getQualityItem(phoneNumberId: string, db: Table = defaultTable()): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.quality(phoneNumberId) } }));
  return Item;
}

/** The quality rating EUM Social reports for a number, as refresh_quality read it. */
export interface QualityRating {
  phoneNumberId: string;
  phoneArn: string;
  metaPhoneNumberId: string;
  wabaId: string;
  qualityRating: string;
  checkedAt: string;
}

/**
 * Records the rating read from EUM Social, in attributes of its own so the webhook-fed state and history stay as
 * they are. When it differs from `previous` (what the item held), the change is kept: previousQualityRating and
 * qualityRatingChangedAt.
 */
export async function recordQualityRating(r: QualityRating, previous: string | undefined, db: Table = defaultTable()): Promise<Record<string, unknown>> {
  const changed = previous !== undefined && previous !== r.qualityRating;
  const out = await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: keys.quality(r.phoneNumberId) },
      UpdateExpression:
        'SET itemType = :type, phoneNumberId = :pid, phoneArn = :arn, metaPhoneNumberId = :meta, wabaId = if_not_exists(wabaId, :waba), ' +
        'createdAt = if_not_exists(createdAt, :now), qualityRating = :rating, qualityCheckedAt = :now' +
        (changed ? ', previousQualityRating = :previous, qualityRatingChangedAt = :now' : ''),
      ExpressionAttributeValues: {
        ':type': ItemType.Quality,
        ':pid': r.phoneNumberId,
        ':arn': r.phoneArn,
        ':meta': r.metaPhoneNumberId,
        ':waba': r.wabaId,
        ':rating': r.qualityRating,
        ':now': r.checkedAt,
        ...(changed ? { ':previous': previous } : {}),
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return out.Attributes ?? {};
}
