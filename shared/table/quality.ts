import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { ItemType, keys } from './keys';

/**
 * A business number's QUALITY item. Ingest folds phone_number_quality_update webhooks into it (messaging limit,
 * history); refresh_quality adds the quality rating EUM Social reports, in attributes of its own, so neither
 * overwrites the other.
 */
export async function getQualityItem(phoneNumberId: string, client = dynamo()): Promise<Record<string, unknown> | undefined> {
  const { Item } = await client.send(new GetCommand({ TableName: getConfig().TABLE_NAME, Key: { pk: keys.quality(phoneNumberId) } }));
  return Item;
}

export interface QualityRating {
  phoneNumberId: string;
  phoneArn: string;
  metaPhoneNumberId: string;
  wabaId: string;
  qualityRating: string;
  checkedAt: string;
}

/**
 * Records the rating read from EUM Social. When it differs from `previous` (what the item held), the change is kept:
 * previousQualityRating and qualityRatingChangedAt.
 */
export async function recordQualityRating(r: QualityRating, previous: string | undefined, client = dynamo()): Promise<Record<string, unknown>> {
  const changed = previous !== undefined && previous !== r.qualityRating;
  const out = await client.send(
    new UpdateCommand({
      TableName: getConfig().TABLE_NAME,
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
