import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { placeAnswer, placeRecentUnplaced } from '../../shared/flows/place';
import { listFlowResponses, type FlowResponseItem } from '../../shared/table/flow-responses';
import { pageInput } from '../../shared/table/pagination';
import { recipientKey, recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields, withAliases } from '../../shared/whatsapp/schema-helpers';
import { flowIdField } from './fields';

/** One answer as callers see it: the customer's answers and where they came from, without table attributes. */
export function presentFlowResponse(r: FlowResponseItem) {
  return {
    messageId: r.wamid,
    customer: r.customer,
    ...(r.contactName ? { contactName: r.contactName } : {}),
    conversationId: r.conversationId,
    receivedAt: r.receivedAt,
    flowId: r.flowId,
    flowName: r.flowName,
    flowToken: r.flowToken,
    response: r.response ?? null,
    ...(r.responseRaw !== undefined ? { responseRaw: r.responseRaw, responseError: r.responseError } : {}),
    replyTo: r.replyTo,
    flowMessageId: r.flowMessageId,
    handled: r.handledAt !== undefined,
    handledAt: r.handledAt,
    ...(r.handledNote !== undefined ? { handledNote: r.handledNote } : {}),
  };
}

export const getFlowResponses = defineAction({
  category: 'flows',
  name: 'get_flow_responses',
  description:
    "Completed Flows: the answers customers sent (each Flow's nfm_reply, stored by ingest), newest first, with cursor pagination. One customer's (with metaWabaId/phoneNumberId when several numbers are linked), one Flow's (flowId), or all; optionally only one flow_token's or those not yet marked handled (flow_completion). Filters are applied to each page read, so a page may hold fewer than limit answers while nextCursor says there are more. flowId is known when the answered message was sent here (send_flow, or a template with a FLOW button); an answer that came before that message's wamid was known gets it once that message is known (on the next read of its Flow, or of its customer).",
  input: withAliases(
    z.object({
      customer: z.optional(recipientSchema).check(
        z.describe("Only this customer's answers: E.164 number, wa_id or business-scoped user id"),
      ),
      metaWabaId: senderFields.metaWabaId,
      phoneNumberId: senderFields.phoneNumberId,
      flowId: z.optional(flowIdField).check(z.describe('Only answers to this Flow')),
      flowToken: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))).check(
        z.describe('Only answers carrying this flow_token (the one given to send_flow)'),
      ),
      unhandledOnly: z._default(z.boolean(), false).check(
        z.describe('Only answers not yet marked handled with flow_completion'),
      ),
      ...pageInput,
    }),
    { flow_id: 'flowId', flow_token: 'flowToken', to: 'customer', unhandled_only: 'unhandledOnly' },
  ),
  handler: async (input) => {
    const customerOf = input.customer
      ? { phoneArn: (await resolvePhone({ metaWabaId: input.metaWabaId, phoneNumberId: input.phoneNumberId })).arn, customer: recipientKey(input.customer) }
      : undefined;
    // A Flow's partition lacks answers that beat their Flow message's `sent` status: place those first.
    if (input.flowId) await placeRecentUnplaced();
    const page = await listFlowResponses({ customerOf, flowId: input.flowId, flowToken: input.flowToken, unhandledOnly: input.unhandledOnly }, input.limit, input.cursor);
    const responses = (await Promise.all(page.items.map(placeAnswer))).map(presentFlowResponse);
    return { count: responses.length, responses, nextCursor: page.nextCursor };
  },
});
