import type { MetaMessagesValue } from './standins/eum/envelope';
import { inboundAnyValue } from './standins/eum/webhook-values';

/**
 * What a customer does that Meta's Graph API knows about (the Graph stand-in's control API), for `npm run simulate`:
 * answering a call permission request, picking up a call, tapping a group's invite link, writing in a group.
 */
async function control(graphUrl: string, path: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${graphUrl}/_standin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`the Graph stand-in refused ${path}: ${JSON.stringify((out as { error?: unknown }).error ?? out)}`);
  return out;
}

/** The customer answers send_call_permission_request: Meta records an acceptance, and the reply arrives as a message. */
export async function callPermissionReply(graphUrl: string, from: string, answer: string, name: string): Promise<MetaMessagesValue> {
  if (answer !== 'accept' && answer !== 'reject') throw new Error('--call-permission takes accept or reject');
  if (answer === 'accept') await control(graphUrl, 'call_permissions', { waId: from });
  return inboundAnyValue({
    from,
    name,
    type: 'interactive',
    body: { type: 'call_permission_reply', call_permission_reply: { response: answer, is_permanent: false, response_source: 'user_action' } },
  });
}

/** The customer picks up a call initiate_call started: Meta publishes the connect event and ACCEPTED. */
export const answerCall = (graphUrl: string, callId: string) => control(graphUrl, `calls/${encodeURIComponent(callId)}/answer`);

/** The customer taps the group's invite link: joins (or asks to, for approval_required groups). */
export const joinGroup = (graphUrl: string, groupId: string, from: string) => control(graphUrl, `groups/${encodeURIComponent(groupId)}/join`, { waId: from });

/** The customer writes in a group: an inbound text carrying group_id. */
export const groupText = (from: string, groupId: string, text: string, name: string): MetaMessagesValue =>
  inboundAnyValue({ from, name, type: 'text', body: { body: text }, extra: { group_id: groupId } });
