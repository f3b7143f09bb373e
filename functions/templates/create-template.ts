import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfig } from '../../shared/config';
import { ValidationError } from '../../shared/errors';
import { createHeaderHandle, createTemplate } from '../../shared/eum/templates';
import { resolveWaba } from '../../shared/eum/waba';
import { definitionFields, type TemplateDefinition } from '../../shared/templates/definition';
import { rethrowCreateRefusal } from '../../shared/templates/eum-refusals';
import { templateRuleProblems } from '../../shared/templates/rules';
import { saveTemplateSnapshot } from '../../shared/table/templates';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { wabaField } from './fields';

const headerS3Key = z.optional(z.string().check(z.minLength(1), z.maxLength(1024))).check(
  z.describe('Media bucket key of the header sample (IMAGE/VIDEO/DOCUMENT header), uploaded to Meta for its header_handle'),
);

const aliases = { template_name: 'name', templateName: 'name', language_code: 'language', parameterFormat: 'parameter_format', header_s3_key: 'headerS3Key', ttlSeconds: 'message_send_ttl_seconds' };

const MAX_DEFINITION_BYTES = 6000;

type CreateInput = TemplateDefinition & { metaWabaId?: string; headerS3Key?: string };

/** Validates against Meta's rules, uploads the header sample, creates through EUM Social and stores it PENDING. */
async function create(input: CreateInput) {
  const problems = templateRuleProblems(input, { headerSampleGiven: input.headerS3Key !== undefined });
  const header = input.components.find((c) => c.type === 'HEADER');
  if (input.headerS3Key && !['IMAGE', 'VIDEO', 'DOCUMENT'].includes(header?.format ?? '')) {
    problems.push({ field: 'headerS3Key', reason: 'HEADER: a header sample is only for an IMAGE, VIDEO or DOCUMENT header' });
  }
  const { metaWabaId: _w, headerS3Key: _h, ...definition } = input;
  // EUM's own cap on the blob it passes to Meta (reference §0.3); a header handle added below is a few dozen bytes.
  const bytes = Buffer.byteLength(JSON.stringify(definition));
  if (bytes > MAX_DEFINITION_BYTES) problems.push({ field: 'components', reason: `the definition is ${bytes} bytes as JSON; EUM Social takes at most ${MAX_DEFINITION_BYTES}` });
  if (problems.length) throw new ValidationError(problems);
  const waba = await resolveWaba(input.metaWabaId);
  if (input.headerS3Key && header) {
    const handle = await createHeaderHandle(waba.id, getConfig().MEDIA_BUCKET, input.headerS3Key);
    header.example = { ...header.example, header_handle: [handle] };
  }
  // PENDING is the state as of this call; Meta's verdict (a webhook stamped later) must win over it.
  const at = new Date().toISOString();
  const created = await createTemplate(waba.id, definition).catch((err: unknown) => rethrowCreateRefusal(err, definition));
  await saveTemplateSnapshot(waba.wabaId, {
    name: input.name,
    language: input.language,
    metaTemplateId: created.metaTemplateId,
    status: created.status,
    category: created.category,
    definition: { ...definition, id: created.metaTemplateId, status: created.status, category: created.category },
  }, at);
  return { metaWabaId: waba.wabaId, name: input.name, language: input.language, ...created };
}

const description = (extra: string) =>
  `Creates a message template through EUM Social after checking Meta's rules (lengths, variables and their examples, button mixes, category limits); a breach is a 400 naming the component, field and rule. ${extra}It starts PENDING; Meta's verdict (APPROVED or REJECTED) arrives as a template webhook and updates the stored template.`;

export const createTemplateAction = defineAction({
  category: 'templates',
  name: 'create_template',
  description: description('MARKETING, UTILITY or AUTHENTICATION; positional ({{1}}) or named ({{first_name}}) parameters. '),
  input: withAliases(z.object({ ...wabaField, ...definitionFields, headerS3Key }), aliases),
  handler: create,
});

export const createMarketingTemplate = defineAction({
  category: 'templates',
  name: 'create_marketing_template',
  description: description('The category is MARKETING (carousels, limited-time offers, coupons, catalog buttons). '),
  input: withAliases(
    z.object({ ...wabaField, ...definitionFields, category: z._default(z.literal('MARKETING'), 'MARKETING').check(
      z.describe('Always MARKETING'),
    ), headerS3Key }),
    aliases,
  ),
  handler: create,
});
