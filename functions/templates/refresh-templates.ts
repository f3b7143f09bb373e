import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { listTemplates, type TemplateSummaryView } from '../../shared/eum/templates';
import { resolveWaba } from '../../shared/eum/waba';
import { fetchAndStoreTemplate } from '../../shared/templates/cache';
import { markTemplateDeleted, saveTemplateList, type TemplateSummaryItem } from '../../shared/table/templates';
import { wabaField } from './fields';

const keyOf = (t: { name: string; language: string }) => `${t.name}#${t.language}`;
const TRACKED = ['status', 'category', 'qualityScore'] as const;

/** What changed between two listings: new, gone, and per template the attributes that moved. */
function diff(before: TemplateSummaryItem[], after: TemplateSummaryView[]) {
  const old = new Map(before.map((t) => [keyOf(t), t]));
  const now = new Map(after.map((t) => [keyOf(t), t]));
  const added = after.filter((t) => !old.has(keyOf(t))).map((t) => ({ name: t.name, language: t.language, status: t.status }));
  const removed = before.filter((t) => !now.has(keyOf(t))).map((t) => ({ name: t.name, language: t.language }));
  const changed = after.flatMap((t) => {
    const prev = old.get(keyOf(t));
    if (!prev) return [];
    const changes = Object.fromEntries(TRACKED.filter((k) => prev[k] !== t[k]).map((k) => [k, { from: prev[k] ?? null, to: t[k] ?? null }]));
    return Object.keys(changes).length ? [{ name: t.name, language: t.language, changes }] : [];
  });
  return { added, removed, changed };
}

/** At most this many GetWhatsAppMessageTemplate calls at once (EUM throttles bursts). */
const CONCURRENCY = 5;

async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(run));
}

export const refreshTemplates = defineAction({
  category: 'templates',
  name: 'refresh_templates',
  description:
    "Re-syncs the table's templates from EUM Social: the WABA's template list (TEMPLATES#) and each template's definition (TEMPLATE#…), and reports what was added, removed or changed since the last sync. Templates gone at Meta are kept, marked DELETED.",
  input: z.object({ ...wabaField, definitions: z._default(z.boolean(), true).check(
    z.describe('Also read every definition (one EUM call each); false refreshes the list only'),
  ) }),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const templates = await listTemplates(waba.id);
    if (input.definitions) await inBatches(templates, (t) => fetchAndStoreTemplate(waba, { metaTemplateId: t.metaTemplateId }));
    const previous = await saveTemplateList(waba.id, waba.wabaId, templates);
    const changes = diff(previous ?? [], templates);
    await inBatches(changes.removed, (t) => markTemplateDeleted(waba.wabaId, t.name, t.language));
    return { metaWabaId: waba.wabaId, count: templates.length, firstSync: previous === undefined, ...changes };
  },
});
