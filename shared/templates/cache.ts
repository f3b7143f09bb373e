import { NotFoundError, UpstreamError, ValidationError } from '../errors';
import { errorForLog, logger } from '../observability/powertools';
import { getTemplate, listTemplates, type MetaTemplate } from '../eum/templates';
import type { WabaRef } from '../eum/waba';
import {
  claimTemplateListRefresh,
  getTemplateDefinition,
  getTemplateList,
  listTemplateDefinitions,
  saveMissListing,
  saveTemplateSnapshot,
  type TemplateDefinitionItem,
} from '../table/templates';
import { templateSendProblems, type SendComponent } from './send-check';

/** Reads one template from EUM Social and stores it; undefined when EUM says it does not exist. */
export async function fetchAndStoreTemplate(waba: WabaRef, ref: { name?: string; language?: string; metaTemplateId?: string }): Promise<MetaTemplate | undefined> {
  // The state read is as of the request: a webhook about a later change must still win over it.
  const at = new Date().toISOString();
  let template: MetaTemplate;
  try {
    template = await getTemplate(waba.id, ref);
  } catch (err) {
    if (err instanceof UpstreamError && err.statusCode === 404) return undefined;
    throw err;
  }
  await saveTemplateSnapshot(waba.wabaId, {
    name: template.name,
    language: template.language,
    metaTemplateId: template.id,
    status: template.status,
    category: typeof template.category === 'string' ? template.category : undefined,
    qualityScore: (template.quality_score as { score?: string } | undefined)?.score,
    definition: template,
  }, at);
  return template;
}

/**
 * After a miss, EUM's list is read again at most once a minute per WABA (claimed in the table, so across processes):
 * the 404 names what EUM has even before the first sync, and a flood of wrong names is not a flood of EUM calls.
 */
const RELIST_AFTER_MISS_SECONDS = 60;

async function relistAfterMiss(waba: WabaRef): Promise<void> {
  if (!(await claimTemplateListRefresh(waba.id, waba.wabaId, RELIST_AFTER_MISS_SECONDS))) return;
  try {
    await saveMissListing(waba.id, await listTemplates(waba.id));
  } catch (err) {
    // The caller still gets its 404, naming what the table knows; the next miss after the interval tries again.
    if (!(err instanceof UpstreamError)) throw err;
    logger.warn('template list not refreshed from EUM Social after a miss', { error: errorForLog(err) });
  }
}

/** The WABA's templates as last listed from EUM, with those the table has a definition of (created since, or webhooks). */
async function knownTemplates(waba: WabaRef): Promise<Array<{ name: string; language: string; status?: string }>> {
  const [list, definitions] = await Promise.all([getTemplateList(waba.id), listTemplateDefinitions(waba.wabaId)]);
  const known = new Map<string, { name: string; language: string; status?: string }>();
  for (const t of list?.templates ?? []) known.set(`${t.name}#${t.language}`, { name: t.name, language: t.language, status: t.status });
  for (const d of definitions) {
    const key = `${d.templateName}#${d.language}`;
    if (d.status === 'DELETED') known.delete(key);
    else known.set(key, { name: d.templateName, language: d.language, status: d.status });
  }
  return [...known.values()];
}

async function notFound(waba: WabaRef, name: string, language: string): Promise<never> {
  await relistAfterMiss(waba);
  const choices = await knownTemplates(waba);
  const sameName = choices.filter((c) => c.name === name).map((c) => c.language);
  throw new NotFoundError(
    `Template ${name} (${language}) does not exist in WABA ${waba.wabaId}${sameName.length ? `; ${name} exists in ${sameName.join(', ')}` : ''}. Known: ${choices.map((c) => `${c.name} (${c.language})`).join(', ') || 'none'}`,
    { validChoices: choices },
  );
}

/**
 * The stored template a change names (name + language, or name + metaTemplateId), in any state; read from EUM Social
 * once when the table does not have it. A 404 lists the known templates.
 */
export async function storedDefinition(waba: WabaRef, ref: { name: string; language?: string; metaTemplateId?: string }): Promise<TemplateDefinitionItem> {
  const cached = ref.language ? await getTemplateDefinition(waba.wabaId, ref.name, ref.language) : undefined;
  const usable = cached?.metaTemplateId && cached.category && cached.status !== 'DELETED' && (!ref.metaTemplateId || cached.metaTemplateId === ref.metaTemplateId);
  if (usable) return cached;
  const fetched = await fetchAndStoreTemplate(waba, ref.metaTemplateId ? { metaTemplateId: ref.metaTemplateId } : { name: ref.name, language: ref.language });
  if (!fetched || fetched.name !== ref.name) return notFound(waba, ref.name, ref.language ?? ref.metaTemplateId ?? '?');
  return (await getTemplateDefinition(waba.wabaId, fetched.name, fetched.language))!;
}

/**
 * The template's definition from the table; read from EUM Social once when it is missing or not APPROVED in the
 * cache (a webhook may not have arrived yet).
 */
export async function approvedDefinition(waba: WabaRef, name: string, language: string): Promise<TemplateDefinitionItem> {
  const cached = await getTemplateDefinition(waba.wabaId, name, language);
  if (cached?.definition && cached.status === 'APPROVED') return cached;
  const fetched = await fetchAndStoreTemplate(waba, { name, language });
  if (!fetched) return notFound(waba, name, language);
  const item = (await getTemplateDefinition(waba.wabaId, name, language))!;
  if (item.status !== 'APPROVED') {
    throw new ValidationError([{ field: 'name', reason: `template ${name} (${language}) is ${item.status}; only APPROVED templates can be sent` }]);
  }
  return item;
}

/** Refuses a send that does not fit the approved template, saying what it expects. */
export async function assertTemplateSendable(waba: WabaRef, name: string, language: string, components: SendComponent[] | undefined): Promise<TemplateDefinitionItem> {
  const item = await approvedDefinition(waba, name, language);
  assertFitsDefinition(item, components);
  return item;
}

/**
 * The check of assertTemplateSendable on a definition already read. `fieldOf` renames the problem fields (built
 * components are named after the input field they came from, e.g. components.1 → couponCode).
 */
export function assertFitsDefinition(item: TemplateDefinitionItem, components: SendComponent[] | undefined, fieldOf: (field: string) => string = (f) => f): void {
  const problems = templateSendProblems(item.definition ?? {}, components).map((p) => ({ ...p, field: fieldOf(p.field) }));
  if (problems.length) {
    const { templateName: name, language } = item;
    throw new ValidationError(problems, `Template ${name} (${language}) does not match: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
  }
}
