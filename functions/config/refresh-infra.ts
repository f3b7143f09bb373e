import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { putConfigSnapshot } from '../../shared/table/config-snapshots';
import { nowIso } from '../../shared/time';
import { gatherInfra } from './infra';

export const refreshInfra = defineAction({
  category: 'config',
  name: 'refresh_infra',
  description:
    'Reads what this deployment runs on from each service now (table and its indexes, media bucket and its lifecycle, inbound topic, dead-letter queue, functions, region, versions), stores it (CONFIG#INFRA) and returns it. A part that cannot be read says why.',
  input: z.object({}),
  handler: async () => {
    const infra = await gatherInfra();
    const refreshedAt = nowIso();
    await putConfigSnapshot({ name: 'infra', data: infra, refreshedAt });
    return { infra, refreshedAt, source: 'live' };
  },
});
