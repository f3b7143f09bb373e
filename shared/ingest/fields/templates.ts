import * as z from '../../zod';
import { digestOf } from '../../table/digest';
import { recordTemplateEvent, type TemplateChange } from '../../table/templates';
import { isoFromUnixSeconds } from '../../time';
import { countEffect, type IngestContext } from '../context';
import { storeWebhookEvent } from '../webhook-event';

/**
 * message_template_status_update, message_template_quality_update, template_category_update and
 * message_template_components_update fold into the template's TEMPLATE_DEFINITION item (table/templates.ts): each
 * kind of event moves its own part of the state forward by event time and every event is kept once in `history`.
 */
const str = z.lazy(() => z.optional(z.string()));
const TemplateRef = z.looseObject({
  message_template_id: z.optional(z.union([z.number(), z.string()])),
  message_template_name: z.string().check(z.minLength(1)),
  message_template_language: z.string().check(z.minLength(1)),
});
const StatusUpdate = z.lazy(() => z.extend(TemplateRef, {
  event: z.string(),
  reason: z.nullish(z.string()),
  message_template_category: str,
  rejection_info: z.optional(z.unknown()),
  disable_info: z.optional(z.unknown()),
  other_info: z.optional(z.unknown()),
}));
const QualityUpdate = z.lazy(() => z.extend(TemplateRef, { new_quality_score: z.string(), previous_quality_score: str }));
const CategoryUpdate = z.lazy(() => z.extend(TemplateRef, {
  new_category: str,
  previous_category: str,
  correct_category: str,
  category_update_timestamp: z.optional(z.union([z.number(), z.string()])),
}));
const ComponentsUpdate = z.lazy(() => z.extend(TemplateRef, {
  message_template_element: str,
  message_template_title: str,
  message_template_footer: str,
  message_template_buttons: z.optional(z.array(z.unknown())),
}));

export const TEMPLATE_FIELDS = [
  'message_template_status_update',
  'message_template_quality_update',
  'template_category_update',
  'message_template_components_update',
] as const;
type TemplateField = (typeof TEMPLATE_FIELDS)[number];

type Facet = { summary: string; change: TemplateChange };

function facetOf(field: TemplateField, value: unknown): { ref: z.infer<typeof TemplateRef>; facet: Facet } | undefined {
  switch (field) {
    case 'message_template_status_update': {
      const v = StatusUpdate.safeParse(value);
      if (!v.success) return undefined;
      const d = v.data;
      const details = Object.fromEntries(
        Object.entries({ reason: d.reason ?? undefined, rejectionInfo: d.rejection_info, disableInfo: d.disable_info, otherInfo: d.other_info }).filter(([, x]) => x !== undefined),
      );
      return {
        ref: d,
        facet: {
          summary: `template ${d.message_template_name} (${d.message_template_language}): ${d.event}${d.reason && d.reason !== 'NONE' ? ` (${d.reason})` : ''}`,
          change: { kind: 'status', status: d.event, details, category: d.message_template_category },
        },
      };
    }
    case 'message_template_quality_update': {
      const v = QualityUpdate.safeParse(value);
      if (!v.success) return undefined;
      const d = v.data;
      return {
        ref: d,
        facet: {
          summary: `template ${d.message_template_name} (${d.message_template_language}) quality: ${d.previous_quality_score ?? '?'} → ${d.new_quality_score}`,
          change: { kind: 'quality', qualityScore: d.new_quality_score, previousQualityScore: d.previous_quality_score },
        },
      };
    }
    case 'template_category_update': {
      const v = CategoryUpdate.safeParse(value);
      if (!v.success) return undefined;
      const d = v.data;
      const name = `template ${d.message_template_name} (${d.message_template_language})`;
      if (d.correct_category) {
        // Impending: new_category is the category it has now, correct_category the one Meta will move it to.
        const when = d.category_update_timestamp !== undefined ? isoFromUnixSeconds(d.category_update_timestamp) : undefined;
        return {
          ref: d,
          facet: {
            summary: `${name}: category ${d.new_category ?? '?'} → ${d.correct_category} scheduled${when ? ` for ${when}` : ''}`,
            change: { kind: 'pendingCategory', category: d.new_category, pendingCategory: d.correct_category, effectiveAt: when },
          },
        };
      }
      return {
        ref: d,
        facet: {
          summary: `${name}: category ${d.previous_category ?? '?'} → ${d.new_category ?? '?'}`,
          change: { kind: 'category', category: d.new_category, previousCategory: d.previous_category },
        },
      };
    }
    case 'message_template_components_update': {
      const v = ComponentsUpdate.safeParse(value);
      if (!v.success) return undefined;
      const d = v.data;
      const components = Object.fromEntries(
        Object.entries({
          body: d.message_template_element,
          title: d.message_template_title,
          footer: d.message_template_footer,
          buttons: d.message_template_buttons,
        }).filter(([, x]) => x !== undefined),
      );
      return {
        ref: d,
        facet: {
          summary: `template ${d.message_template_name} (${d.message_template_language}): components updated`,
          change: { kind: 'components', components },
        },
      };
    }
  }
}

export async function handleTemplateEvent(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const parsed = facetOf(field as TemplateField, value);
  if (!parsed) {
    // No name/language (or no event): it cannot be keyed to a template; keep it whole rather than drop it.
    await storeWebhookEvent(ctx, { field, value, summary: `${field}: unexpected shape, stored raw` });
    countEffect(ctx, 'webhookEvent');
    return;
  }
  const { ref, facet } = parsed;
  const outcome = await recordTemplateEvent({
    wabaMetaId: ctx.entry.id,
    name: ref.message_template_name,
    language: ref.message_template_language,
    metaTemplateId: ref.message_template_id !== undefined ? String(ref.message_template_id) : undefined,
    eventId: digestOf(field, value, ctx.eventAtRaw),
    at: ctx.eventAt,
    field,
    summary: facet.summary,
    value,
    change: facet.change,
  });
  countEffect(ctx, `template:${outcome}`);
}
