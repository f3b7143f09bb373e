import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { getGroupItem, listGroupRequests } from '../../shared/table/groups';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { graphTarget, groupOwner } from './group-fields';

interface GraphGroups {
  data?: { groups?: { id: string; subject?: string; created_at?: string }[] };
  paging?: { cursors?: { after?: string }; next?: string };
}

export const getGroups = defineAction({
  category: 'groups',
  name: 'get_groups',
  description: "The business number's active groups, live from Graph (with the invite link and status ingest keeps), plus create requests Meta has not completed. Paginate with cursor.",
  input: z.object({
    limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(1024)), 25).check(
      z.describe('Groups per page (1-1024, default 25)'),
    ),
    cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_=-]+$/, 'must be nextCursor from the previous page'))),
    ...senderFields,
  }),
  handler: async (input) => {
    const t = await graphTarget(input);
    const out = await graphCall<GraphGroups>({ wabaId: t.wabaId, path: `${t.metaPhoneNumberId}/groups`, query: { limit: input.limit, after: input.cursor } });
    const live = out.data?.groups ?? [];
    const groups = await Promise.all(
      live.map(async (g) => {
        const item = await getGroupItem(g.id);
        return {
          groupId: g.id,
          subject: g.subject,
          createdAt: g.created_at ? new Date(Number(g.created_at) * 1000).toISOString() : undefined,
          inviteLink: item?.inviteLink,
          joinApprovalMode: item?.joinApprovalMode,
          status: item?.status ?? 'ACTIVE',
        };
      }),
    );
    const pending = input.cursor ? [] : (await listGroupRequests(groupOwner(t))).map((r) => ({ requestId: r.requestId, subject: r.subject, status: r.status, createdAt: r.createdAt }));
    return { metaWabaId: t.wabaId, groups, count: groups.length, pendingRequests: pending, nextCursor: out.paging?.next ? out.paging.cursors?.after : undefined };
  },
});
