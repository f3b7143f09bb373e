import { graphCall } from '../../shared/graph/client';
import type { GraphTarget } from '../../shared/graph/target';

export interface CallPermission {
  status: string;
  expiresAt?: string;
  canStartCall: boolean;
  canRequestPermission: boolean;
}

/** Whether the customer lets this number call them (Graph /call_permissions). */
export async function callPermissionOf(t: GraphTarget, customer: string): Promise<CallPermission> {
  const out = await graphCall<{
    permission?: { status?: string; expiration_time?: number };
    actions?: { action_name?: string; can_perform_action?: boolean }[];
  }>({ wabaId: t.wabaId, path: `${t.metaPhoneNumberId}/call_permissions`, query: { user_wa_id: customer } });
  const can = (name: string) => out.actions?.find((a) => a.action_name === name)?.can_perform_action ?? false;
  return {
    status: out.permission?.status ?? 'no_permission',
    ...(out.permission?.expiration_time ? { expiresAt: new Date(out.permission.expiration_time * 1000).toISOString() } : {}),
    canStartCall: can('start_call'),
    canRequestPermission: can('send_call_permission_request'),
  };
}
