import { createHash, randomBytes } from 'node:crypto';
import { GraphError, graphErrors, type Params } from './protocol';
import type { GraphState, PhoneState } from './state';

/** Business profile, the WABA node, and the resumable upload session: shapes as Meta documents them. */
const PROFILE_FIELDS = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical'];
export const VERTICALS = [
  '', 'ALCOHOL', 'APPAREL', 'AUTO', 'BEAUTY', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GOVT', 'GROCERY', 'HEALTH', 'HOTEL',
  'NONPROFIT', 'ONLINE_GAMBLING', 'OTC_DRUGS', 'OTHER', 'PHYSICAL_GAMBLING', 'PROF_SERVICES', 'RESTAURANT', 'RETAIL', 'TRAVEL',
];
const LIMITS: Record<string, number> = { about: 139, address: 256, description: 512, email: 128 };

const fieldsOf = (params: Params, all: string[]) =>
  typeof params.fields === 'string' && params.fields ? params.fields.split(',').map((f) => f.trim()) : all;

export function getProfile(phone: PhoneState, params: Params) {
  const fields = fieldsOf(params, PROFILE_FIELDS);
  const out: Record<string, unknown> = { messaging_product: 'whatsapp' };
  for (const f of fields) if (phone.profile[f] !== undefined) out[f] = phone.profile[f];
  return { data: [out] };
}

export function updateProfile(state: GraphState, phone: PhoneState, params: Params) {
  if (params.messaging_product !== 'whatsapp') throw graphErrors.invalidParameter('The parameter messaging_product is required.');
  const next = { ...phone.profile };
  for (const [f, max] of Object.entries(LIMITS)) {
    if (params[f] === undefined) continue;
    if (typeof params[f] !== 'string' || (params[f] as string).length > max) throw graphErrors.invalidParameter(`Param ${f} must be a string of at most ${max} characters`);
    if (f === 'about' && !(params[f] as string).length) throw graphErrors.invalidParameter('Param about must be at least 1 character');
    next[f] = params[f];
  }
  if (params.vertical !== undefined) {
    if (!VERTICALS.includes(String(params.vertical))) throw graphErrors.invalidParameter(`Param vertical must be one of {${VERTICALS.filter(Boolean).join(', ')}}`);
    next.vertical = params.vertical;
  }
  if (params.websites !== undefined) {
    const w = params.websites;
    if (!Array.isArray(w) || w.length > 2 || w.some((x) => typeof x !== 'string' || !/^https?:\/\//.test(x) || x.length > 256)) {
      throw graphErrors.invalidParameter('Param websites must be an array of at most 2 http(s) URLs');
    }
    next.websites = w;
  }
  if (params.profile_picture_handle !== undefined) {
    const file = state.handles.get(String(params.profile_picture_handle));
    if (!file) throw graphErrors.invalidParameter('Param profile_picture_handle is not a valid upload handle');
    const digest = createHash('sha256').update(file.bytes).digest('hex').slice(0, 16);
    next.profile_picture_url = `https://pps.whatsapp.net/v/t61/${digest}.jpg`;
  }
  phone.profile = next;
  return { success: true };
}

export function getWaba(waba: { id: string; name: string }, params: Params) {
  const fields = fieldsOf(params, ['id', 'name']);
  return Object.fromEntries(fields.filter((f) => f in waba).map((f) => [f, waba[f as 'id' | 'name']]));
}

const UPLOAD_TYPES: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpeg', 'image/jpg': 'jpg', 'image/png': 'png', 'video/mp4': 'mp4' };

export function startUpload(state: GraphState, appId: string, params: Params) {
  const fileLength = Number(params.file_length);
  const fileType = String(params.file_type ?? '');
  if (!params.file_name) throw graphErrors.invalidParameter('The parameter file_name is required.');
  if (!Number.isInteger(fileLength) || fileLength < 1) throw graphErrors.invalidParameter('The parameter file_length is required and must be a positive integer.');
  if (!UPLOAD_TYPES[fileType]) throw graphErrors.invalidParameter(`Param file_type must be one of ${Object.keys(UPLOAD_TYPES).join(', ')}`);
  const id = `upload:${randomBytes(12).toString('base64url')}`;
  state.uploads.set(id, { id, appId, fileName: String(params.file_name), fileLength, fileType, bytes: Buffer.alloc(0) });
  return { id };
}

export function uploadStatus(state: GraphState, id: string) {
  const s = state.uploads.get(id);
  if (!s) throw graphErrors.noObject(id, 'GET');
  return { id, file_offset: s.bytes.length };
}

/** One chunk at `file_offset`; the handle comes back once every byte has arrived. */
export function uploadChunk(state: GraphState, id: string, offsetHeader: string | undefined, bytes: Buffer) {
  const s = state.uploads.get(id);
  if (!s) throw graphErrors.noObject(id, 'POST');
  const offset = Number(offsetHeader ?? 0);
  if (offset !== s.bytes.length) throw new GraphError(400, 100, `(#100) file_offset ${offset} does not match the uploaded ${s.bytes.length} bytes`, 'OAuthException');
  s.bytes = Buffer.concat([s.bytes, bytes]);
  if (s.bytes.length > s.fileLength) throw graphErrors.invalidParameter('More bytes than file_length were uploaded');
  if (s.bytes.length < s.fileLength) return { id, file_offset: s.bytes.length };
  const h = `4::${Buffer.from(s.fileType).toString('base64')}:${randomBytes(24).toString('base64url')}`;
  state.handles.set(h, { bytes: s.bytes, fileType: s.fileType });
  return { h };
}
