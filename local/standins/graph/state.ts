import { randomBytes, randomUUID } from 'node:crypto';
import type { LinkedAccount } from '../eum/demo-account';

/** What the Graph stand-in remembers: tokens, each phone's profile and settings, uploads, calls, groups. */
export interface TokenGrant {
  /** Meta WABA ids this token may act for; empty = every WABA the stand-in serves. */
  wabaIds: string[];
  expired: boolean;
}

export interface PhoneState {
  metaPhoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  profile: Record<string, unknown>;
  settings: { calling: Record<string, unknown> };
}

export interface UploadSession {
  id: string;
  appId: string;
  fileName: string;
  fileLength: number;
  fileType: string;
  bytes: Buffer;
}

export interface CallState {
  id: string;
  phoneId: string;
  customer: string;
  direction: 'BUSINESS_INITIATED' | 'USER_INITIATED';
  status: 'RINGING' | 'ACCEPTED' | 'REJECTED' | 'COMPLETED' | 'FAILED';
  startedAt: number;
  acceptedAt?: number;
  bizOpaqueCallbackData?: string;
  actions: string[];
}

export interface GroupState {
  id: string;
  phoneId: string;
  subject: string;
  description?: string;
  joinApprovalMode: 'auto_approve' | 'approval_required';
  createdAt: number;
  inviteCode: string;
  participants: string[];
  /** Removed participants cannot rejoin through the invite link. */
  removed: Set<string>;
  joinRequests: Map<string, { waId: string; createdAt: number }>;
  suspended: boolean;
  picture?: { sha256: string; mimeType: string };
}

export interface Fault {
  /** Applies to requests whose path (after the version) contains this; empty = every request. */
  pathContains?: string;
  status: number;
  code: number;
  message: string;
  subcode?: number;
  type?: string;
  /** How many requests fail; default 1. */
  times: number;
}

export const DEMO_GRAPH_TOKEN = 'EAAlocalDemoSystemUserToken0123456789';
export const DEMO_APP_ID = '987654321098765';

export class GraphState {
  tokens = new Map<string, TokenGrant>();
  phones = new Map<string, PhoneState>();
  wabas = new Map<string, { id: string; name: string }>();
  apps = new Set<string>();
  uploads = new Map<string, UploadSession>();
  /** Handle → uploaded file, as Graph's resumable upload returns it. */
  handles = new Map<string, { bytes: Buffer; fileType: string }>();
  /** `${phoneId}#${waId}` → permission. */
  callPermissions = new Map<string, { status: 'temporary' | 'permanent'; expiresAt?: number }>();
  calls = new Map<string, CallState>();
  groups = new Map<string, GroupState>();
  faults: Fault[] = [];
  requests: { method: string; path: string; at: string }[] = [];

  constructor(private readonly accounts: LinkedAccount[]) {
    this.reset();
  }

  reset(): void {
    this.tokens.clear();
    this.phones.clear();
    this.wabas.clear();
    this.uploads.clear();
    this.handles.clear();
    this.callPermissions.clear();
    this.calls.clear();
    this.groups.clear();
    this.faults = [];
    this.requests = [];
    this.apps = new Set([DEMO_APP_ID]);
    this.tokens.set(DEMO_GRAPH_TOKEN, { wabaIds: [], expired: false });
    for (const a of this.accounts) {
      this.wabas.set(a.waba.wabaId, { id: a.waba.wabaId, name: a.waba.wabaName });
      for (const p of a.phones) {
        this.phones.set(p.metaPhoneNumberId, {
          metaPhoneNumberId: p.metaPhoneNumberId,
          wabaId: a.waba.wabaId,
          displayPhoneNumber: p.phoneNumber.replace(/\D/g, ''),
          profile: { about: 'Hello from the local Graph stand-in', address: '', description: '', email: '', websites: [], vertical: 'OTHER', profile_picture_url: '' },
          settings: { calling: { status: 'DISABLED', call_icon_visibility: 'DEFAULT', callback_permission_status: 'DISABLED', call_hours: { status: 'DISABLED' } } },
        });
      }
    }
  }

  accountOf(wabaId: string): LinkedAccount | undefined {
    return this.accounts.find((a) => a.waba.wabaId === wabaId);
  }

  newGroupId(): string {
    return Buffer.from(`capi_group:${this.phones.keys().next().value ?? '0'}:120363${Date.now()}${randomBytes(2).readUInt16BE()}`).toString('base64url');
  }

  newInviteCode(): string {
    return randomBytes(16).toString('base64url').slice(0, 22);
  }

  newCallId(): string {
    return `wacid.${Buffer.from(randomUUID()).toString('base64url').slice(0, 40)}`;
  }

  /** Takes the first fault matching this path, counting it down. */
  takeFault(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => !f.pathContains || path.includes(f.pathContains));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.times -= 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }
}
