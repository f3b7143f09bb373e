import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { expiresInSchema } from '../../shared/media/fields';
import { presignGet } from '../../shared/media/presign';
import { getConversation } from '../../shared/table/conversations';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { writeExport } from './export-writer';
import type { Source } from './message-source';
import { conversationPkOf, conversationRefFields, noSuchConversation } from './reference';
import { boundedRange, timeRangeAliases, timeRangeFields } from './time-range';

const MAX_DAYS = 31;
const { to: _customerAlias, ...refWithoutTo } = conversationRefFields;

export const exportMessages = defineAction({
  category: 'conversations',
  name: 'export_messages',
  description: `Exports one conversation (optionally within from/to) or every conversation in a time range (from required, at most ${MAX_DAYS} days) as JSON Lines (every stored field) or CSV (receivedAt, direction, ids, from, to, type, status, text) into the media bucket under exports/, streamed as a multipart upload, and returns a presigned GET URL. At most maxMessages messages (truncated says if more were left out); the file expires with the bucket's lifecycle.`,
  input: withAliases(
    z.object({
      ...refWithoutTo,
      ...timeRangeFields,
      format: z._default(z.enum(['jsonl', 'csv']), 'jsonl').check(
        z.describe('jsonl (one JSON object per line) or csv'),
      ),
      maxMessages: z._default(z.number().check(z.int(), z.gte(1), z.lte(1_000_000)), 100_000).check(
        z.describe('Stop after this many messages'),
      ),
      expiresIn: expiresInSchema,
    }),
    { ...timeRangeAliases, fileFormat: 'format', file_format: 'format' },
  ),
  handler: async (input) => {
    let source: Source;
    if (input.conversationId || input.customer) {
      const conversationPk = await conversationPkOf({ ...input, to: undefined });
      if (!(await getConversation(conversationPk))) throw noSuchConversation(conversationPk);
      source = { conversationPk, range: { from: input.from, to: input.to } };
    } else {
      source = { range: boundedRange({ from: input.from, to: input.to }, MAX_DAYS) };
    }
    const result = await writeExport(source, input.format, input.maxMessages);
    const { url, expiresAt } = await presignGet(result.s3Key, input.expiresIn);
    return {
      ...('conversationPk' in source ? { conversationId: source.conversationPk } : { range: source.range }),
      format: input.format,
      ...result,
      url,
      expiresIn: input.expiresIn,
      expiresAt,
    };
  },
});
