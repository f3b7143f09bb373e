import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getLinkedAccounts, resolvePhone } from '../../shared/eum/accounts';
import { NotFoundError } from '../../shared/errors';
import { listConversations } from '../../shared/table/conversations';
import { cursorScopes, pageInput } from '../../shared/table/pagination';
import { mergeNewestFirst } from '../../shared/table/merge-pages';
import { senderFields } from '../../shared/whatsapp/schema-helpers';

export const getConversations = defineAction({
  category: 'conversations',
  name: 'get_conversations',
  description:
    'Conversations of one phone number (phoneNumberId) or of every number of a WABA (metaWabaId), most recent activity first, with cursor pagination.',
  input: z.object({
    ...senderFields,
    includeArchived: z._default(z.boolean(), false).check(z.describe('Also list archived conversations')),
    ...pageInput,
  }),
  handler: async ({ metaWabaId, phoneNumberId, includeArchived, limit, cursor }) => {
    let phoneArns: string[];
    if (phoneNumberId || !metaWabaId) {
      phoneArns = [(await resolvePhone({ metaWabaId, phoneNumberId })).arn];
    } else {
      const { accounts } = await getLinkedAccounts();
      const waba = accounts.find((a) => a.wabaId === metaWabaId || a.id === metaWabaId || a.arn === metaWabaId);
      if (!waba) {
        throw new NotFoundError(`No linked WABA '${metaWabaId}'. Linked: ${accounts.map((a) => a.wabaId).join(', ') || 'none'}`, {
          validChoices: accounts.map((a) => a.wabaId),
        });
      }
      phoneArns = waba.phoneNumbers.map((p) => p.arn);
    }
    const page =
      phoneArns.length === 1
        ? await listConversations(phoneArns[0]!, limit, cursor, includeArchived)
        : await mergeNewestFirst(phoneArns, limit, cursor, (arn, l, c) => listConversations(arn, l, c, includeArchived), cursorScopes.conversations);
    return { conversations: page.items, count: page.items.length, nextCursor: page.nextCursor };
  },
});
