import { createHash, randomBytes } from 'node:crypto';
import { GraphError, graphErrors, page, type Params } from './protocol';
import type { GraphState, GroupState, PhoneState } from './state';

/** Groups API: create (async, answered by a group_lifecycle_update webhook), list, info, settings, invite link,
 * participants and join requests. Each change Meta reports by webhook is emitted the same way here. */
export type Emit = (phone: PhoneState, field: string, value: Record<string, unknown>) => void;

const MAX_PARTICIPANTS = 8;
const unix = (ms = Date.now()) => String(Math.floor(ms / 1000));
const inviteLink = (g: GroupState) => `https://chat.whatsapp.com/${g.inviteCode}`;
const groupEvent = (g: GroupState, type: string, extra: Record<string, unknown> = {}) => ({
  groups: [{ timestamp: unix(), group_id: g.id, type, ...extra }],
});

function requireProduct(params: Params) {
  if (params.messaging_product !== 'whatsapp') throw graphErrors.invalidParameter('The parameter messaging_product is required.');
}

export function createGroup(state: GraphState, phone: PhoneState, params: Params, emit: Emit) {
  requireProduct(params);
  const subject = typeof params.subject === 'string' ? params.subject.trim() : '';
  if (!subject || subject.length > 128) throw graphErrors.invalidParameter('The parameter subject is required (1-128 characters).');
  if (params.description !== undefined && (typeof params.description !== 'string' || params.description.length > 2048)) {
    throw graphErrors.invalidParameter('Param description must be at most 2048 characters');
  }
  const mode = params.join_approval_mode ?? 'auto_approve';
  if (mode !== 'auto_approve' && mode !== 'approval_required') throw graphErrors.invalidParameter('Param join_approval_mode must be one of {auto_approve, approval_required}');
  const requestId = randomBytes(12).toString('hex');
  const g: GroupState = {
    id: state.newGroupId(),
    phoneId: phone.metaPhoneNumberId,
    subject,
    description: params.description as string | undefined,
    joinApprovalMode: mode,
    createdAt: Date.now(),
    inviteCode: state.newInviteCode(),
    participants: [],
    removed: new Set(),
    joinRequests: new Map(),
    suspended: false,
  };
  state.groups.set(g.id, g);
  emit(phone, 'group_lifecycle_update', groupEvent(g, 'group_create', { request_id: requestId, subject, ...(g.description ? { description: g.description } : {}), invite_link: inviteLink(g), join_approval_mode: mode }));
  return { messaging_product: 'whatsapp', request_id: requestId };
}

export function listGroups(state: GraphState, phone: PhoneState, params: Params) {
  const all = [...state.groups.values()]
    .filter((g) => g.phoneId === phone.metaPhoneNumberId)
    .map((g) => ({ id: g.id, subject: g.subject, created_at: unix(g.createdAt) }));
  const p = page(all, params);
  return { data: { groups: p.data }, ...(p.paging ? { paging: p.paging } : {}) };
}

export function groupInfo(g: GroupState, params: Params) {
  const fields = typeof params.fields === 'string' && params.fields ? params.fields.split(',').map((f) => f.trim()) : [];
  const all: Record<string, unknown> = {
    subject: g.subject,
    description: g.description ?? '',
    participants: g.participants.map((wa_id) => ({ wa_id })),
    total_participant_count: g.participants.length,
    join_approval_mode: g.joinApprovalMode,
    suspended: g.suspended,
    creation_timestamp: Math.floor(g.createdAt / 1000),
  };
  const out: Record<string, unknown> = { messaging_product: 'whatsapp', id: g.id };
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}

export function updateGroup(phone: PhoneState, g: GroupState, params: Params, file: { bytes: Buffer; type: string } | undefined, emit: Emit) {
  requireProduct(params);
  const event: Record<string, unknown> = { request_id: randomBytes(12).toString('hex') };
  if (params.subject !== undefined) {
    const s = String(params.subject).trim();
    if (!s || s.length > 128) throw graphErrors.invalidParameter('Param subject must be 1-128 characters');
    g.subject = s;
    event.group_subject = { text: s, update_successful: true };
  }
  if (params.description !== undefined) {
    const d = String(params.description);
    if (d.length > 2048) throw graphErrors.invalidParameter('Param description must be at most 2048 characters');
    g.description = d;
    event.group_description = { text: d, update_successful: true };
  }
  if (file) {
    if (file.type !== 'image/jpeg') throw new GraphError(400, 131210, '(#131210) Group profile picture must be a JPEG image', 'OAuthException');
    if (file.bytes.length > 5 * 1024 * 1024) throw new GraphError(400, 131210, '(#131210) Group profile picture is larger than 5 MB', 'OAuthException');
    g.picture = { sha256: createHash('sha256').update(file.bytes).digest('base64'), mimeType: file.type };
    event.profile_picture = { mime_type: file.type, update_successful: true, sha256: g.picture.sha256 };
  }
  if (Object.keys(event).length === 1) throw graphErrors.invalidParameter('Give at least one of subject, description, file');
  emit(phone, 'group_settings_update', groupEvent(g, 'group_settings_update', event));
  return { success: true };
}

