import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { placeAnswer } from '../../shared/flows/place';
import { markFlowResponseHandled } from '../../shared/table/flow-responses';
import { nowIso } from '../../shared/time';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { wamidSchema } from '../../shared/whatsapp/schemas/ids';
import { presentFlowResponse } from './get-flow-responses';

export const flowCompletion = defineAction({
  category: 'flows',
  name: 'flow_completion',
  description:
    'Marks one completed Flow (a customer\'s answers, by the messageId get_flow_responses lists) as handled, with an optional note; get_flow_responses with unhandledOnly then leaves it out. Marking again keeps the first handledAt and replaces the note if one is given.',
  input: withAliases(
    z.object({
      messageId: wamidSchema.check(
        z.describe("The answer's messageId (the nfm_reply's wamid), as get_flow_responses lists it"),
      ),
      note: z.optional(z.string().check(z.maxLength(1000, 'at most 1000 characters'))).check(
        z.describe('What was done about it'),
      ),
    }),
    { message_id: 'messageId', wamid: 'messageId' },
  ),
  handler: async ({ messageId, note }) => {
    const item = await markFlowResponseHandled(messageId, nowIso(), note);
    if (!item) throw new NotFoundError(`No completed Flow answer has messageId ${messageId}; get_flow_responses lists them`, { field: 'messageId' });
    // An answer that beat its Flow message's `sent` status gets its Flow here too, so it lists under that Flow.
    const placed = await placeAnswer(item);
    return { messageId, handledAt: placed.handledAt, response: presentFlowResponse(placed) };
  },
});
