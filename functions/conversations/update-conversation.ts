import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ValidationError } from '../../shared/errors';
import { presentConversation, updateConversation } from '../../shared/table/conversations';
import { nowIso } from '../../shared/time';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { conversationPkOf, conversationRefFields, conversationRefMessage, noSuchConversation, requireConversationRef } from './reference';

const label = z.string().check(
  z.trim(),
  z.minLength(1, 'a label must not be empty'),
  z.maxLength(50, 'a label has at most 50 characters'),
);

/** Each field: a value sets it, null clears it, absent leaves it alone. */
const editable = {
  labels: z.optional(z.nullable(z.array(label).check(z.maxLength(20, 'at most 20 labels')))).check(
    z.describe('Labels (up to 20, 50 characters each; duplicates dropped); null clears'),
  ),
  notes: z.optional(z.nullable(z.string().check(z.maxLength(2000, 'at most 2000 characters')))).check(
    z.describe('Free-text notes about the conversation; null clears'),
  ),
  assignee: z.optional(z.nullable(z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(100, 'at most 100 characters'),
  ))).check(
    z.describe('Who handles the conversation (an agent id or email); null clears'),
  ),
  contactName: z.optional(z.nullable(z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(256, 'at most 256 characters'),
  ))).check(
    z.describe("The customer's name as you want it shown; null clears (ingest sets it again from the customer's profile)"),
  ),
};
type Editable = keyof typeof editable;
const EDITABLE = Object.keys(editable) as Editable[];

export const updateConversationAction = defineAction({
  category: 'conversations',
  name: 'update_conversation',
  description:
    'Sets or clears labels, notes, assignee and contactName on a conversation (null clears a field; absent fields are left alone). Other fields are not editable here.',
  input: withAliases(
    z.object({ ...conversationRefFields, ...editable }).check(
      z.refine(requireConversationRef, conversationRefMessage),
    ),
    { tags: 'labels', note: 'notes', assignedTo: 'assignee', assigned_to: 'assignee', contact_name: 'contactName', name: 'contactName' },
  ),
  handler: async (input) => {
    const given = EDITABLE.filter((f) => input[f] !== undefined);
    if (given.length === 0) throw new ValidationError([{ field: EDITABLE.join('|'), reason: `give at least one of ${EDITABLE.join(', ')}` }]);
    const pk = await conversationPkOf(input);
    const set: Record<string, unknown> = { updatedAt: nowIso() };
    const remove: string[] = [];
    for (const field of given) {
      const value = input[field];
      if (value === null) remove.push(field);
      else set[field] = field === 'labels' ? [...new Set(value as string[])] : value;
    }
    const after = await updateConversation(pk, { set, remove });
    if (!after) throw noSuchConversation(pk);
    return { conversationId: pk, updated: given, conversation: presentConversation(after) };
  },
});
