import { recordFlowResponse } from '../../table/flow-responses';
import { getMessageItem, type PhoneRef } from '../../table/messages';
import { getTemplateDefinition } from '../../table/templates';
import type { Described } from './summary';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

/** The FLOW button of a template definition (Meta's create shape: BUTTONS component, button type FLOW). */
function templateFlowButton(definition: Obj | undefined): { flowId?: string; flowName?: string } {
  for (const c of Array.isArray(definition?.components) ? definition.components : []) {
    for (const b of isObj(c) && Array.isArray(c.buttons) ? c.buttons : []) {
      if (isObj(b) && String(b.type).toUpperCase() === 'FLOW') return { flowId: str(b.flow_id), flowName: str(b.flow_name) };
    }
  }
  return {};
}

/**
 * Which Flow a reply answers: the message it replies to is ours, a send_flow (its payload names flow_id or
 * flow_name) or a template with a FLOW button (its cached definition names it). Unknown when that message is not
 * found (sent elsewhere, or its wamid not yet known here).
 */
async function flowAnswered(replyTo: string | undefined, phone: PhoneRef): Promise<{ flowId?: string; flowName?: string; flowMessageId?: string }> {
  if (!replyTo) return {};
  const sent = await getMessageItem(replyTo);
  if (!sent) return {};
  const payload = isObj(sent.payload) ? sent.payload : {};
  const flowMessageId = str(sent.messageId);
  const interactive = isObj(payload.interactive) ? payload.interactive : undefined;
  if (interactive?.type === 'flow') {
    const parameters = isObj(interactive.action) && isObj(interactive.action.parameters) ? interactive.action.parameters : {};
    return { flowId: str(parameters.flow_id), flowName: str(parameters.flow_name), flowMessageId };
  }
  const template = isObj(payload.template) ? payload.template : undefined;
  const wabaMetaId = phone.wabaId ?? str(sent.wabaId);
  if (template && wabaMetaId && isObj(template.language)) {
    const definition = await getTemplateDefinition(wabaMetaId, String(template.name), String(template.language.code));
    return { ...templateFlowButton(definition?.definition), flowMessageId };
  }
  return { flowMessageId };
}

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
  const flow = await flowAnswered(replyTo, r.phone);
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
