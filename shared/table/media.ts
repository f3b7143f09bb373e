import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { ItemType, keys } from './keys';

/**
 * MEDIA_UPLOAD (`MEDIA_UPLOAD#{mediaId}`: a file uploaded to WhatsApp) and MEDIA_DOWNLOAD (`MEDIA_DOWNLOAD#{mediaId}`:
 * WhatsApp media copied into the media bucket) items.
 */

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
  db: Table = defaultTable(),
): Promise<MediaUploadItem> {
  const full: MediaUploadItem = {
    pk: keys.mediaUpload(item.mediaId),
    itemType: ItemType.MediaUpload,
    ...item,
    ...lifetime(item.createdAt, UPLOAD_LIFETIME_DAYS),
  };
  await db.client.send(new PutCommand({ TableName: db.name, Item: full }));
  return full;
}

/** The bucket's lifecycle rule removes a stored copy after MEDIA_EXPIRATION_DAYS; its item goes with it. */
const downloadItem = (item: Omit<MediaDownloadItem, 'pk' | 'itemType' | 'expiresAt' | 'ttl'>): MediaDownloadItem => ({
  pk: keys.mediaDownload(item.mediaId),
  itemType: ItemType.MediaDownload,
  ...item,
  ...lifetime(item.createdAt, getConfig().MEDIA_EXPIRATION_DAYS),
});

export async function putMediaDownload(
  item: Omit<MediaDownloadItem, 'pk' | 'itemType' | 'expiresAt' | 'ttl'>,
  db: Table = defaultTable(),
): Promise<MediaDownloadItem> {
  const full = downloadItem(item);
  await db.client.send(new PutCommand({ TableName: db.name, Item: full }));
  return full;
}

async function getByPk<T>(pk: string, db: Table): Promise<T | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk }, ConsistentRead: true }));
  return Item as T | undefined;
}

export const getMediaUpload = (mediaId: string, db: Table = defaultTable()) => getByPk<MediaUploadItem>(keys.mediaUpload(mediaId), db);
export const getMediaDownload = (mediaId: string, db: Table = defaultTable()) => getByPk<MediaDownloadItem>(keys.mediaDownload(mediaId), db);

export async function deleteMediaItem(item: MediaItem, db: Table = defaultTable()): Promise<void> {
  await db.client.send(new DeleteCommand({ TableName: db.name, Key: { pk: item.pk } }));
}

/** Notes on an item that WhatsApp no longer has its media id (the stored copy, if any, is still there). */
export async function markDeletedFromWhatsApp(item: MediaItem, at: string, db: Table = defaultTable()): Promise<void> {
  // Gone meanwhile (TTL or a concurrent delete): nothing left to mark, so a failed condition is fine.
  await conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: item.pk },
        UpdateExpression: 'SET deletedFromWhatsAppAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    ),
  );
}

export interface InboundMediaCopy {
  mediaId: string;
  /** The customer's message the media came with. */
  wamid: string;
  s3Key: string;
  mimeType: string;
  size: number;
  phoneNumberId: string;
  kind: string;
  sha256?: string;
  createdAt: string;
}

/**
 * Where the copy of an inbound message's media stands, on the message item (`mediaCopy`): `pending` from the
 * message's store until the copy is recorded, `saved` once it is, `retrying` after a transient failure (the record
 * is retried), `failed` after a permanent one or too many attempts (never tried again by ingest).
 */
export type MediaCopyState = 'pending' | 'saved' | 'retrying' | 'failed';

export interface InboundMediaState {
  /** Undefined for a message stored without media (or a revoke's placeholder). */
  mediaId?: string;
  state: MediaCopyState;
  /** Ingest attempts so far that ended in a recorded failure. */
  attempts: number;
  revoked: boolean;
}

/**
 * The copy state of a stored inbound message's media, read strongly consistently (a redelivery decides from it
 * whether to finish the copy). Messages stored before `mediaCopy` existed are judged by what they hold.
 */
export async function getInboundMediaState(wamid: string, db: Table = defaultTable()): Promise<InboundMediaState | undefined> {
  const { Item } = await db.client.send(
    new GetCommand({
      TableName: db.name,
      Key: { pk: keys.message(wamid) },
      ConsistentRead: true,
      ProjectionExpression: 'mediaId, mediaS3Key, mediaCopy, mediaError, mediaAttempts, revoked',
    }),
  );
  if (!Item) return undefined;
  const error = Item.mediaError as { retryable?: boolean } | undefined;
  const state: MediaCopyState = Item.mediaS3Key
    ? 'saved'
    : ((Item.mediaCopy as MediaCopyState | undefined) ?? (error ? (error.retryable ? 'retrying' : 'failed') : 'pending'));
  return { mediaId: Item.mediaId as string | undefined, state, attempts: Number(Item.mediaAttempts ?? 0), revoked: Item.revoked === true };
}

/**
 * Records a customer's media copied at ingest: the MEDIA_DOWNLOAD item and the message's pointer to it
 * (`mediaS3Key`, `mediaDownloadPk`, `mediaCopy: saved`, clearing an earlier `mediaError`) in one transaction, so
 * neither exists without the other. The message must be stored.
 */
export async function recordInboundMedia(copy: InboundMediaCopy, db: Table = defaultTable()): Promise<MediaDownloadItem> {
  const { wamid, kind, sha256, ...stored } = copy;
  const item: MediaDownloadItem & Record<string, unknown> = {
    ...downloadItem(stored),
    source: 'inbound',
    kind,
    wamid,
    ...(sha256 ? { sha256 } : {}),
  };
  await db.client.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.name, Item: item } },
        {
          Update: {
            TableName: db.name,
            Key: { pk: keys.message(wamid) },
            UpdateExpression:
              'SET mediaS3Key = :key, mediaDownloadPk = :dl, mediaMimeType = :mime, mediaSize = :size, mediaCopy = :saved REMOVE mediaError',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':key': copy.s3Key, ':dl': item.pk, ':mime': copy.mimeType, ':size': copy.size, ':saved': 'saved' },
          },
        },
      ],
    }),
  );
  return item;
}

/**
 * Notes on a stored message that its media could not be copied this time (the message itself stays as it is):
 * `retrying` (a later delivery tries again) or `failed` (nothing will). Counts the attempt. Never overwrites a copy
 * that a concurrent delivery recorded meanwhile: false then.
 */
export async function recordMediaError(
  wamid: string,
  error: Record<string, unknown>,
  state: Extract<MediaCopyState, 'retrying' | 'failed'>,
  db: Table = defaultTable(),
): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.message(wamid) },
        UpdateExpression: 'SET mediaError = :e, mediaCopy = :state ADD mediaAttempts :one',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mediaS3Key)',
        ExpressionAttributeValues: { ':e': error, ':state': state, ':one': 1 },
      }),
    ),
  );
}
