import { GraphError, graphErrors, type Params } from './protocol';
import type { Emit } from './groups';
import type { CallState, GraphState, PhoneState } from './state';

/** Calling API: settings, call permissions, and /calls actions (connect, pre_accept, accept, reject, terminate). */
const unix = (ms = Date.now()) => String(Math.floor(ms / 1000));

export function getSettings(phone: PhoneState) {
  return { calling: phone.settings.calling };
}

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export function updateSettings(phone: PhoneState, params: Params) {
  const calling = params.calling as Record<string, unknown> | undefined;
  if (!calling || typeof calling !== 'object') throw graphErrors.invalidParameter('The parameter calling is required.');
  const enums: Record<string, string[]> = {
    status: ['ENABLED', 'DISABLED'],
    call_icon_visibility: ['DEFAULT', 'DISABLE_ALL'],
    callback_permission_status: ['ENABLED', 'DISABLED'],
  };
  for (const [k, allowed] of Object.entries(enums)) {
    if (calling[k] !== undefined && !allowed.includes(String(calling[k]))) throw graphErrors.invalidParameter(`Param calling[${k}] must be one of {${allowed.join(', ')}}`);
  }
  const hours = calling.call_hours as Record<string, unknown> | undefined;
  if (hours) {
    const weekly = (hours.weekly_operating_hours ?? []) as { day_of_week?: string; open_time?: string; close_time?: string }[];
    for (const h of weekly) {
      if (!DAYS.includes(String(h.day_of_week)) || !/^\d{4}$/.test(String(h.open_time)) || !/^\d{4}$/.test(String(h.close_time)) || String(h.open_time) >= String(h.close_time)) {
        throw new GraphError(400, 138018, '(#138018) Invalid call hours: day_of_week must be a weekday name and open_time < close_time as HHMM', 'OAuthException');
      }
    }
    if (hours.status === 'ENABLED' && !hours.timezone_id) throw graphErrors.invalidParameter('Param calling[call_hours][timezone_id] is required when call hours are enabled');
  }
  phone.settings.calling = { ...phone.settings.calling, ...calling };
  return { success: true };
}

export function getCallPermission(state: GraphState, phone: PhoneState, params: Params) {
  const waId = String(params.user_wa_id ?? '').replace(/\D/g, '');
  if (!waId) throw graphErrors.invalidParameter('The parameter user_wa_id is required.');
  const p = state.callPermissions.get(`${phone.metaPhoneNumberId}#${waId}`);
  const live = p && (!p.expiresAt || p.expiresAt > Date.now());
  return {
    messaging_product: 'whatsapp',
    permission: live ? { status: p!.status, ...(p!.expiresAt ? { expiration_time: Math.floor(p!.expiresAt / 1000) } : {}) } : { status: 'no_permission' },
    actions: [
      { action_name: 'send_call_permission_request', can_perform_action: !live },
      { action_name: 'start_call', can_perform_action: Boolean(live) },
    ],
  };
}

function requireSdp(params: Params, type: 'offer' | 'answer') {
  const s = params.session as { sdp_type?: unknown; sdp?: unknown } | undefined;
  if (!s || s.sdp_type !== type || typeof s.sdp !== 'string' || !s.sdp.startsWith('v=0')) {
    throw graphErrors.invalidParameter(`Param session must be {sdp_type: "${type}", sdp: "<RFC 8866 SDP>"}`);
  }
}

function findCall(state: GraphState, phone: PhoneState, params: Params): CallState {
  const call = state.calls.get(String(params.call_id ?? ''));
  if (!call || call.phoneId !== phone.metaPhoneNumberId) throw new GraphError(400, 138004, `(#138004) Unknown call_id ${String(params.call_id)}`, 'OAuthException');
  return call;
}

