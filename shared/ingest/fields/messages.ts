import { applyStatus } from '../../table/message-statuses';
import { recordParticipantStatus } from '../../table/group-messages';
import { recordSendProof } from '../../table/send-attempts';
import { PoisonRecordError, countEffect, metaTime, requirePhone, type IngestContext } from '../context';
import { MessagesValue } from '../envelope';
import { ingestInboundMessage } from '../inbound/message';
import { storeWebhookEvent } from '../webhook-event';

/** The `messages` field: inbound messages, delivery statuses of our sends, and errors Meta reports for the number. */
export async function handleMessages(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const parsed = MessagesValue.safeParse(value);
  if (!parsed.success) throw new PoisonRecordError(`messages change has an unexpected shape: ${parsed.error.message}`);
  const v = parsed.data;
  const phone = requirePhone(ctx.env, v.metadata?.phone_number_id, v.metadata?.display_phone_number);

  for (const m of v.messages ?? []) await ingestInboundMessage(ctx, phone, m, v.contacts);

  // The envelope's messageId names one send: it can only be told to belong to a status when the value has one.
  const statuses = v.statuses ?? [];
  const eumMessageId = statuses.length === 1 ? ctx.env.messageId : undefined;
  for (const s of statuses) {
    const outcome = await applyStatus({
      wamid: s.id,
      status: s.status,
      at: metaTime(ctx, s.timestamp),
      eumMessageId,
      recipientId: s.recipient_id ?? s.recipient_user_id,
      errors: s.errors,
      pricing: s.pricing,
      conversation: s.conversation,
    });
    // A status of a message we do not know may be the proof that a send answered ambiguously went out: if it
    // carries a send's token, the send's idempotency key learns it (shared/http/send-once.ts). Only this branch pays.
    if (outcome === 'pending') await recordSendProof(s.biz_opaque_callback_data, { wamid: s.id, eumMessageId, status: s.status, at: metaTime(ctx, s.timestamp) });
    if (s.recipient_participant_id && outcome !== 'pending') await recordParticipantStatus({ wamid: s.id, eumMessageId, participantId: s.recipient_participant_id, status: s.status });
    ctx.out.statuses[outcome] = (ctx.out.statuses[outcome] ?? 0) + 1;
  }

  // Value-level errors (e.g. 130429 throughput reported asynchronously) belong to no message: keep them as an event.
  if (v.errors?.length) {
    const first = v.errors[0] as { code?: unknown; title?: unknown };
    const summary = `messages errors: ${v.errors.length} (first: ${String(first?.code ?? '?')} ${String(first?.title ?? '')})`.trim();
    if (await storeWebhookEvent(ctx, { field, value: { metadata: v.metadata, errors: v.errors }, summary })) countEffect(ctx, 'webhookEvent');
  }
}
