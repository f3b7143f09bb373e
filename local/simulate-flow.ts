import { DEMO_PHONE } from './standins/eum/demo-account';
import type { MetaMessagesValue } from './standins/eum/envelope';
import { inboundAnyValue } from './standins/eum/webhook-values';

/**
 * A customer fills a Flow: the `nfm_reply` WhatsApp sends when a Flow completes, answering the last Flow message the
 * stand-in sent to that customer (its wamid is the reply's context, its flow_token goes into response_json).
 */
interface RecordedSend {
  wamid?: string;
  message: { to?: string; type?: string; interactive?: { type?: string; action?: { parameters?: { flow_token?: string; flow_id?: string } } } };
}

export async function flowReplyValue(eumUrl: string, from: string, answers: Record<string, unknown>, name?: string): Promise<MetaMessagesValue & { flowId?: string }> {
  const res = await fetch(`${eumUrl}/_standin/sends`);
  if (!res.ok) throw new Error(`the EUM stand-in did not list its sends: ${res.status}`);
  const sends = (await res.json()) as RecordedSend[];
  const digits = from.replace(/\D/g, '');
  const flowSend = sends
    .filter((s) => s.wamid && s.message.type === 'interactive' && s.message.interactive?.type === 'flow' && s.message.to?.replace(/\D/g, '') === digits)
    .at(-1);
  if (!flowSend) throw new Error(`no Flow message was sent to ${from}: send one first (POST /flows/send_flow_message)`);
  const parameters = flowSend.message.interactive?.action?.parameters ?? {};
  const response = { ...answers, ...(parameters.flow_token ? { flow_token: parameters.flow_token } : {}) };
  const value = inboundAnyValue({
    from: digits,
    name,
    type: 'interactive',
    body: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(response) } },
    extra: { context: { from: DEMO_PHONE.phoneNumber.replace(/\D/g, ''), id: flowSend.wamid } },
  });
  return Object.assign(value, { flowId: parameters.flow_id });
}
