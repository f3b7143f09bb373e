import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { ItemType, keys } from './keys';

/** CTWA_EVENT items (`CTWA_EVENT#{wabaMetaId}#{timestamp}#{wamid}`): a click on a Click-to-WhatsApp ad or post. */
export interface CtwaEvent {
  wabaMetaId: string;
  /** The message the click opened the chat with. */
  wamid: string;
  receivedAt: string;
  customer: string;
  conversationPk: string;
  phoneArn: string;
  /** Meta's referral object as received. */
  referral: unknown;
  /** The referral in our attribute names (ctwaClid, sourceUrl, headline, …). */
  ad: Record<string, unknown>;
}

/**
 * Records the ad click once: the key holds the message's wamid and the put is conditional on absence, so a
 * redelivery neither duplicates nor rewrites it. False when it was already recorded.
 */
export async function recordCtwaEvent(e: CtwaEvent, db: Table = defaultTable()): Promise<boolean> {
  return conditionalWrite(() =>
    db.client.send(
      new PutCommand({
        TableName: db.name,
        Item: {
          ...e.ad,
          pk: keys.ctwaEvent(e.wabaMetaId, e.receivedAt, e.wamid),
          itemType: ItemType.CtwaEvent,
          wabaMetaId: e.wabaMetaId,
          messageId: e.wamid,
          customer: e.customer,
          conversationPk: e.conversationPk,
          phoneArn: e.phoneArn,
          referral: e.referral,
          // clickedAt, not receivedAt: with conversationPk + receivedAt the click would list as a message (gsi-conversation).
          clickedAt: e.receivedAt,
          createdAt: nowIso(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}
