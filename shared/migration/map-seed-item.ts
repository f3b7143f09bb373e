import { Direction, ItemType, keys } from '../table/keys';
import { statusRank, statusTimeAttribute, STATUS_RANK } from '../table/status-rank';

/**
 * Maps one item of the seed's table (key patterns in ../shared/seed/PATTERNS.md) to this system's item, or says why
 * it cannot. Pure: no I/O, so the mapping is tested on its own and the migration only moves what this returns.
 * The seed's attribute spellings vary between its versions; the common ones are accepted.
 */
export type Mapped = { kind: string; item: Record<string, unknown> } | { skip: string };

type Item = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const first = (item: Item, ...names: string[]): string | undefined => names.map((n) => str(item[n])).find(Boolean);
const digits = (v: string | undefined) => v?.replace(/\D/g, '') || undefined;

/** An epoch (seconds or ms) or ISO value as ISO-8601 UTC. */
export function isoOf(v: unknown): string | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,13}$/.test(v))) {
    const n = Number(v);
    return new Date(n < 1e12 ? n * 1000 : n).toISOString();
  }
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return undefined;
}

/** `CONV#{phoneArn}#{customer}`: the phone ARN holds no '#', the customer is the rest. */
export function parseConversationPk(pk: string): { phoneArn: string; customer: string } | undefined {
  const m = /^CONV#([^#]+)#(.+)$/.exec(pk);
  return m ? { phoneArn: m[1]!, customer: m[2]! } : undefined;
}

/** The seed's status history ([{status, timestamp}] or {status: time}) as this system's `<status>At` attributes. */
function statusTimes(item: Item): Item {
  const out: Item = {};
  const history = item.statusHistory ?? item.statuses;
  const entries: [string, unknown][] = Array.isArray(history)
    ? history.map((h: Item) => [String(h.status ?? ''), h.timestamp ?? h.at ?? h.time])
    : history && typeof history === 'object'
      ? Object.entries(history as Item)
      : [];
  for (const [status, at] of entries) {
    const iso = isoOf(at);
    if (STATUS_RANK[status] !== undefined && iso) out[statusTimeAttribute(status)] ??= iso;
  }
  for (const status of Object.keys(STATUS_RANK)) {
    const iso = isoOf(item[statusTimeAttribute(status)]);
    if (iso) out[statusTimeAttribute(status)] ??= iso;
  }
  return out;
}

function mapMessage(old: Item, pk: string): Mapped {
  const wamid = pk.slice('MSG#'.length);
  const direction = String(old.direction ?? '').toUpperCase();
  if (direction !== Direction.Inbound && direction !== Direction.Outbound) return { skip: `MESSAGE without INBOUND/OUTBOUND direction (${pk})` };
  const receivedAt = isoOf(old.receivedAt ?? old.timestamp ?? old.createdAt);
  if (!receivedAt) return { skip: `MESSAGE without a usable receivedAt (${pk})` };
  const conversationPk = first(old, 'conversationPk', 'conversationId');
  const text = first(old, 'text', 'textBody', 'body', 'message');
  const type = first(old, 'type', 'messageType') ?? (text ? 'text' : 'unknown');
  const status = first(old, 'status') ?? (direction === Direction.Inbound ? 'received' : 'sent');
  const item: Item = {
    ...statusTimes(old),
    pk: keys.message(wamid),
    itemType: ItemType.Message,
    direction,
    messageId: wamid,
    waMessageId: wamid,
    ...(conversationPk?.startsWith('CONV#') ? { conversationPk } : {}),
    phoneArn: first(old, 'phoneArn', 'originationPhoneNumberArn') ?? (conversationPk ? parseConversationPk(conversationPk)?.phoneArn : undefined),
    from: digits(first(old, 'from', 'fromNumber')),
    to: digits(first(old, 'to', 'toNumber')),
    type,
    ...(text ? { text } : {}),
    preview: (first(old, 'preview') ?? text ?? `[${type}]`).slice(0, 200),
    status,
    ...(direction === Direction.Outbound ? { statusRank: statusRank(status) } : {}),
    receivedAt,
    createdAt: isoOf(old.createdAt) ?? receivedAt,
    ...(first(old, 'mediaId') ? { mediaId: old.mediaId } : {}),
    ...(first(old, 's3Key', 'mediaS3Key') ? { mediaS3Key: first(old, 's3Key', 'mediaS3Key') } : {}),
    ...(first(old, 'contactName', 'senderName') ? { contactName: first(old, 'contactName', 'senderName') } : {}),
    ...(Array.isArray(old.errors) ? { errors: old.errors } : {}),
    migratedFrom: 'seed',
  };
  return { kind: 'message', item };
}

