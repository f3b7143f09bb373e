import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { isConditionFailure } from './conditional';
import { mergeEvent, withoutMergeBookkeeping, type EventMerge, type MergeOutcome } from './event-merge';
import { pagesOfType } from './item-type-pages';
import { ItemType, keys } from './keys';

/**
 * Message templates in the table, one module for both item types:
 * - `TEMPLATES#{wabaAwsId}` (itemType TEMPLATE): the WABA's template list as EUM Social last listed it (the seed's
 *   cache item), so a sync can report what changed since the previous one;
 * - `TEMPLATE#{wabaMetaId}#{name}#{lang}` (TEMPLATE_DEFINITION): one template. Its `definition` (Meta's JSON:
 *   parameter_format, components) comes from EUM Social (get, create, sync); its state from EUM and from template
 *   webhooks (recordTemplateEvent). Each kind of change moves its own part of the state forward by event time
 *   (status, quality, category, components), so events of different kinds never hide each other, and a sync's
 *   status never overwrites a newer webhook's; every webhook event is kept once in `history`.
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

export interface TemplateSummaryItem {
  name: string;
  language: string;
  metaTemplateId: string;
  status: string;
  category: string;
  qualityScore?: string;
}

export interface TemplateDefinitionItem {
  pk: string;
  itemType: typeof ItemType.TemplateDefinition;
  wabaMetaId: string;
  templateName: string;
  language: string;
  metaTemplateId?: string;
  status?: string;
  statusAt?: string;
  category?: string;
  qualityScore?: string;
  parameterFormat?: 'NAMED' | 'POSITIONAL';
  /** Meta's template JSON as EUM Social returned it (components in Meta's create shape). */
  definition?: Record<string, unknown> & { components?: unknown[] };
  definitionSyncedAt?: string;
  deletedAt?: string;
  createdAt: string;
  [attr: string]: unknown;
}

/**
 * What EUM Social last listed for the WABA: by a sync (`templates`) or, when newer, by a lookup that missed
 * (`missListing`, kept apart so a sync still reports its changes against the previous sync). Undefined when neither.
 */
export async function getTemplateList(wabaAwsId: string, db: Table = defaultTable()): Promise<{ templates: TemplateSummaryItem[]; syncedAt: string } | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.templateList(wabaAwsId) }, ConsistentRead: true }));
  if (!Item) return undefined;
  const synced = Item.templates ? { templates: Item.templates as TemplateSummaryItem[], syncedAt: String(Item.syncedAt) } : undefined;
  const missed = Item.missListing ? { templates: Item.missListing as TemplateSummaryItem[], syncedAt: String(Item.missListedAt) } : undefined;
  if (synced && missed) return missed.syncedAt > synced.syncedAt ? missed : synced;
  return missed ?? synced;
}

/** Stores a listing made after a miss (see claimTemplateListRefresh) without touching the sync's own list. */
export async function saveMissListing(wabaAwsId: string, templates: TemplateSummaryItem[], db: Table = defaultTable()): Promise<void> {
  await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: keys.templateList(wabaAwsId) },
      UpdateExpression: 'SET missListing = :t, missListedAt = :at',
      ExpressionAttributeValues: { ':t': templates, ':at': nowIso() },
    }),
  );
}

/** Replaces the list; returns the one it replaced (for the sync report). */
export async function saveTemplateList(wabaAwsId: string, wabaMetaId: string, templates: TemplateSummaryItem[], db: Table = defaultTable()): Promise<TemplateSummaryItem[] | undefined> {
  const at = nowIso();
  const { Attributes } = await db.client.send(
    new PutCommand({
      TableName: db.name,
      Item: { pk: keys.templateList(wabaAwsId), itemType: ItemType.TemplateList, wabaAwsId, wabaMetaId, templates, syncedAt: at, createdAt: at },
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes?.templates as TemplateSummaryItem[] | undefined;
}

/**
 * Claims the right to re-list the WABA's templates from EUM Social after a lookup missed: true at most once per
 * `intervalSeconds` per WABA across every process, and not at all when a sync listed them within that time. The
 * claim is stamped apart from `syncedAt`, so a claim whose listing then failed still holds the others back.
 */
export async function claimTemplateListRefresh(wabaAwsId: string, wabaMetaId: string, intervalSeconds: number, db: Table = defaultTable()): Promise<boolean> {
  const now = new Date();
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - intervalSeconds * 1000).toISOString();
  try {
    await db.client.send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.templateList(wabaAwsId) },
        UpdateExpression: 'SET missRefreshAt = :at, itemType = if_not_exists(itemType, :type), wabaAwsId = :a, wabaMetaId = :m, createdAt = if_not_exists(createdAt, :at)',
        ConditionExpression: '(attribute_not_exists(syncedAt) OR syncedAt < :cutoff) AND (attribute_not_exists(missRefreshAt) OR missRefreshAt < :cutoff)',
        ExpressionAttributeValues: { ':at': at, ':cutoff': cutoff, ':type': ItemType.TemplateList, ':a': wabaAwsId, ':m': wabaMetaId },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function getTemplateDefinition(wabaMetaId: string, name: string, language: string, db: Table = defaultTable()): Promise<TemplateDefinitionItem | undefined> {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.name, Key: { pk: keys.templateDefinition(wabaMetaId, name, language) } }));
  return Item as TemplateDefinitionItem | undefined;
}

