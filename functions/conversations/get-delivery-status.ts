import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { getMessageItem } from '../../shared/table/messages';
import { STATUS_RANK, statusTimeAttribute } from '../../shared/table/status-rank';
import { isRetryableMetaError, metaErrorHint } from '../../shared/whatsapp/meta-errors';
import { withAliases } from '../../shared/whatsapp/schema-helpers';

/** Meta's errors on a failed message, with whether sending again can help. */
export function explainErrors(errors: unknown): Record<string, unknown>[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((e: { code?: number; title?: string; message?: string }) => ({
    ...e,
    ...(typeof e.code === 'number' ? { retryable: isRetryableMetaError(e.code), hint: metaErrorHint(e.code) } : {}),
  }));
}

export const getDeliveryStatus = defineAction({
  category: 'conversations',
  name: 'get_delivery_status',
  description:
    "One message's delivery status and its history: when each status (accepted, sent, delivered, read, played, failed) was first seen, Meta's errors (with whether a resend can help) and pricing. Statuses only move forward, whatever order they arrived in.",
  input: withAliases(
    z.object({ messageId: z.string().check(
      z.trim(),
      z.minLength(1, 'required'),
      z.maxLength(256, 'at most 256 characters'),
      z.describe('wamid.… or the messageId a send returned'),
    ) }),
    { message_id: 'messageId', waMessageId: 'messageId', wamid: 'messageId' },
  ),
  handler: async ({ messageId }) => {
    const m = await getMessageItem(messageId);
    if (!m) throw new NotFoundError(`No message ${messageId}`);
    const history = Object.keys(STATUS_RANK)
      .map((status) => ({ status, at: m[statusTimeAttribute(status)] as string | undefined }))
      .filter((h): h is { status: string; at: string } => typeof h.at === 'string')
      // In the order statuses progress: Meta's times have second precision and can precede our own acceptedAt.
      .sort((a, b) => (STATUS_RANK[a.status] ?? 0) - (STATUS_RANK[b.status] ?? 0));
    return {
      messageId: m.messageId,
      waMessageId: m.waMessageId ?? null,
      direction: m.direction,
      to: m.to ?? null,
      status: m.status,
      statusUpdatedAt: m.statusUpdatedAt ?? null,
      history,
      errors: explainErrors(m.errors),
      ...(m.warningErrors ? { warnings: m.warningErrors } : {}),
      pricing: m.pricing ?? null,
    };
  },
});
