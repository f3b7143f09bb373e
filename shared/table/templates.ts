import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { nowIso } from '../time';
import { isConditionFailure } from './conditional';
import { Index, ItemType, keys } from './keys';

/**
 * Message templates in the table:
 * - `TEMPLATES#{wabaAwsId}` (itemType TEMPLATE): the WABA's template list as EUM Social last listed it (the seed's
 *   cache item), so a sync can report what changed since the previous one;
 * - `TEMPLATE#{wabaMetaId}#{name}#{language}` (TEMPLATE_DEFINITION): one template. Its `definition` (Meta's JSON:
 *   parameter_format, components) comes from EUM; its state (status, quality, category) from EUM syncs and from
 *   ingest's template webhooks, and only moves forward in time (`statusAt`), whichever writes it.
 */

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

const table = () => getConfig().TABLE_NAME;

export async function getTemplateList(wabaAwsId: string): Promise<{ templates: TemplateSummaryItem[]; syncedAt: string } | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: keys.templateList(wabaAwsId) } }));
  return Item ? { templates: (Item.templates as TemplateSummaryItem[]) ?? [], syncedAt: String(Item.syncedAt) } : undefined;
}

/** Replaces the list; returns the one it replaced (for the sync report). */
export async function saveTemplateList(wabaAwsId: string, wabaMetaId: string, templates: TemplateSummaryItem[]): Promise<TemplateSummaryItem[] | undefined> {
  const at = nowIso();
  const { Attributes } = await dynamo().send(
    new PutCommand({
      TableName: table(),
      Item: { pk: keys.templateList(wabaAwsId), itemType: ItemType.TemplateList, wabaAwsId, wabaMetaId, templates, syncedAt: at, createdAt: at },
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes?.templates as TemplateSummaryItem[] | undefined;
}

export async function getTemplateDefinition(wabaMetaId: string, name: string, language: string): Promise<TemplateDefinitionItem | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: keys.templateDefinition(wabaMetaId, name, language) } }));
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
export async function saveTemplateSnapshot(wabaMetaId: string, t: TemplateSnapshot, at: string = nowIso()): Promise<void> {
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
  const base = { TableName: table(), Key: { pk: keys.templateDefinition(wabaMetaId, t.name, t.language) }, ExpressionAttributeNames: names };
  if (t.status) {
    try {
      await dynamo().send(
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
  await dynamo().send(new UpdateCommand({ ...base, UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeValues: values }));
}

/** Every template definition item of one WABA (gsi-itemType, filtered: an admin read, not a hot path). */
export async function listTemplateDefinitions(wabaMetaId: string): Promise<TemplateDefinitionItem[]> {
  const items: TemplateDefinitionItem[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        IndexName: Index.itemType.name,
        KeyConditionExpression: '#t = :t',
        FilterExpression: 'wabaMetaId = :w',
        ExpressionAttributeNames: { '#t': Index.itemType.pk },
        ExpressionAttributeValues: { ':t': ItemType.TemplateDefinition, ':w': wabaMetaId },
        ExclusiveStartKey,
      }),
    );
    items.push(...((page.Items ?? []) as TemplateDefinitionItem[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** A template deleted at Meta keeps its item (history, past sends refer to it), marked DELETED. */
export async function markTemplateDeleted(wabaMetaId: string, name: string, language: string, at: string = nowIso()): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
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

/** The template as actions present it (no key attributes or event bookkeeping). */
export function presentTemplate(item: TemplateDefinitionItem): Record<string, unknown> {
  const { pk: _pk, itemType: _t, eventIds: _e, history, ...rest } = item;
  return { ...rest, ...(Array.isArray(history) ? { events: history.length } : {}) };
}