export interface TemplateSnapshot {
  name: string;
  language: string;
  metaTemplateId?: string;
  status?: string;
  category?: string;
  qualityScore?: string;
  /** Meta's full template JSON, when it was read (GetWhatsAppMessageTemplate). */
  definition?: Record<string, unknown>;
}

function parameterFormatOf(definition: Record<string, unknown> | undefined): 'NAMED' | 'POSITIONAL' | undefined {
  const f = definition?.parameter_format;
  return typeof f === 'string' ? (f.toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL') : undefined;
}

/**
 * Stores what EUM Social says about a template now. Identity and definition are always written; the status only
 * when nothing newer (a webhook with a later event time) already set it. A template seen again is no longer deleted.
 */
export async function saveTemplateSnapshot(wabaMetaId: string, t: TemplateSnapshot, at: string = nowIso(), db: Table = defaultTable()): Promise<void> {
  const values: Record<string, unknown> = {
    ':type': ItemType.TemplateDefinition,
    ':waba': wabaMetaId,
    ':name': t.name,
    ':lang': t.language,
    ':at': at,
  };
  const sets = ['itemType = :type', 'wabaMetaId = :waba', 'templateName = :name', '#language = :lang', 'createdAt = if_not_exists(createdAt, :at)'];
  const optional: Record<string, unknown> = {
    metaTemplateId: t.metaTemplateId,
    category: t.category,
    qualityScore: t.qualityScore,
    definition: t.definition,
    definitionSyncedAt: t.definition ? at : undefined,
    parameterFormat: parameterFormatOf(t.definition),
  };
  const names: Record<string, string> = { '#language': 'language' };
  for (const [k, v] of Object.entries(optional)) {
    if (v === undefined) continue;
    values[`:${k}`] = v;
    names[`#${k}`] = k;
    sets.push(`#${k} = :${k}`);
  }
  const base = { TableName: db.name, Key: { pk: keys.templateDefinition(wabaMetaId, t.name, t.language) }, ExpressionAttributeNames: names };
  if (t.status) {
    try {
      await db.client.send(
        new UpdateCommand({
          ...base,
          UpdateExpression: `SET ${[...sets, '#status = :status', 'statusAt = :at'].join(', ')} REMOVE deletedAt`,
          ConditionExpression: 'attribute_not_exists(statusAt) OR statusAt < :at',
          ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#status': 'status' },
          ExpressionAttributeValues: { ...values, ':status': t.status },
        }),
      );
      return;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
  await db.client.send(new UpdateCommand({ ...base, UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeValues: values }));
}

/** Every template definition item of one WABA (gsi-itemType, filtered: an admin read, not a hot path). */
export async function listTemplateDefinitions(wabaMetaId: string, db: Table = defaultTable()): Promise<TemplateDefinitionItem[]> {
  const items: TemplateDefinitionItem[] = [];
  const byWaba = { expression: 'wabaMetaId = :w', values: { ':w': wabaMetaId } };
  for await (const page of pagesOfType<TemplateDefinitionItem>(ItemType.TemplateDefinition, db, byWaba)) items.push(...page);
  return items;
}

/** A template deleted at Meta keeps its item (history, past sends refer to it), marked DELETED. */
export async function markTemplateDeleted(wabaMetaId: string, name: string, language: string, at: string = nowIso(), db: Table = defaultTable()): Promise<void> {
  await db.client.send(
    new UpdateCommand({
      TableName: db.name,
      Key: { pk: keys.templateDefinition(wabaMetaId, name, language) },
      UpdateExpression: 'SET #status = :deleted, statusAt = :at, deletedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':deleted': 'DELETED', ':at': at },
    }),
  ).catch((err: unknown) => {
    if (!isConditionFailure(err)) throw err;
  });
}

/**
 * Records the TTL set through Graph (set_template_ttl) on the stored template; the next read from EUM Social
 * carries it in `definition` too. Returns false when the template has no item.
 */
export async function recordTemplateTtl(wabaMetaId: string, name: string, language: string, ttlSeconds: number, at: string = nowIso(), db: Table = defaultTable()): Promise<boolean> {
  return db.client
    .send(
      new UpdateCommand({
        TableName: db.name,
        Key: { pk: keys.templateDefinition(wabaMetaId, name, language) },
        UpdateExpression: 'SET messageSendTtlSeconds = :ttl, messageSendTtlSetAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':ttl': ttlSeconds, ':at': at },
      }),
    )
    .then(() => true)
    .catch((err: unknown) => {
      if (isConditionFailure(err)) return false;
      throw err;
    });
}

/** The template as actions present it (no key attributes or event bookkeeping). */
export function presentTemplate(item: TemplateDefinitionItem): Record<string, unknown> {
  const { pk: _pk, itemType: _t, history, ...rest } = withoutMergeBookkeeping(item as TemplateDefinitionItem & Record<string, unknown>);
  return { ...rest, ...(Array.isArray(history) ? { events: history.length } : {}) };
}
