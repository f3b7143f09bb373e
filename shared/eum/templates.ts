import {
  CreateWhatsAppMessageTemplateCommand,
  CreateWhatsAppMessageTemplateFromLibraryCommand,
  CreateWhatsAppMessageTemplateMediaCommand,
  DeleteWhatsAppMessageTemplateCommand,
  GetWhatsAppMessageTemplateCommand,
  ListWhatsAppMessageTemplatesCommand,
  ListWhatsAppTemplateLibraryCommand,
  UpdateWhatsAppMessageTemplateCommand,
  type MetaLibraryTemplate,
  type MetaLibraryTemplateDefinition,
  type TemplateSummary,
} from '@aws-sdk/client-socialmessaging';
import { socialMessaging } from '../aws/clients';
import { fromEumError } from './errors';

/**
 * EUM Social's template operations. `wabaId` is EUM's `waba-…` id (or its ARN); Meta's template JSON goes in and out
 * as UTF-8 JSON blobs, as EUM passes it to Meta.
 */
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    return fromEumError(err, operation);
  }
}

export interface TemplateSummaryView {
  name: string;
  language: string;
  metaTemplateId: string;
  status: string;
  category: string;
  qualityScore?: string;
}

const view = (t: TemplateSummary): TemplateSummaryView => ({
  name: t.templateName ?? '',
  language: t.templateLanguage ?? '',
  metaTemplateId: t.metaTemplateId ?? '',
  status: t.templateStatus ?? 'UNKNOWN',
  category: t.templateCategory ?? '',
  ...(t.templateQualityScore ? { qualityScore: t.templateQualityScore } : {}),
});

/** Every template of the WABA (all pages). */
export function listTemplates(wabaId: string): Promise<TemplateSummaryView[]> {
  return call('ListWhatsAppMessageTemplates', async () => {
    const all: TemplateSummaryView[] = [];
    let nextToken: string | undefined;
    do {
      const page = await socialMessaging().send(new ListWhatsAppMessageTemplatesCommand({ id: wabaId, maxResults: 100, nextToken }));
      all.push(...(page.templates ?? []).map(view));
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  });
}

/** Meta's template JSON (name, language, status, category, parameter_format, components, …). */
export type MetaTemplate = Record<string, unknown> & { name: string; language: string; id?: string; status?: string; components?: unknown[] };

export function getTemplate(wabaId: string, ref: { metaTemplateId?: string; name?: string; language?: string }): Promise<MetaTemplate> {
  return call('GetWhatsAppMessageTemplate', async () => {
    const out = await socialMessaging().send(
      new GetWhatsAppMessageTemplateCommand({ id: wabaId, metaTemplateId: ref.metaTemplateId, templateName: ref.name, templateLanguageCode: ref.language }),
    );
    if (!out.template) throw new Error('EUM Social returned no template');
    return JSON.parse(out.template) as MetaTemplate;
  });
}

export interface CreatedTemplate {
  metaTemplateId: string;
  status: string;
  category: string;
}

export function createTemplate(wabaId: string, definition: Record<string, unknown>): Promise<CreatedTemplate> {
  return call('CreateWhatsAppMessageTemplate', async () => {
    const out = await socialMessaging().send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: json(definition) }));
    return { metaTemplateId: out.metaTemplateId ?? '', status: out.templateStatus ?? 'PENDING', category: out.category ?? String(definition.category ?? '') };
  });
}

export interface TemplateUpdate {
  metaTemplateId: string;
  category?: string;
  parameterFormat?: 'named' | 'positional';
  components?: unknown[];
  ctaUrlLinkTrackingOptedOut?: boolean;
}

export function updateTemplate(wabaId: string, u: TemplateUpdate): Promise<void> {
  return call('UpdateWhatsAppMessageTemplate', async () => {
    await socialMessaging().send(
      new UpdateWhatsAppMessageTemplateCommand({
        id: wabaId,
        metaTemplateId: u.metaTemplateId,
        templateCategory: u.category,
        parameterFormat: u.parameterFormat,
        templateComponents: u.components ? json(u.components) : undefined,
        ctaUrlLinkTrackingOptedOut: u.ctaUrlLinkTrackingOptedOut,
      }),
    );
  });
}

/** Without `metaTemplateId` Meta deletes every language of the name; with it, only that one (unless `allLanguages`). */
export function deleteTemplate(wabaId: string, name: string, opts: { metaTemplateId?: string; allLanguages?: boolean }): Promise<void> {
  return call('DeleteWhatsAppMessageTemplate', async () => {
    await socialMessaging().send(
      new DeleteWhatsAppMessageTemplateCommand({ id: wabaId, templateName: name, metaTemplateId: opts.metaTemplateId, deleteAllLanguages: opts.allLanguages }),
    );
  });
}

/** Uploads a header sample from S3; the handle goes into the HEADER's `example.header_handle`. */
export function createHeaderHandle(wabaId: string, bucketName: string, key: string): Promise<string> {
  return call('CreateWhatsAppMessageTemplateMedia', async () => {
    const out = await socialMessaging().send(new CreateWhatsAppMessageTemplateMediaCommand({ id: wabaId, sourceS3File: { bucketName, key } }));
    if (!out.metaHeaderHandle) throw new Error('EUM Social returned no metaHeaderHandle');
    return out.metaHeaderHandle;
  });
}

export function listLibrary(
  wabaId: string,
  filters: Record<string, string>,
  page: { maxResults?: number; nextToken?: string },
): Promise<{ templates: MetaLibraryTemplateDefinition[]; nextToken?: string }> {
  return call('ListWhatsAppTemplateLibrary', async () => {
    const out = await socialMessaging().send(
      new ListWhatsAppTemplateLibraryCommand({ id: wabaId, filters: Object.keys(filters).length ? filters : undefined, ...page }),
    );
    return { templates: out.metaLibraryTemplates ?? [], ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
  });
}

export function createFromLibrary(wabaId: string, template: MetaLibraryTemplate): Promise<CreatedTemplate> {
  return call('CreateWhatsAppMessageTemplateFromLibrary', async () => {
    const out = await socialMessaging().send(new CreateWhatsAppMessageTemplateFromLibraryCommand({ id: wabaId, metaLibraryTemplate: template }));
    return { metaTemplateId: out.metaTemplateId ?? '', status: out.templateStatus ?? 'PENDING', category: out.category ?? template.templateCategory ?? '' };
  });
}
