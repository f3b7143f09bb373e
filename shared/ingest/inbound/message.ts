import { recordGroupMessage } from '../../table/groups';
import { keys } from '../../table/keys';
import { applyEdit, applyReaction, applyRevoke } from '../../table/message-changes';
import { recordInbound, type PhoneRef } from '../../table/messages';
import { logger } from '../../observability/powertools';
import { countEffect, metaTime, PoisonRecordError, type IngestContext } from '../context';
import type { Contact, InboundMessage } from '../envelope';
import { runAutoActions } from './auto-actions';
import { isFlowReply, recordFlowReply } from './flow-reply';
import { ensureInboundMedia } from './media';
import { recordReferral } from './referral';
import { describeInbound, type Described } from './summary';
import { EditBody, ReactionBody, RevokeBody, lenient } from './types';

/**
 * One inbound message, whatever its type. A plain text costs recordInbound's two requests and nothing more; only
 * types that need it do extra work:
 * - revoke / edit change the original message instead of adding one (an edit of an unknown original is stored);
 * - reaction, referral and a Flow's answers (nfm_reply) have idempotent follow-ups that run on redelivery too, so a
 *   crash between the writes heals on the next delivery;
 * - media is copied for a new message, and on a redelivery only when its copy is unfinished (ensureInboundMedia);
 * - the optional auto-actions call out to EUM Social, so they run only for a NEW message.
 */
export async function ingestInboundMessage(ctx: IngestContext, phone: PhoneRef, m: InboundMessage, contacts: Contact[] | undefined) {
  const customer = m.from ?? m.from_user_id;
  if (!customer) throw new PoisonRecordError(`message ${m.id} has neither from nor from_user_id`);
  const contact =
    contacts?.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ?? contacts?.[0];
  const receivedAt = metaTime(ctx, m.timestamp);
  if (typeof m.group_id === 'string' && m.group_id) {
    // A participant wrote in a group: it belongs to the group's messages, not to a 1:1 conversation.
    const d = describeInbound(m);
    const fresh = await recordGroupMessage({
      groupId: m.group_id,
      messageId: m.id,
      direction: 'INBOUND',
      receivedAt,
      from: customer,
      type: m.type,
      preview: d.preview,
      text: typeof d.attributes.text === 'string' ? d.attributes.text : undefined,
      payload: m,
      contactName: contact?.profile?.name,
      owner: { wabaId: phone.wabaId ?? ctx.entry.id, metaPhoneNumberId: phone.metaPhoneNumberId ?? '', phoneNumberId: phone.phoneNumberId, phoneArn: phone.arn },
    });
    if (fresh) ctx.out.inbound += 1;
    else ctx.out.duplicates += 1;
    countEffect(ctx, 'groupMessage');
    return;
  }
  const conversationPk = keys.conversation(phone.arn, customer);

  if (m.type === 'revoke') {
    const body = lenient(RevokeBody, m.revoke);
    if (body) {
      const outcome = await applyRevoke({ originalWamid: body.original_message_id, revokeId: m.id, at: receivedAt, phone, customer, conversationPk });
      countEffect(ctx, outcome === 'applied' ? 'revoke' : 'revokePlaceholder');
      return;
    }
  }

  let described: Described = describeInbound(m);
  let type = m.type;
  let extra: Record<string, unknown> = {};
  if (m.type === 'edit') {
    const body = lenient(EditBody, m.edit);
    if (body?.message) {
      const edited = body.message as { type: string } & Record<string, unknown>;
      const shown = describeInbound(edited);
      const outcome = await applyEdit({
        originalWamid: body.original_message_id,
        editId: m.id,
        at: receivedAt,
        message: edited,
        preview: shown.preview,
        text: shown.attributes.text,
        caption: shown.attributes.caption,
      });
      if (outcome !== 'missing') {
        // The conversation's lastMessage is left as it was: recordInbound re-applies the original's preview
        // whenever the original is redelivered, so changing it here would not stick.
        countEffect(ctx, outcome === 'applied' ? 'edit' : 'editStale');
        return;
      }
      // The original was never stored here: keep the edited message as a message of its own.
      described = describeInbound({ ...edited, context: edited.context ?? m.context, referral: m.referral });
      type = edited.type;
      extra = { edited: true, editedAt: receivedAt, editOf: body.original_message_id };
      described.media = undefined; // the media of an edit is the original's, not a new file
    }
  }

  const isNew = await recordInbound({
    wamid: m.id,
    phone,
    customer,
    contactName: contact?.profile?.name,
    receivedAt,
    type,
    preview: described.preview,
    attributes: {
      ...described.attributes,
      ...extra,
      payload: m,
      ...(m.from_user_id ? { fromUserId: m.from_user_id } : {}),
      ...(contact?.wa_id && contact.wa_id !== customer ? { waId: contact.wa_id } : {}),
      ...(contact?.profile?.username ? { contactUsername: contact.profile.username } : {}),
      ...(described.media ? { mediaCopy: 'pending' } : {}),
    },
    snsMessageId: ctx.snsMessageId,
  });
  if (isNew) ctx.out.inbound++;
  else ctx.out.duplicates++;

  if (m.type === 'reaction') {
    const r = lenient(ReactionBody, m.reaction);
    if (r) {
      const outcome = await applyReaction({ targetWamid: r.message_id, emoji: r.emoji || undefined, reactionId: m.id, at: receivedAt });
      countEffect(ctx, `reaction:${outcome}`);
    }
  }
  if (isFlowReply(described)) {
    const flowReply = { wamid: m.id, phone, customer, contactName: contact?.profile?.name, receivedAt, conversationPk, described };
    if (await recordFlowReply(flowReply)) countEffect(ctx, 'flowResponse');
  }
  if (m.referral !== undefined) {
    if (await recordReferral({ wabaMetaId: phone.wabaId ?? ctx.entry.id, wamid: m.id, receivedAt, customer, conversationPk, phoneArn: phone.arn, referral: m.referral })) {
      countEffect(ctx, 'ctwaEvent');
    }
  }
  // Media runs on redeliveries too: one that finds the copy unfinished (or failed transiently) finishes it.
  const media = described.media ? await ensureInboundMedia({ phone, wamid: m.id, media: described.media, isNew }) : undefined;
  if (media && media.effect !== 'mediaDone') countEffect(ctx, media.effect);
  if (media?.effect === 'mediaError') logger.warn('inbound media not saved', { wamid: m.id, mediaId: described.media?.mediaId, error: media.error });
  if (isNew) for (const done of await runAutoActions({ phone, customer, wamid: m.id, type, conversationPk })) countEffect(ctx, done);
  // Thrown last, so the rest of a new message's steps ran: Lambda retries the record and the redelivery copies.
  if (media?.effect === 'mediaError' && media.retry) throw media.retry;
}
