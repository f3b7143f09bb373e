import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { ItemType, keys } from '../table/keys';
import { nowIso } from '../time';
import type { IngestContext } from './context';
import { conditionalWrite } from '../table/conditional';

/** Short content hash: the same field and value give the same id (and key) on every delivery. */
export function digestOf(field: string, value: unknown, extra = ''): string {
  const body = `${field}\n${JSON.stringify(value)}`;
  return createHash('sha256').update(extra ? `${body}\n${extra}` : body).digest('hex').slice(0, 16);
}

export interface WebhookEventInput {
  field: string;
  value: unknown;
  /** One readable line; absent only for fields nothing here knows. */
  summary?: string;
  /** Typed attributes beside the raw value (event, decision, displayPhoneNumber, …). */
  attributes?: Record<string, unknown>;
}

/**
 * Stores a webhook event as a WEBHOOK_EVENT item, raw value included. The key holds the event time and a digest of
 * the value, and the put is conditional on absence, so a redelivery neither duplicates nor rewrites it.
 */
export async function storeWebhookEvent(ctx: IngestContext, e: WebhookEventInput): Promise<boolean> {
  return conditionalWrite(() =>
    dynamo().send(
      new PutCommand({
        TableName: getConfig().TABLE_NAME,
        Item: {
          ...e.attributes,
          pk: keys.webhookEvent(ctx.entry.id, ctx.eventAtRaw, e.field, digestOf(e.field, e.value)),
          itemType: ItemType.WebhookEvent,
          wabaId: ctx.entry.id,
          field: e.field,
          value: e.value,
          ...(e.summary ? { summary: e.summary } : {}),
          receivedAt: ctx.eventAt,
          createdAt: nowIso(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}
