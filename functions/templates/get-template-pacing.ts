import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { resolveWaba } from '../../shared/eum/waba';
import { listTemplateDefinitions, type TemplateDefinitionItem } from '../../shared/table/templates';
import { templateLanguageSchema, templateNameSchema } from '../../shared/templates/definition';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { wabaField } from './fields';

/**
 * Meta's template pacing (reference §1.10): sends of a MARKETING template that is new, resumed after a pause or not
 * rated GREEN are held after an unstated count until Meta knows its quality; UTILITY templates are paced only within
 * 7 days after a utility pause. Neither EUM Social nor the webhooks expose a pacing state (a held message only shows
 * up later as delivered, or failed with 132015), so it is derived here from what ingest and syncs store: category,
 * status, quality score and the status history (pauses and resumes).
 */
const DAY_MS = 86_400_000;
type HistoryEntry = { at: string; field: string; value?: { event?: string; reason?: string; other_info?: { title?: string } } };

function statusEvents(item: TemplateDefinitionItem): Array<{ at: string; event: string; reason?: string; title?: string }> {
  const history = (Array.isArray(item.history) ? item.history : []) as HistoryEntry[];
  return history
    .filter((h) => h.field === 'message_template_status_update' && typeof h.value?.event === 'string')
    .map((h) => ({ at: h.at, event: h.value!.event!, reason: h.value!.reason, title: h.value!.other_info?.title }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

export function pacingOf(item: TemplateDefinitionItem, now = Date.now()) {
  const category = String(item.category ?? '').toUpperCase();
  const status = item.status ?? 'UNKNOWN';
  const quality = item.qualityScore ?? 'UNKNOWN';
  const events = statusEvents(item);
  const pauses = events.filter((e) => e.event === 'PAUSED').map(({ at, reason, title }) => ({ at, ...(reason ? { reason } : {}), ...(title ? { title } : {}) }));
  const lastPause = pauses.at(-1);
  const resumedAt = lastPause && events.find((e) => e.at > lastPause.at && e.event !== 'PAUSED')?.at;
  const ratedGreenSince = (at: string) => quality === 'GREEN' && typeof item.qualityAt === 'string' && item.qualityAt > at;
  const reasons: string[] = [];
  let state: string;
  if (status === 'PAUSED' || status === 'DISABLED') state = status;
  else if (status !== 'APPROVED') state = 'NOT_SENDABLE';
  else if (category === 'AUTHENTICATION') state = 'NOT_APPLICABLE';
  else {
    if (category === 'UTILITY' && !(lastPause && now - Date.parse(lastPause.at) < 7 * DAY_MS)) state = 'NOT_APPLICABLE';
    else {
      if (category === 'UTILITY') reasons.push(`a UTILITY template paused within the last 7 days (${lastPause!.at})`);
      if (quality === 'UNKNOWN') reasons.push('new: Meta has not rated its quality yet');
      else if (quality !== 'GREEN') reasons.push(`quality ${quality}`);
      if (resumedAt && !ratedGreenSince(resumedAt)) reasons.push(`resumed after a pause (${resumedAt})`);
      state = reasons.length ? 'MAY_BE_PACED' : 'NOT_PACED';
    }
  }
  return {
    name: item.templateName,
    language: item.language,
    category: category || undefined,
    status,
    qualityScore: quality,
    pacing: state,
    reasons,
    pauses,
    ...(resumedAt ? { resumedAt } : {}),
  };
}

export const getTemplatePacing = defineAction({
  category: 'templates',
  name: 'get_template_pacing',
  description:
    "Meta's template pacing state per template (MAY_BE_PACED with the reasons: new and unrated, quality YELLOW/RED, resumed after a pause, a UTILITY template within 7 days of a pause; NOT_PACED; PAUSED or DISABLED, whose held sends fail with 132015; NOT_APPLICABLE for AUTHENTICATION and unpaused UTILITY) and its pause history. EUM Social exposes no pacing state, so it is derived from what ingest and syncs store (category, status, quality and the status webhooks); by default MARKETING and UTILITY templates.",
  input: withAliases(
    z.object({ ...wabaField, name: z.optional(templateNameSchema).check(z.describe('Only this template')), language: z.optional(templateLanguageSchema).check(
      z.describe('Only this language'),
    ) }),
    { template_name: 'name', templateName: 'name', language_code: 'language' },
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const all = (await listTemplateDefinitions(waba.wabaId)).filter((i) => i.status !== 'DELETED');
    const items = all.filter((i) =>
      input.name ? i.templateName === input.name && (!input.language || i.language === input.language) : ['MARKETING', 'UTILITY'].includes(String(i.category ?? '').toUpperCase()),
    );
    if (input.name && items.length === 0) {
      const known = all.map((i) => ({ name: i.templateName, language: i.language }));
      throw new NotFoundError(`Template ${input.name}${input.language ? ` (${input.language})` : ''} is not in the table for WABA ${waba.wabaId}; refresh_templates syncs it`, { validChoices: known });
    }
    const templates = items.sort((a, b) => `${a.templateName}#${a.language}`.localeCompare(`${b.templateName}#${b.language}`)).map((i) => pacingOf(i));
    return { metaWabaId: waba.wabaId, source: 'derived from stored template status, quality and status webhooks (EUM Social exposes no pacing state)', count: templates.length, templates };
  },
});
