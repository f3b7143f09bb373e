import { NotFoundError } from '../../shared/errors';
import type { MetaTemplate } from '../../shared/eum/templates';
import type { WabaRef } from '../../shared/eum/waba';
import { fetchAndStoreTemplate } from '../../shared/templates/cache';

/** The template an edit or delete names (by metaTemplateId, or name + language), read fresh from EUM Social. */
export async function targetTemplate(waba: WabaRef, ref: { name: string; language?: string; metaTemplateId?: string }): Promise<MetaTemplate> {
  const template = await fetchAndStoreTemplate(waba, ref.metaTemplateId ? { metaTemplateId: ref.metaTemplateId } : { name: ref.name, language: ref.language });
  if (!template || template.name !== ref.name) {
    throw new NotFoundError(`Template ${ref.name} (${ref.metaTemplateId ?? ref.language}) does not exist in WABA ${waba.wabaId}; get_templates lists them`);
  }
  return template;
}
