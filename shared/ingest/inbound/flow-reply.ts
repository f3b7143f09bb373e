import { flowAnswered } from '../../flows/answered';
import { recordFlowResponse } from '../../table/flow-responses';
import type { PhoneRef } from '../../table/messages';
import type { Described } from './summary';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface FlowReply {
  wamid: string;
  phone: PhoneRef;
  customer: string;
  contactName?: string;
  receivedAt: string;
  conversationPk: string;
  described: Described;
}

/** True for the nfm_reply of a Flow (an address message's nfm_reply is an address, not a Flow's answers). */
export const isFlowReply = (d: Described): boolean => d.attributes.interactiveType === 'nfm_reply' && d.attributes.flowName !== 'address_message';

/**
 * Keeps a completed Flow's answers where get_flow_responses reads them (per Flow, per customer). Idempotent, so it
 * runs on redelivery too: a crash after storing the message heals on the next delivery. False when already stored.
 */
export async function recordFlowReply(r: FlowReply): Promise<boolean> {
  const a = r.described.attributes;
  const replyTo = str(a.replyTo);
  const flow = await flowAnswered(replyTo, r.phone.wabaId);
  return recordFlowResponse({
    wamid: r.wamid,
    receivedAt: r.receivedAt,
    customer: r.customer,
    contactName: r.contactName,
    phoneArn: r.phone.arn,
    phoneNumberId: r.phone.phoneNumberId,
    wabaId: r.phone.wabaId,
    conversationId: r.conversationPk,
    ...flow,
    flowToken: str(a.flowToken),
    response: isObj(a.flowResponse) ? a.flowResponse : undefined,
    responseRaw: str(a.flowResponseRaw),
    responseError: str(a.flowResponseError),
    replyTo,
  });
}
