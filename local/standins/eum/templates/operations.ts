import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { EumContext, EumRoutes } from '../context';
import { envelopeBody } from '../envelope';
import { constraintViolation, EumError, findWaba, parseMembers } from '../protocol';
import type { S3Transfer } from '../s3-transfer';
import { decodeJsonBlob, pageOf } from '../wire';
import { filterLibrary, LIBRARY, libraryComponents } from './library';
import { componentProblems, definitionProblems, reviewVerdict } from './review';
import { metaView, newMetaId, TemplateState, type StoredTemplate } from './state';

/**
 * EUM Social's template operations (CreateWhatsAppMessageTemplate & co.) on its wire format, with Meta's lifecycle:
 * a created or edited template is PENDING, then, after `reviewDelayMs`, APPROVED or REJECTED, and the
 * `message_template_status_update` webhook is published as EUM publishes it.
 */
interface EumRequest {
  query: URLSearchParams;
  body: unknown;
}
export type EumOperation = (request: EumRequest) => Promise<object>;

export interface TemplateDeps {
  state: TemplateState;
  /** Validates the `id` member (waba-… or its ARN) and throws ResourceNotFound for another WABA. */
  checkWaba: (id: string) => void;
  /** Publishes one webhook change for the WABA (field + value) to SNS in EUM's envelope. */
  publishChange: (field: string, value: Record<string, unknown>) => Promise<void>;
  /** Runs the review later, cancellable by reset. */
  schedule: (delayMs: number, step: () => Promise<void>) => void;
  reviewDelayMs: number;
  s3: S3Transfer;
}

const DAY = 86_400_000;
const EDITABLE = new Set(['APPROVED', 'REJECTED', 'PAUSED']);
const HEADER_MEDIA_TYPES = new Set(['image/jpeg', 'image/jpg', 'image/png', 'video/mp4', 'application/pdf']);

const S3File = z.object({ bucketName: z.string().min(3).max(63), key: z.string().min(1).max(1024) });
const LibraryBody = z.object({
  id: z.string(),
  metaLibraryTemplate: z.object({
    templateName: z.string().max(512),
    libraryTemplateName: z.string(),
    templateCategory: z.string(),
    templateLanguage: z.string().max(6),
    libraryTemplateButtonInputs: z.array(z.object({ type: z.string().optional(), phoneNumber: z.string().optional(), url: z.record(z.string(), z.string()).optional() }).loose()).optional(),
    libraryTemplateBodyInputs: z.record(z.string(), z.unknown()).optional(),
  }),
});

function invalid(problems: string[]): EumError {
  return new EumError('ValidationException', problems.join('; '));
}

function required(query: URLSearchParams, name: string): string {
  const v = query.get(name);
  if (v === null || v === '') throw constraintViolation(name, null, 'Member must not be null');
  return v;
}

