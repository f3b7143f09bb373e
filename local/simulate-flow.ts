import { DEMO_PHONE } from './standins/eum/demo-account';
import type { MetaMessagesValue } from './standins/eum/envelope';
import { inboundAnyValue } from './standins/eum/webhook-values';

/**
 * A customer fills a Flow: the `nfm_reply` WhatsApp sends when a Flow completes, answering the last Flow the stand-in
 * sent to that customer, as an interactive Flow message (send_flow / send_flow_message) or as a template with a FLOW
 * button (send_template). Its wamid becomes the reply's context and its flow_token goes into response_json, as
 * WhatsApp does; ingest then stores the answers for get_flow_responses.
 */
type Obj = Record<string, unknown>;
interface RecordedSend {
  wamid?: string;
  message: { to?: string; type?: string; interactive?: Obj; template?: { components?: Obj[] } };
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Flow a sent message opens: its flow_token and, for an interactive Flow message, its flow_id. */
function flowOf(send: RecordedSend): { flowToken?: string; flowId?: string } | undefined {
  const { interactive, template } = send.message;
  if (send.message.type === 'interactive' && interactive?.type === 'flow') {
    const parameters = isObj(interactive.action) && isObj(interactive.action.parameters) ? interactive.action.parameters : {};
    return { flowToken: parameters.flow_token as string | undefined, flowId: parameters.flow_id as string | undefined };
  }
  const button = send.message.type === 'template' ? template?.components?.find((c) => c.type === 'button' && c.sub_type === 'flow') : undefined;
  if (!button) return undefined;
  const action = (Array.isArray(button.parameters) ? button.parameters : []).find((p: Obj) => p.type === 'action')?.action as Obj | undefined;
  return { flowToken: action?.flow_token as string | undefined };
}

export async function flowReplyValue(eumUrl: string, from: string, answers: Record<string, unknown>, name?: string): Promise<MetaMessagesValue & { flowId?: string }> {
  const res = await fetch(`${eumUrl}/_standin/sends`);
  if (!res.ok) throw new Error(`the EUM stand-in did not list its sends: ${res.status}`);
  const sends = (await res.json()) as RecordedSend[];
  const digits = from.replace(/\D/g, '');
  const flowSend = sends.filter((s) => s.wamid && s.message.to?.replace(/\D/g, '') === digits && flowOf(s)).at(-1);
  if (!flowSend) {
    throw new Error(`no Flow was sent to ${from}: send one first (POST /flows/send_flow_message, or send_template with a FLOW button)`);
  }
  const flow = flowOf(flowSend)!;
  const response = { ...answers, ...(flow.flowToken ? { flow_token: flow.flowToken } : {}) };
  const value = inboundAnyValue({
    from: digits,
    name,
    type: 'interactive',
    body: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(response) } },
    extra: { context: { from: DEMO_PHONE.phoneNumber.replace(/\D/g, ''), id: flowSend.wamid } },
  });
  return Object.assign(value, { flowId: flow.flowId });
}