export function deleteGroup(state: GraphState, phone: PhoneState, g: GroupState, emit: Emit) {
  state.groups.delete(g.id);
  emit(phone, 'group_lifecycle_update', groupEvent(g, 'group_delete', { request_id: randomBytes(12).toString('hex') }));
  return { success: true };
}

export function resetInviteLink(g: GroupState) {
  g.inviteCode = randomBytes(16).toString('base64url').slice(0, 22);
  return { messaging_product: 'whatsapp', invite_link: inviteLink(g) };
}

export const getInviteLink = (g: GroupState) => ({ messaging_product: 'whatsapp', invite_link: inviteLink(g) });

export function removeParticipants(phone: PhoneState, g: GroupState, params: Params, emit: Emit) {
  requireProduct(params);
  const list = params.participants;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_PARTICIPANTS) throw graphErrors.invalidParameter('Param participants must be an array of 1-8 {user} objects');
  const removed: { input: string }[] = [];
  const failed: { input: string; errors: unknown[] }[] = [];
  for (const p of list as { user?: unknown }[]) {
    const input = String(p?.user ?? '');
    const waId = input.replace(/\D/g, '');
    if (g.participants.includes(waId)) {
      g.participants = g.participants.filter((x) => x !== waId);
      g.removed.add(waId);
      removed.push({ input });
    } else {
      failed.push({ input, errors: [{ code: 131212, title: 'Not a participant', message: '(#131212) The user is not a participant of the group', error_data: { details: 'The user is not a participant of the group' } }] });
    }
  }
  emit(phone, 'group_participants_update', groupEvent(g, 'group_participants_remove', { request_id: randomBytes(12).toString('hex'), initiated_by: 'business', removed_participants: removed, ...(failed.length ? { failed_participants: failed } : {}) }));
  if (!removed.length) throw new GraphError(400, 131212, '(#131212) None of the users is a participant of the group', 'OAuthException');
  return { success: true, ...(failed.length ? { failed_participants: failed } : {}) };
}

export function listJoinRequests(g: GroupState, params: Params) {
  const all = [...g.joinRequests.entries()].map(([id, r]) => ({ join_request_id: id, wa_id: r.waId, creation_timestamp: Math.floor(r.createdAt / 1000) }));
  return page(all, params);
}

export function decideJoinRequests(phone: PhoneState, g: GroupState, params: Params, approve: boolean, emit: Emit) {
  requireProduct(params);
  const ids = params.join_requests;
  if (!Array.isArray(ids) || !ids.length) throw graphErrors.invalidParameter('Param join_requests must be a non-empty array of join request ids');
  const done: string[] = [];
  const failed: unknown[] = [];
  const added: { wa_id: string }[] = [];
  for (const id of ids.map(String)) {
    const r = g.joinRequests.get(id);
    if (!r) {
      failed.push({ join_request_id: id, errors: [{ code: 131213, title: 'Join request not found', message: '(#131213) No such join request', error_data: { details: 'No such join request' } }] });
      continue;
    }
    g.joinRequests.delete(id);
    done.push(id);
    if (approve) {
      if (g.participants.length >= MAX_PARTICIPANTS) {
        failed.push({ join_request_id: id, errors: [{ code: 131204, title: 'Too many participants', message: '(#131204) The group is full', error_data: { details: 'max 8' } }] });
        continue;
      }
      g.participants.push(r.waId);
      added.push({ wa_id: r.waId });
    }
  }
  if (added.length) emit(phone, 'group_participants_update', groupEvent(g, 'group_participants_add', { reason: 'invite_link', added_participants: added }));
  return { messaging_product: 'whatsapp', [approve ? 'approved_join_requests' : 'rejected_join_requests']: done, ...(failed.length ? { failed_join_requests: failed } : {}) };
}

/** A customer taps the invite link (control API / simulate): joins at once, or asks to when approval is required. */
export function customerJoins(phone: PhoneState, g: GroupState, waId: string, emit: Emit) {
  if (g.removed.has(waId)) throw new GraphError(400, 131203, '(#131203) A removed participant cannot rejoin through the invite link', 'OAuthException');
  if (g.participants.includes(waId)) return { joined: true, already: true };
  if (g.joinApprovalMode === 'approval_required') {
    const id = randomBytes(18).toString('base64url');
    g.joinRequests.set(id, { waId, createdAt: Date.now() });
    emit(phone, 'group_participants_update', groupEvent(g, 'group_join_request_created', { join_request_id: id, wa_id: waId }));
    return { joined: false, joinRequestId: id };
  }
  if (g.participants.length >= MAX_PARTICIPANTS) throw new GraphError(400, 131204, '(#131204) The group is full', 'OAuthException');
  g.participants.push(waId);
  emit(phone, 'group_participants_update', groupEvent(g, 'group_participants_add', { reason: 'invite_link', added_participants: [{ wa_id: waId }] }));
  return { joined: true };
}

/** The groups' participants, for the EUM Social stand-in's group sends (its `useGroups`): Meta knows both sides. */
export function groupDirectory(state: GraphState): { participantsOf(groupId: string): readonly string[] | undefined } {
  return { participantsOf: (groupId) => state.groups.get(groupId)?.participants };
}
