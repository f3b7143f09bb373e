import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../aws/clients';
import { getConfig } from '../../config';
import { ItemType, keys } from '../../table/keys';
import { nowIso } from '../../time';
import { Referral, lenient } from './types';
import { conditionalWrite } from '../../table/conditional';

/** The Click-to-WhatsApp ad (or post) a message came from, in our attribute names. */
function fromMeta(r: Referral) {
  const out = {
    ctwaClid: r.ctwa_clid,
    sourceUrl: r.source_url,
    sourceId: r.source_id,
    sourceType: r.source_type,
    headline: r.headline,
    body: r.body,
    mediaType: r.media_type,
    imageUrl: r.image_url,
    videoUrl: r.video_url,
    thumbnailUrl: r.thumbnail_url,
    welcomeMessage: r.welcome_message?.text,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Message attributes for a referral: the mapped fields under `referral`, and the click id on its own for lookups. */
export function referralAttributes(raw: unknown): Record<string, unknown> {
  const r = raw === undefined ? undefined : lenient(Referral, raw);
  if (!r) return raw === undefined ? {} : { referral: raw };
  const mapped = fromMeta(r);
  return { referral: mapped, ...(r.ctwa_clid ? { ctwaClid: r.ctwa_clid } : {}) };
}

export interface CtwaEventInput {
  wabaMetaId: string;
  wamid: string;
  receivedAt: string;
  customer: string;
  conversationPk: string;
  phoneArn: string;
  referral: unknown;
}

/**
 * Records the ad click as a CTWA_EVENT, once: the key holds the message's wamid and the put is conditional on
 * absence, so a redelivery neither duplicates nor rewrites it.
 */
export async function recordCtwaEvent(e: CtwaEventInput): Promise<boolean> {
  const r = lenient(Referral, e.referral);
  return conditionalWrite(() =>
    dynamo().send(
      new PutCommand({
        TableName: getConfig().TABLE_NAME,
        Item: {
          ...(r ? fromMeta(r) : {}),
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
