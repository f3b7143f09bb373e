import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { decodePosition, encodePosition, keyAfter, readPage, type Position, type Source } from './message-source';
import { conversationPkOf, conversationRefFields } from './reference';
import { boundedRange, timeRangeAliases, timeRangeFields } from './time-range';

const { to: _customerAlias, ...refWithoutTo } = conversationRefFields;
const LIST = 'search_messages';
const MAX_EXAMINED = 1000;
const MAX_DAYS = 31;
const PAGE = 200;

/** The text a message can be found by: what the customer or we wrote, captions, file names, titles. */
const searchable = (m: Record<string, unknown>): string =>
  [m.text, m.preview, m.caption, m.filename, m.replyTitle, m.buttonText, m.contactName]
    .filter((v): v is string => typeof v === 'string')
    .join('\n')
    .toLowerCase();

export const searchMessages = defineAction({
  category: 'conversations',
  name: 'search_messages',
  description: `Finds messages whose text (body, caption, file name, button title) contains query, case-insensitively, newest first: in one conversation (optionally within from/to), or across every conversation in a time range (from required, at most ${MAX_DAYS} days; inbound matches first, then outbound). One call examines at most ${MAX_EXAMINED} messages; follow nextCursor to search further (examined says how many were read). Nothing scans the whole table.`,
  input: withAliases(
    z.object({
      query: z.string().check(
        z.trim(),
        z.minLength(1, 'must not be empty'),
        z.maxLength(200, 'at most 200 characters'),
        z.describe('Text to find (case-insensitive)'),
      ),
      // `to` is the end of the time range here, so the conversation is named by conversationId or customer.
      ...refWithoutTo,
      ...timeRangeFields,
      limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 25).check(
        z.describe('Matches per page (1-100)'),
      ),
      cursor: z.optional(z.string()).check(z.describe('nextCursor from the previous page')),
    }),
    { ...timeRangeAliases, q: 'query', text: 'query', searchText: 'query' },
  ),
  handler: async (input) => {
    const inConversation = Boolean(input.conversationId || input.customer);
    const source: Source = inConversation
      ? { conversationPk: await conversationPkOf({ ...input, to: undefined }), range: { from: input.from, to: input.to } }
      : { range: boundedRange({ from: input.from, to: input.to }, MAX_DAYS) };
    const needle = input.query.toLowerCase();
    const matches: Record<string, unknown>[] = [];
    let position: Position | undefined = decodePosition(LIST, source, input.cursor);
    let examined = 0;
    while (position && matches.length < input.limit && examined < MAX_EXAMINED) {
      const { page, next } = await readPage(LIST, source, position, Math.min(PAGE, MAX_EXAMINED - examined));
      let stoppedAt: Record<string, unknown> | undefined;
      for (const m of page.items) {
        examined += 1;
        if (searchable(m).includes(needle)) matches.push(m);
        if (matches.length === input.limit) {
          stoppedAt = m;
          break;
        }
      }
      const unread = stoppedAt && page.items[page.items.length - 1] !== stoppedAt;
      position = unread ? { phase: position.phase, key: keyAfter(stoppedAt!, position.phase) } : next;
    }
    return {
      query: input.query,
      ...('conversationPk' in source ? { conversationId: source.conversationPk } : { range: source.range }),
      messages: matches,
      count: matches.length,
      examined,
      nextCursor: encodePosition(LIST, source, position),
    };
  },
});
