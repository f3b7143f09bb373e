import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { graphTarget, groupIdField } from './group-fields';

export interface JoinRequest {
  join_request_id: string;
  wa_id: string;
  creation_timestamp?: number | string;
}

/** Every open join request of a group (Graph pages them; a group has few). */
export async function openJoinRequests(wabaId: string, groupId: string): Promise<JoinRequest[]> {
  const all: JoinRequest[] = [];
  let after: string | undefined;
  for (let pageNo = 0; pageNo < 20; pageNo++) {
    const out = await graphCall<{ data?: JoinRequest[]; paging?: { cursors?: { after?: string }; next?: string } }>({ wabaId, path: `${groupId}/join_requests`, query: { after } });
    all.push(...(out.data ?? []));
    if (!out.paging?.next) break;
    after = out.paging.cursors?.after;
  }
  return all;
}

export async function decideJoinRequests(wabaId: string, groupId: string, ids: string[], approve: boolean) {
  const out = await graphCall<{ approved_join_requests?: string[]; rejected_join_requests?: string[]; failed_join_requests?: unknown[] }>({
    wabaId,
    method: approve ? 'POST' : 'DELETE',
    path: `${groupId}/join_requests`,
    json: { messaging_product: 'whatsapp', join_requests: ids },
  });
  return { [approve ? 'approved' : 'rejected']: (approve ? out.approved_join_requests : out.rejected_join_requests) ?? [], failed: out.failed_join_requests ?? [] };
}

const idsInput = z.object({
  groupId: groupIdField,
  joinRequestIds: z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(
    z.minLength(1, 'give at least one join request id (get_group_join_requests)'),
    z.maxLength(8, 'at most 8 at once (a group holds 8 participants)'),
  ),
  ...senderFields,
});

export const getGroupJoinRequests = defineAction({
  category: 'groups',
  name: 'get_group_join_requests',
  description: 'Open requests to join a group (groups created with joinApprovalMode approval_required).',
  input: z.object({ groupId: groupIdField, ...senderFields }),
  handler: async (input) => {
    const t = await graphTarget(input);
    const requests = await openJoinRequests(t.wabaId, input.groupId);
    return {
      groupId: input.groupId,
      joinRequests: requests.map((r) => ({ joinRequestId: r.join_request_id, waId: r.wa_id, createdAt: r.creation_timestamp ? new Date(Number(r.creation_timestamp) * 1000).toISOString() : undefined })),
      count: requests.length,
    };
  },
});

export const approveGroupJoinRequests = defineAction({
  category: 'groups',
  name: 'approve_group_join_requests',
  description: 'Approves join requests: those people become participants.',
  input: idsInput,
  handler: async (input) => ({ groupId: input.groupId, ...(await decideJoinRequests((await graphTarget(input)).wabaId, input.groupId, input.joinRequestIds, true)) }),
});

export const rejectGroupJoinRequests = defineAction({
  category: 'groups',
  name: 'reject_group_join_requests',
  description: 'Rejects join requests (the person may ask again from the invite link).',
  input: idsInput,
  handler: async (input) => ({ groupId: input.groupId, ...(await decideJoinRequests((await graphTarget(input)).wabaId, input.groupId, input.joinRequestIds, false)) }),
});
