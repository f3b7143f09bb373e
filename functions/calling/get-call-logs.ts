import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { listCalls } from '../../shared/table/calls';
import { pageInput } from '../../shared/table/pagination';

export const getCallLogs = defineAction({
  category: 'calling',
  name: 'get_call_logs',
  description:
    'Calls, newest first: the CALL items ingest builds from the call webhooks, joined with what initiate_call and update_call_status did (history). Paginate with cursor.',
  input: z.object({ ...pageInput }),
  handler: async (input) => {
    const page = await listCalls(input.limit, input.cursor);
    const calls = page.items.map((c) => ({
      callId: c.callId,
      direction: c.direction,
      customer: c.customer,
      status: c.status,
      statusAt: c.statusAt,
      startedBy: c.startedBy ?? (c.direction === 'USER_INITIATED' ? 'customer' : undefined),
      connectedAt: c.connectedAt,
      endedAt: c.endedAt,
      durationSeconds: c.durationSeconds,
      lastAction: c.lastAction,
      createdAt: c.createdAt,
      history: c.history ?? [],
    }));
    return { calls, count: calls.length, nextCursor: page.nextCursor };
  },
});
