import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { deleteTemplate } from '../../shared/eum/templates';
import { resolveWaba } from '../../shared/eum/waba';
import { listTemplateDefinitions, markTemplateDeleted } from '../../shared/table/templates';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { templateAliases, templateRefFields } from './fields';
import { targetTemplate } from './template-target';

export const deleteTemplateAction = defineAction({
  category: 'templates',
  name: 'delete_template',
  description:
    "Deletes a template at Meta through EUM Social: one language (give language or metaTemplateId), or every language of the name (no language, or deleteAllLanguages). Meta blocks the name for 30 days. The stored templates are kept, marked DELETED.",
  input: withAliases(
    z.object({ ...templateRefFields, deleteAllLanguages: z._default(z.boolean(), false).check(
      z.describe('Delete every language of the name'),
    ) }),
    { ...templateAliases, delete_all_languages: 'deleteAllLanguages' },
  ),
  handler: async (input) => {
    const waba = await resolveWaba(input.metaWabaId);
    const one = !input.deleteAllLanguages && (input.language !== undefined || input.metaTemplateId !== undefined);
    // One language: find its Meta id (a 404 naming it if it does not exist). All languages: EUM answers 404 itself.
    const target = one ? await targetTemplate(waba, input) : undefined;
    await deleteTemplate(waba.id, input.name, { metaTemplateId: target?.id, allLanguages: !one || undefined });
    const deleted = target
      ? [target.language]
      : (await listTemplateDefinitions(waba.wabaId)).filter((t) => t.templateName === input.name && t.status !== 'DELETED').map((t) => t.language);
    await Promise.all(deleted.map((language) => markTemplateDeleted(waba.wabaId, input.name, language)));
    return { metaWabaId: waba.wabaId, name: input.name, deletedLanguages: deleted, allLanguages: !one };
  },
});
