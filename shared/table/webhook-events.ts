import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { digestOf } from './digest';
import { ItemType, keys } from './keys';

/** WEBHOOK_EVENT items (`WEBHOOK_EVENT#{wabaId}#{timestamp}#{field}#{digest}`): a webhook change kept as received. */
export interface WebhookEvent {
  wabaId: string;
  /** The event time as EUM wrote it: part of the key, so a redelivery names the same item. */
  eventAtRaw: string;
  /** The same instant as ISO-8601, for ordering and display. */
  eventAt: string;
  field: string;
  value: unknown;
  /** One readable line; absent only for fields nothing here knows. */
  summary?: string;
  /** Typed attributes beside the raw value (event, decision, displayPhoneNumber, …). */
  attributes?: Record<string, unknown>;
}

/**
 * Stores the event, raw value included. The key holds the event time and a digest of the value, and the put is
 * conditional on absence, so a redelivery neither duplicates nor rewrites it. False when it was already stored.
 */
export async function storeWebhookEvent(e: WebhookEvent, db: Table = defaultTable()): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(
      new PutCommand({
        TableName: db.name,
        Item: {
          ...e.attributes,
          pk: keys.webhookEvent(e.wabaId, e.eventAtRaw, e.field, digestOf(e.field, e.value)),
          itemType: ItemType.WebhookEvent,
          wabaId: e.wabaId,
          field: e.field,
          value: e.value,
          ...(e.summary ? { summary: e.summary } : {}),
          receivedAt: e.eventAt,
          createdAt: nowIso(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}
