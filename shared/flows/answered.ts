import { getMessageItem } from '../table/messages';
import { getTemplateDefinition } from '../table/templates';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

export interface FlowAnswered {
  flowId?: string;
  flowName?: string;
  /** Our id of the Flow message answered; set once that message is found, even when it names no Flow. */
  flowMessageId?: string;
}

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
 * Which Flow a customer's nfm_reply answers: the message it replies to (its context) is ours, a send_flow (its
 * payload names flow_id or flow_name) or a template with a FLOW button (its cached definition names it). Empty when
 * that message is not found: sent elsewhere, or its wamid not known here yet (the `sent` status brings it).
 */
export async function flowAnswered(replyTo: string | undefined, wabaMetaId: string | undefined): Promise<FlowAnswered> {
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
  const waba = wabaMetaId ?? str(sent.wabaId);
  if (template && waba && isObj(template.language)) {
    const definition = await getTemplateDefinition(waba, String(template.name), String(template.language.code));
    return { ...templateFlowButton(definition?.definition), flowMessageId };
  }
  return { flowMessageId };
}