function mapConversation(old: Item, pk: string): Mapped {
  const parsed = parseConversationPk(pk);
  if (!parsed) return { skip: `CONVERSATION key is not CONV#{phoneArn}#{customer} (${pk})` };
  const lastAt = isoOf(old.lastMessageAt ?? old.receivedAt ?? old.updatedAt);
  const unread = Math.max(0, Math.floor(Number(old.unreadCount ?? 0) || 0));
  const customer = digits(parsed.customer) ?? parsed.customer;
  const item: Item = {
    pk: keys.conversation(parsed.phoneArn, customer),
    itemType: ItemType.Conversation,
    inboxPk: keys.inbox(parsed.phoneArn),
    phoneArn: parsed.phoneArn,
    customer,
    ...(first(old, 'contactName', 'name', 'profileName') ? { contactName: first(old, 'contactName', 'name', 'profileName') } : {}),
    ...(first(old, 'lastMessage', 'lastMessagePreview') ? { lastMessage: first(old, 'lastMessage', 'lastMessagePreview') } : {}),
    ...(lastAt ? { lastMessageAt: lastAt, receivedAt: lastAt } : {}),
    ...(isoOf(old.lastInboundAt) ? { lastInboundAt: isoOf(old.lastInboundAt) } : {}),
    // The seed kept only a count: it carries over as the count, with no ids in the dedupe window.
    ...(unread ? { unreadCount: unread } : {}),
    ...(old.archived === true ? { archived: true, archivedAt: isoOf(old.archivedAt) ?? lastAt ?? new Date(0).toISOString() } : {}),
    createdAt: isoOf(old.createdAt) ?? lastAt ?? new Date(0).toISOString(),
    migratedFrom: 'seed',
  };
  return { kind: 'conversation', item };
}

/** Items whose key and shape are the same here: copied with `migratedFrom`. */
const SAME_SHAPE: Record<string, { prefix: string; itemType: string }> = {
  templateDefinition: { prefix: 'TEMPLATE#', itemType: ItemType.TemplateDefinition },
  quality: { prefix: 'QUALITY#', itemType: ItemType.Quality },
  mediaUpload: { prefix: 'MEDIA_UPLOAD#', itemType: ItemType.MediaUpload },
  mediaDownload: { prefix: 'MEDIA_DOWNLOAD#', itemType: ItemType.MediaDownload },
};

export function mapSeedItem(old: Item): Mapped {
  const pk = str(old.pk);
  if (!pk) return { skip: 'item without a string pk' };
  if (pk.startsWith('MSG#')) return mapMessage(old, pk);
  if (pk.startsWith('CONV#')) return mapConversation(old, pk);
  for (const [kind, { prefix, itemType }] of Object.entries(SAME_SHAPE)) {
    if (pk.startsWith(prefix)) return { kind, item: { ...old, itemType, migratedFrom: 'seed' } };
  }
  if (pk.startsWith('TEMPLATES#')) return { skip: 'TEMPLATE cache (TEMPLATES#): re-read from EUM Social instead' };
  const type = str(old.itemType) ?? pk.split('#')[0];
  return { skip: `no mapping for ${type} items (another category's data)` };
}
