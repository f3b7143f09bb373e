import { templateAliases } from './aliases';
import { createMarketingTemplate, createTemplateAction } from './create-template';
import { deleteTemplateAction } from './delete-template';
import { getLocalTemplates } from './get-local-templates';
import { getTemplate } from './get-template';
import { getTemplateLibrary } from './get-template-library';
import { getTemplateQuality } from './get-template-quality';
import { getTemplates } from './get-templates';
import { refreshTemplates } from './refresh-templates';
import { updateTemplateAction } from './update-template';
import { useLibraryTemplate } from './use-library-template';

export const templateActions = [
  getTemplates,
  getTemplate,
  getLocalTemplates,
  refreshTemplates,
  createTemplateAction,
  createMarketingTemplate,
  updateTemplateAction,
  deleteTemplateAction,
  getTemplateLibrary,
  useLibraryTemplate,
  getTemplateQuality,
  ...templateAliases,
];
