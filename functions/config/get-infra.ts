import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfigSnapshot, putConfigSnapshot } from '../../shared/table/config-snapshots';
import { nowIso } from '../../shared/time';
import { gatherInfra } from './infra';

export const getInfra = defineAction({
  category: 'config',
  name: 'get_infra',
  description:
    'What this deployment runs on, as refresh_infra last read it (source: stored, with refreshedAt). The first call, or refresh: true, reads it live.',
  input: z.object({ refresh: z._default(z.boolean(), false).check(
    z.describe('Read it live now instead of the stored copy'),
  ) }),
  handler: async ({ refresh }) => {
    const stored = refresh ? undefined : await getConfigSnapshot<Awaited<ReturnType<typeof gatherInfra>>>('infra');
    if (stored) return { infra: stored.data, refreshedAt: stored.refreshedAt, source: 'stored' };
    const infra = await gatherInfra();
    const refreshedAt = nowIso();
    await putConfigSnapshot({ name: 'infra', data: infra, refreshedAt });
    return { infra, refreshedAt, source: 'live' };
  },
});
