import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { archivedScope, listArchivedConversations } from '../../shared/table/conversation-queries';
import { mergeNewestFirst } from '../../shared/table/merge-pages';
import { pageInput } from '../../shared/table/pagination';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { phonesOf } from './time-range';

export const getArchivedConversations = defineAction({
  category: 'conversations',
  name: 'get_archived_conversations',
  description:
    'Archived conversations of one number (phoneNumberId), a WABA (metaWabaId) or every linked number, most recent first, with cursor pagination. A conversation whose customer wrote after it was archived is back in get_conversations and not listed here.',
  input: z.object({ ...senderFields, ...pageInput }),
  handler: async ({ metaWabaId, phoneNumberId, limit, cursor }) => {
    const arns = (await phonesOf({ metaWabaId, phoneNumberId })).map((p) => p.arn);
    const page =
      arns.length === 1
        ? await listArchivedConversations(arns[0]!, limit, cursor)
        : await mergeNewestFirst(arns, limit, cursor, (arn, l, c) => listArchivedConversations(arn, l, c), archivedScope);
    return { conversations: page.items, count: page.items.length, nextCursor: page.nextCursor };
  },
});
