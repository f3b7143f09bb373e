import { defineAlias } from '../../shared/actions/alias';
import { createTemplateAction } from './create-template';
import { deleteTemplateAction } from './delete-template';
import { getTemplates } from './get-templates';
import { refreshTemplates } from './refresh-templates';
import { updateTemplateAction } from './update-template';
import { useLibraryTemplate } from './use-library-template';

/** The seed's template names that an action here already does under a clearer name. */
export const templateAliases = [
  defineAlias({ category: 'templates', name: 'templates', of: getTemplates }),
  defineAlias({ category: 'templates', name: 'get_templates_meta', of: getTemplates }),
  defineAlias({ category: 'templates', name: 'sync_templates_meta', of: refreshTemplates }),
  defineAlias({ category: 'templates', name: 'cache_template_meta', of: refreshTemplates }),
  defineAlias({ category: 'templates', name: 'create_template_meta', of: createTemplateAction }),
  defineAlias({ category: 'templates', name: 'edit_template_meta', of: updateTemplateAction }),
  defineAlias({ category: 'templates', name: 'delete_template_meta', of: deleteTemplateAction }),
  defineAlias({
    category: 'templates',
    name: 'customize_template',
    of: useLibraryTemplate,
    note: 'Fills a library template with your name, button inputs and body options.',
  }),
];
