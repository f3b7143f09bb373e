import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { Direction } from '../../shared/table/keys';
import { directionScope, messagesByDirection } from '../../shared/table/message-queries';
import { encodeCursor } from '../../shared/table/pagination';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { explainErrors } from './get-delivery-status';
import { boundedRange, timeRangeAliases, timeRangeFields } from './time-range';

const MAX_DAYS = 31;

export const getFailedMessages = defineAction({
  category: 'conversations',
  name: 'get_failed_messages',
  description: `Our outbound messages whose status is failed, sent in a time range (from required, at most ${MAX_DAYS} days), newest first, each with Meta's error codes and whether a resend can help (resend_message). Reads the seed's gsi-direction index within the range; a page examines at most limit×5 messages, so a page can hold fewer than limit: follow nextCursor.`,
  input: withAliases(
    z.object({
      ...timeRangeFields,
      limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 25).check(
        z.describe('Failed messages per page (1-100)'),
      ),
      cursor: z.optional(z.string()).check(z.describe('nextCursor from the previous page')),
    }),
    timeRangeAliases,
  ),
  handler: async ({ from, to, limit, cursor }) => {
    const range = boundedRange({ from, to }, MAX_DAYS);
    const page = await messagesByDirection('get_failed_messages', Direction.Outbound, range, { limit: limit * 5, cursor, onlyFailed: true });
    // More matches than asked for: stop after the last one returned, the next page starts right after it.
    const items = page.items.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = page.items.length > limit && last ? encodeCursor(directionScope('get_failed_messages', Direction.Outbound), { pk: last.pk, direction: last.direction, receivedAt: last.receivedAt }) : page.nextCursor;
    const messages = items.map((m) => ({
      messageId: m.messageId,
      waMessageId: m.waMessageId ?? null,
      conversationId: m.conversationPk,
      to: m.to,
      type: m.type,
      preview: m.preview,
      sentAt: m.receivedAt,
      failedAt: m.failedAt ?? m.statusUpdatedAt ?? null,
      errors: explainErrors(m.errors),
    }));
    return { messages, count: messages.length, examined: page.examined, range, nextCursor };
  },
});