function templateOperationsWith(deps: TemplateDeps): Record<string, { name: string; run: EumOperation }> {
  const { state } = deps;

  const statusEvent = (t: StoredTemplate, event: string, reason = 'NONE') =>
    deps.publishChange('message_template_status_update', {
      event,
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
      reason,
      message_template_category: t.category,
      ...(event === 'REJECTED' ? { rejection_info: { reason, recommendation: 'Review the WhatsApp Business Messaging Policy and edit the template.' } } : {}),
    });

  /** PENDING now; the verdict and its webhook after the review delay (a newer edit supersedes an older review). */
  function review(t: StoredTemplate): void {
    t.status = 'PENDING';
    const reviewOf = JSON.stringify(t.components);
    deps.schedule(deps.reviewDelayMs, async () => {
      if (state.templates.get(t.id) !== t || JSON.stringify(t.components) !== reviewOf || t.status !== 'PENDING') return;
      const verdict = reviewVerdict(t.components);
      t.status = verdict.status;
      t.rejectedReason = verdict.status === 'REJECTED' ? verdict.reason : undefined;
      await statusEvent(t, verdict.status, verdict.status === 'REJECTED' ? verdict.reason : 'NONE');
    });
  }

  function find(query: URLSearchParams): StoredTemplate {
    const metaTemplateId = query.get('metaTemplateId');
    const name = query.get('templateName');
    const language = query.get('templateLanguageCode');
    const found = metaTemplateId ? state.templates.get(metaTemplateId) : name && language ? state.byNameAndLanguage(name, language) : undefined;
    if (!metaTemplateId && !(name && language)) {
      throw new EumError('InvalidParametersException', 'Specify metaTemplateId, or templateName and templateLanguageCode');
    }
    if (!found) throw new EumError('ResourceNotFoundException', `Template ${metaTemplateId ?? `${name} (${language})`} was not found`);
    return found;
  }

  const create: EumOperation = async ({ body }) => {
    const input = parseMembers(z.object({ id: z.string(), templateDefinition: z.string() }), body);
    deps.checkWaba(input.id);
    if (Buffer.from(input.templateDefinition, 'base64').length > 6000) throw constraintViolation('templateDefinition', '…', 'Member must have length less than or equal to 6000');
    const def = decodeJsonBlob('templateDefinition', input.templateDefinition) as Record<string, unknown>;
    const problems = definitionProblems(def);
    if (problems.length) throw invalid(problems);
    const name = def.name as string;
    const language = def.language as string;
    if (state.deletedNames.has(name)) throw invalid([`(#2388023) Template name ${name} was deleted recently; use another name for 30 days`]);
    if (state.byNameAndLanguage(name, language)) throw invalid([`(#2388024) Content in this language already exists for template ${name}`]);
    const t = state.add({
      id: newMetaId(),
      name,
      language,
      category: String(def.category).toUpperCase(),
      status: 'PENDING',
      parameterFormat: String(def.parameter_format ?? 'positional').toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL',
      components: def.components as unknown[],
      qualityScore: 'UNKNOWN',
      messageSendTtlSeconds: typeof def.message_send_ttl_seconds === 'number' ? def.message_send_ttl_seconds : undefined,
      approvedEdits: [],
    });
    review(t);
    return { metaTemplateId: t.id, templateStatus: t.status, category: t.category };
  };

  const update: EumOperation = async ({ body }) => {
    const updateMembers = z
      .object({
        id: z.string(),
        metaTemplateId: z.string().optional(),
        templateName: z.string().optional(),
        templateLanguageCode: z.string().optional(),
        parameterFormat: z.string().optional(),
        templateCategory: z.string().optional(),
        templateComponents: z.string().optional(),
        ctaUrlLinkTrackingOptedOut: z.boolean().optional(),
      });
    const input = parseMembers(updateMembers, body);
    deps.checkWaba(input.id);
    const query = new URLSearchParams(Object.entries(input).filter(([, v]) => typeof v === 'string') as [string, string][]);
    const t = find(query);
    if (!EDITABLE.has(t.status)) throw invalid([`(#2388025) Only APPROVED, REJECTED or PAUSED templates can be edited; ${t.name} is ${t.status}`]);
    if (input.templateCategory && t.status === 'APPROVED' && input.templateCategory.toUpperCase() !== t.category) {
      throw invalid([`(#2388026) The category of an approved template cannot change (${t.category})`]);
    }
    const now = Date.now();
    if (t.status === 'APPROVED') {
      const recent = t.approvedEdits.filter((at) => now - at < 30 * DAY);
      if (recent.some((at) => now - at < DAY) || recent.length >= 10) {
        throw invalid(['(#2388027) An approved template can be edited once per 24 hours and 10 times per 30 days']);
      }
    }
    if (input.templateComponents !== undefined) {
      if (Buffer.from(input.templateComponents, 'base64').length > 3000) throw constraintViolation('templateComponents', '…', 'Member must have length less than or equal to 3000');
      const components = decodeJsonBlob('templateComponents', input.templateComponents);
      const problems = componentProblems(components, input.templateCategory?.toUpperCase() ?? t.category);
      if (problems.length) throw invalid(problems);
      t.components = components as unknown[];
    }
    if (t.status === 'APPROVED') t.approvedEdits.push(now);
    if (input.templateCategory) t.category = input.templateCategory.toUpperCase();
    if (input.parameterFormat) t.parameterFormat = input.parameterFormat.toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL';
    if (input.ctaUrlLinkTrackingOptedOut !== undefined) t.ctaUrlLinkTrackingOptedOut = input.ctaUrlLinkTrackingOptedOut;
    review(t);
    return {};
  };

  const get: EumOperation = async ({ query }) => {
    deps.checkWaba(required(query, 'id'));
    return { template: JSON.stringify(metaView(find(query))) };
  };

  const list: EumOperation = async ({ query }) => {
    deps.checkWaba(required(query, 'id'));
    state.listCalls += 1;
    const { page, nextToken } = pageOf(state.all(), query.get('maxResults'), query.get('nextToken'), 20);
    const templates = page.map((t) => ({
      templateName: t.name,
      metaTemplateId: t.id,
      templateStatus: t.status,
      templateQualityScore: t.qualityScore,
      templateLanguage: t.language,
      templateCategory: t.category,
    }));
    return { templates, ...(nextToken ? { nextToken } : {}) };
  };

  const remove: EumOperation = async ({ query }) => {
    deps.checkWaba(required(query, 'id'));
    const name = required(query, 'templateName');
    const metaTemplateId = query.get('metaTemplateId');
    const allLanguages = query.get('deleteAllTemplates') === 'true' || !metaTemplateId;
    const targets = allLanguages ? state.byName(name) : state.byName(name).filter((t) => t.id === metaTemplateId);
    if (targets.length === 0) throw new EumError('ResourceNotFoundException', `Template ${name}${metaTemplateId ? ` (${metaTemplateId})` : ''} was not found`);
    const disabled = targets.find((t) => t.status === 'DISABLED');
    if (disabled) throw invalid([`(#2388028) Disabled template ${name} (${disabled.language}) cannot be deleted`]);
    for (const t of targets) state.templates.delete(t.id);
    if (state.byName(name).length === 0) state.deletedNames.add(name);
    return {};
  };

  const media: EumOperation = async ({ body }) => {
    const input = parseMembers(z.object({ id: z.string(), sourceS3File: S3File.optional() }), body);
    deps.checkWaba(input.id);
    if (!input.sourceS3File) throw new EumError('InvalidParametersException', 'Specify sourceS3File');
    const object = await deps.s3.read(input.sourceS3File);
    const type = (object.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!HEADER_MEDIA_TYPES.has(type)) throw new EumError('InvalidParametersException', `Header media must be jpeg, png, mp4 or pdf; got ${type || 'no Content-Type'}`);
    if (object.bytes.length === 0) throw new EumError('InvalidParametersException', 'The header media is empty');
    return { metaHeaderHandle: `4::${Buffer.from(type).toString('base64')}:${randomBytes(24).toString('base64url')}` };
  };

  const library: EumOperation = async ({ query, body }) => {
    deps.checkWaba(required(query, 'id'));
    const input = parseMembers(z.object({ nextToken: z.string().optional(), maxResults: z.number().int().optional(), filters: z.record(z.string(), z.string()).optional() }), body);
    const unknown = Object.keys(input.filters ?? {}).filter((k) => !['searchKey', 'topic', 'usecase', 'industry', 'language'].includes(k));
    if (unknown.length) throw new EumError('InvalidParametersException', `Unknown library filter ${unknown.join(', ')}; use searchKey, topic, usecase, industry or language`);
    const { page, nextToken } = pageOf(filterLibrary(input.filters ?? {}), input.maxResults, input.nextToken);
    return { metaLibraryTemplates: page, ...(nextToken ? { nextToken } : {}) };
  };

  const fromLibrary: EumOperation = async ({ body }) => {
    const { id, metaLibraryTemplate: m } = parseMembers(LibraryBody, body);
    deps.checkWaba(id);
    const entry = LIBRARY.find((e) => e.templateName === m.libraryTemplateName);
    if (!entry) throw new EumError('ResourceNotFoundException', `Library template ${m.libraryTemplateName} was not found`);
    if (!/^[a-z0-9_]{1,512}$/.test(m.templateName)) throw invalid(['(#100) Invalid parameter: templateName must be lowercase letters, digits and underscores']);
    // Meta blocks a deleted name for 30 days whichever way a template is created (reference §1.10).
    if (state.deletedNames.has(m.templateName)) throw invalid([`(#2388023) Template name ${m.templateName} was deleted recently; use another name for 30 days`]);
    if (state.byNameAndLanguage(m.templateName, m.templateLanguage)) throw invalid([`(#2388024) Content in this language already exists for template ${m.templateName}`]);
    const components = libraryComponents(entry, m.libraryTemplateButtonInputs);
    if (typeof components === 'string') throw invalid([components]);
    const t = state.add({
      id: newMetaId(),
      name: m.templateName,
      language: m.templateLanguage,
      category: m.templateCategory.toUpperCase(),
      status: 'APPROVED',
      parameterFormat: 'POSITIONAL',
      components,
      qualityScore: 'UNKNOWN',
      libraryTemplateName: entry.templateName,
      approvedEdits: [],
    });
    deps.schedule(0, () => statusEvent(t, 'APPROVED'));
    return { metaTemplateId: t.id, templateStatus: t.status, category: t.category };
  };

  return {
    'POST /v1/whatsapp/template/put': { name: 'CreateWhatsAppMessageTemplate', run: create },
    'POST /v1/whatsapp/template': { name: 'UpdateWhatsAppMessageTemplate', run: update },
    'GET /v1/whatsapp/template': { name: 'GetWhatsAppMessageTemplate', run: get },
    'GET /v1/whatsapp/template/list': { name: 'ListWhatsAppMessageTemplates', run: list },
    'DELETE /v1/whatsapp/template': { name: 'DeleteWhatsAppMessageTemplate', run: remove },
    'POST /v1/whatsapp/template/media': { name: 'CreateWhatsAppMessageTemplateMedia', run: media },
    'POST /v1/whatsapp/template/library': { name: 'ListWhatsAppTemplateLibrary', run: library },
    'POST /v1/whatsapp/template/create': { name: 'CreateWhatsAppMessageTemplateFromLibrary', run: fromLibrary },
  };
}

