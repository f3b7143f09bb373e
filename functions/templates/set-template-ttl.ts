import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ValidationError } from '../../shared/errors';
import { resolveWaba } from '../../shared/eum/waba';
import { graphCall } from '../../shared/graph/client';
import { storedDefinition } from '../../shared/templates/cache';
import { ttlProblems } from '../../shared/templates/rules';
import { recordTemplateTtl } from '../../shared/table/templates';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { templateAliases, templateRefFields } from './fields';

/**
 * Meta lets a template's TTL change after creation, but EUM Social's UpdateWhatsAppMessageTemplate has no TTL member:
 * the change goes through Graph (`POST /{template-id}`) with the WABA's stored token.
 */
export const setTemplateTtl = defineAction({
  category: 'templates',
  name: 'set_template_ttl',
  description:
    "Sets how long Meta keeps trying to deliver a template's messages (message_send_ttl_seconds) through Graph, checked first against its category's range: AUTHENTICATION 30-900 or -1, UTILITY 30-43,200 or -1, MARKETING 43,200-2,592,000. Needs the WABA's Graph token (set_graph_token).",
  input: withAliases(
    z.object({
        ...templateRefFields,
        message_send_ttl_seconds: z.number().check(
          z.int(),
          z.describe('Seconds Meta keeps trying to deliver; -1 = 30 days (AUTHENTICATION, UTILITY)'),
        ),
      }).check(
      z.superRefine((v, ctx) => {
          if (!v.language && !v.metaTemplateId) ctx.addIssue({ code: 'custom', path: ['language'], message: 'required unless metaTemplateId is given' });
        }),
    ),
    { ...templateAliases, ttlSeconds: 'message_send_ttl_seconds', ttl_seconds: 'message_send_ttl_seconds' },
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const item = await storedDefinition(waba, input);
    const category = String(item.category).toUpperCase();
    const ttl = input.message_send_ttl_seconds;
    const problems = ttlProblems(category, ttl);
    if (problems.length) throw new ValidationError(problems);
    await graphCall({ wabaId: waba.wabaId, method: 'POST', path: item.metaTemplateId!, json: { message_send_ttl_seconds: ttl } });
    await recordTemplateTtl(waba.wabaId, item.templateName, item.language, ttl);
    return { metaWabaId: waba.wabaId, name: item.templateName, language: item.language, metaTemplateId: item.metaTemplateId, category, message_send_ttl_seconds: ttl };
  },
});