export function callAction(state: GraphState, phone: PhoneState, params: Params, emit: Emit) {
  if (params.messaging_product !== 'whatsapp') throw graphErrors.invalidParameter('The parameter messaging_product is required.');
  if (phone.settings.calling.status !== 'ENABLED') throw new GraphError(400, 138000, '(#138000) Calling is not enabled for this business phone number', 'OAuthException');
  const action = String(params.action ?? '');
  if (action === 'connect') {
    const to = String(params.to ?? '').replace(/\D/g, '');
    if (!to) throw graphErrors.invalidParameter('The parameter to is required.');
    requireSdp(params, 'offer');
    const perm = state.callPermissions.get(`${phone.metaPhoneNumberId}#${to}`);
    if (!perm || (perm.expiresAt && perm.expiresAt < Date.now())) {
      throw new GraphError(400, 138006, '(#138006) No approved call permission from the recipient', 'OAuthException');
    }
    const call: CallState = { id: state.newCallId(), phoneId: phone.metaPhoneNumberId, customer: to, direction: 'BUSINESS_INITIATED', status: 'RINGING', startedAt: Date.now(), bizOpaqueCallbackData: params.biz_opaque_callback_data as string | undefined, actions: ['connect'] };
    state.calls.set(call.id, call);
    emit(phone, 'calls', { statuses: [{ id: call.id, type: 'call', status: 'RINGING', timestamp: unix(), recipient_id: to, ...(call.bizOpaqueCallbackData ? { biz_opaque_callback_data: call.bizOpaqueCallbackData } : {}) }] });
    return { messaging_product: 'whatsapp', calls: [{ id: call.id }] };
  }
  const call = findCall(state, phone, params);
  call.actions.push(action);
  if (action === 'pre_accept' || action === 'accept') {
    requireSdp(params, 'answer');
    if (action === 'accept') {
      call.status = 'ACCEPTED';
      call.acceptedAt = Date.now();
    }
    return { messaging_product: 'whatsapp', success: true };
  }
  if (action === 'reject' || action === 'terminate') {
    if (call.status === 'COMPLETED' || call.status === 'FAILED' || call.status === 'REJECTED') throw new GraphError(400, 138004, '(#138004) The call has already ended', 'OAuthException');
    const answered = call.status === 'ACCEPTED';
    call.status = action === 'reject' ? 'REJECTED' : answered ? 'COMPLETED' : 'FAILED';
    const end = Date.now();
    const business = phone.displayPhoneNumber;
    const userInitiated = call.direction === 'USER_INITIATED';
    emit(phone, 'calls', {
      calls: [{
        id: call.id, from: userInitiated ? call.customer : business, to: userInitiated ? business : call.customer, event: 'terminate',
        direction: call.direction, timestamp: unix(end), status: answered ? 'COMPLETED' : 'FAILED',
        ...(answered ? { start_time: unix(call.acceptedAt), end_time: unix(end), duration: Math.round((end - call.acceptedAt!) / 1000) } : {}),
      }],
    });
    return { messaging_product: 'whatsapp', success: true };
  }
  throw graphErrors.invalidParameter('Param action must be one of {connect, pre_accept, accept, reject, terminate}');
}

/** The customer picks up a business-initiated call (control API / simulate): ACCEPTED status and the connect event. */
export function customerAnswers(phone: PhoneState, call: CallState, emit: Emit) {
  if (call.status !== 'RINGING') throw new GraphError(400, 138004, `(#138004) The call is ${call.status}, not ringing`, 'OAuthException');
  call.status = 'ACCEPTED';
  call.acceptedAt = Date.now();
  emit(phone, 'calls', {
    calls: [{ id: call.id, from: phone.displayPhoneNumber, to: call.customer, event: 'connect', direction: call.direction, timestamp: unix(), session: { sdp_type: 'answer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } }],
  });
  emit(phone, 'calls', { statuses: [{ id: call.id, type: 'call', status: 'ACCEPTED', timestamp: unix(), recipient_id: call.customer }] });
  return { answered: true };
}