/** Publishes one account-level webhook change (e.g. a template status) in EUM's envelope, and records it. */
export async function publishChange(ctx: EumContext, field: string, value: Record<string, unknown>): Promise<void> {
  const body = envelopeBody({ field, value, account: ctx.account });
  ctx.state.events.push({ field, value, body });
  if (!ctx.deliver) return;
  try {
    await ctx.deliver(body);
    ctx.log(`published ${field} ${String(value.event ?? '')}`);
  } catch (error) {
    ctx.log(`publishing ${field} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const depsOf = (ctx: EumContext): TemplateDeps => ({
  state: ctx.state.templates,
  checkWaba: (id) => void findWaba(ctx.account, id),
  publishChange: (field, value) => publishChange(ctx, field, value),
  schedule: (delayMs, step) => ctx.state.steps.run(delayMs, [step]),
  reviewDelayMs: ctx.templateReviewDelayMs,
  s3: ctx.s3,
});

/** The operations, bound to the stand-in's context per request. */
export const templateOperations: EumRoutes = Object.fromEntries(
  Object.entries(templateOperationsWith({} as TemplateDeps)).map(([route, op]) => [
    route,
    { name: op.name, run: (ctx: EumContext, request: EumRequest) => templateOperationsWith(depsOf(ctx))[route]!.run(request) },
  ]),
);
