import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { mergeEvent, type EventMerge, type MergeOutcome } from './event-merge';
import { ItemType, keys } from './keys';

/**
 * TEMPLATE_DEFINITION items (`TEMPLATE#{wabaMetaId}#{name}#{lang}`): a message template's state as Meta reports it
 * in webhooks. Each kind of change moves its own part of the state forward by event time (status, quality,
 * category, components), so events of different kinds never hide each other; every event is kept once in `history`.
 */
export type TemplateChange =
  | { kind: 'status'; status: string; details: Record<string, unknown>; category?: string }
  | { kind: 'quality'; qualityScore: string; previousQualityScore?: string }
  /** Meta will move the template to `pendingCategory` (at `effectiveAt`); `category` is the one it has now. */
  | { kind: 'pendingCategory'; category?: string; pendingCategory: string; effectiveAt?: string }
  | { kind: 'category'; category?: string; previousCategory?: string }
  | { kind: 'components'; components: Record<string, unknown> };

export interface TemplateEvent {
  wabaMetaId: string;
  name: string;
  language: string;
  metaTemplateId?: string;
  /** Deterministic per event: a redelivery carries the same id. */
  eventId: string;
  at: string;
  field: string;
  summary: string;
  /** Meta's event as received, kept in the history. */
  value: unknown;
  change: TemplateChange;
}

type Facet = { forward: NonNullable<EventMerge['forward']>; setOnce?: Record<string, unknown> };

/** The attributes each kind of change owns, and the time attribute that orders them. */
function facetOf(c: TemplateChange, at: string): Facet {
  switch (c.kind) {
    case 'status':
      return { forward: { attr: 'statusAt', value: at, set: { status: c.status, statusDetails: c.details } }, setOnce: { category: c.category } };
    case 'quality':
      return { forward: { attr: 'qualityAt', value: at, set: { qualityScore: c.qualityScore, previousQualityScore: c.previousQualityScore } } };
    case 'pendingCategory':
      return {
        forward: { attr: 'pendingCategoryAt', value: at, set: { pendingCategory: c.pendingCategory, pendingCategoryEffectiveAt: c.effectiveAt } },
        setOnce: { category: c.category },
      };
    case 'category':
      return {
        forward: {
          attr: 'categoryAt',
          value: at,
          set: { category: c.category, previousCategory: c.previousCategory },
          remove: ['pendingCategory', 'pendingCategoryEffectiveAt'],
        },
      };
    case 'components':
      return { forward: { attr: 'componentsAt', value: at, set: { components: c.components } } };
  }
}

export async function recordTemplateEvent(e: TemplateEvent, db: Table = defaultTable()): Promise<MergeOutcome> {
  const facet = facetOf(e.change, e.at);
  return mergeEvent(
    {
      pk: keys.templateDefinition(e.wabaMetaId, e.name, e.language),
      eventId: e.eventId,
      historyEntry: { at: e.at, field: e.field, summary: e.summary, value: e.value },
      set: {
        itemType: ItemType.TemplateDefinition,
        wabaMetaId: e.wabaMetaId,
        templateName: e.name,
        language: e.language,
        ...(e.metaTemplateId !== undefined ? { metaTemplateId: e.metaTemplateId } : {}),
      },
      setOnce: { ...facet.setOnce, createdAt: nowIso() },
      forward: { ...facet.forward, set: { ...facet.forward.set, lastEventSummary: e.summary } },
    },
    db,
  );
}
