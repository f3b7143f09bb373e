import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { ItemType, keys } from './keys';

/** WhatsApp keeps uploaded media for 30 days; after that the media id no longer works. */
export const UPLOAD_LIFETIME_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface MediaUploadItem {
  pk: string;
  itemType: typeof ItemType.MediaUpload;
  mediaId: string;
  s3Key: string;
  mimeType: string;
  size: number;
  kind: string;
  phoneNumberId: string;
  createdAt: string;
  /** When WhatsApp forgets the media id. */
  expiresAt: string;
  /** DynamoDB TTL (epoch seconds): the item goes when the media id stops working. */
  ttl: number;
  deletedFromWhatsAppAt?: string;
}

export interface MediaDownloadItem {
  pk: string;
  itemType: typeof ItemType.MediaDownload;
  mediaId: string;
  s3Key: string;
  mimeType: string;
  size: number;
  phoneNumberId: string;
  createdAt: string;
  /** When the bucket's lifecycle rule removes the stored copy (MEDIA_EXPIRATION_DAYS). */
  expiresAt: string;
  ttl: number;
  deletedFromWhatsAppAt?: string;
}

export type MediaItem = MediaUploadItem | MediaDownloadItem;

const lifetime = (createdAt: string, days: number) => {
  const end = Date.parse(createdAt) + days * DAY_MS;
  return { expiresAt: new Date(end).toISOString(), ttl: Math.floor(end / 1000) };
};

export async function putMediaUpload(
  item: Omit<MediaUploadItem, 'pk' | 'itemType' | 'expiresAt' | 'ttl'>,
): Promise<MediaUploadItem> {
  const full: MediaUploadItem = {
    pk: keys.mediaUpload(item.mediaId),
    itemType: ItemType.MediaUpload,
    ...item,
    ...lifetime(item.createdAt, UPLOAD_LIFETIME_DAYS),
  };
  await dynamo().send(new PutCommand({ TableName: getConfig().TABLE_NAME, Item: full }));
  return full;
}

export async function putMediaDownload(
  item: Omit<MediaDownloadItem, 'pk' | 'itemType' | 'expiresAt' | 'ttl'>,
): Promise<MediaDownloadItem> {
  const full: MediaDownloadItem = {
    pk: keys.mediaDownload(item.mediaId),
    itemType: ItemType.MediaDownload,
    ...item,
    ...lifetime(item.createdAt, getConfig().MEDIA_EXPIRATION_DAYS),
  };
  await dynamo().send(new PutCommand({ TableName: getConfig().TABLE_NAME, Item: full }));
  return full;
}

async function getByPk<T>(pk: string): Promise<T | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: getConfig().TABLE_NAME, Key: { pk }, ConsistentRead: true }));
  return Item as T | undefined;
}

export const getMediaUpload = (mediaId: string) => getByPk<MediaUploadItem>(keys.mediaUpload(mediaId));
export const getMediaDownload = (mediaId: string) => getByPk<MediaDownloadItem>(keys.mediaDownload(mediaId));

export async function deleteMediaItem(item: MediaItem): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: getConfig().TABLE_NAME, Key: { pk: item.pk } }));
}

/** Notes on an item that WhatsApp no longer has its media id (the stored copy, if any, is still there). */
export async function markDeletedFromWhatsApp(item: MediaItem, at: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().TABLE_NAME,
        Key: { pk: item.pk },
        UpdateExpression: 'SET deletedFromWhatsAppAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  } catch (err) {
    // Gone meanwhile (TTL or a concurrent delete): nothing left to mark.
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
