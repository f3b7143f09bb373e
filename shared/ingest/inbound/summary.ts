import type { InboundMessage } from '../envelope';
import { isoFromUnixSeconds } from '../../time';
import { referralAttributes } from './referral';
import {
  ButtonBody,
  ContactsBody,
  InteractiveBody,
  LocationBody,
  MediaBody,
  MessageContext,
  OrderBody,
  ReactionBody,
  SystemBody,
  TextBody,
  UnsupportedBody,
  lenient,
} from './types';

/** Media types whose file is copied to S3 at ingest time. */
export const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

export interface InboundMedia {
  mediaId: string;
  kind: string;
  mimeType?: string;
  sha256?: string;
}

export interface Described {
  /** One readable line for inboxes; the raw payload is stored beside it. */
  preview: string;
  /** Typed attributes for the message item. Undefined values are dropped when written. */
  attributes: Record<string, unknown>;
  media?: InboundMedia;
}

type Attrs = Record<string, unknown>;
type Body = { type: string } & Record<string, unknown>;

const PREVIEW_MAX = 200;
const clip = (s: string) => (s.length > PREVIEW_MAX ? `${s.slice(0, PREVIEW_MAX - 1)}…` : s);
const nonEmpty = (s: string | undefined) => (s?.trim() ? s : undefined);
const compact = <T extends Attrs>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Meta prices are plain decimals; summing them must not print 25.499999999. */
const money = (n: number) => Math.round(n * 1e6) / 1e6;

function describeMedia(m: Body): Described {
  const b = lenient(MediaBody, m[m.type]) ?? {};
  const label = m.type === 'audio' && b.voice ? '[voice note]' : m.type === 'sticker' && b.animated ? '[animated sticker]' : `[${m.type}]`;
  return {
    preview: nonEmpty(b.caption) ?? nonEmpty(b.filename) ?? label,
    attributes: compact({
      mediaId: b.id,
      mimeType: b.mime_type,
      sha256: b.sha256,
      caption: b.caption,
      filename: b.filename,
      ...(m.type === 'audio' ? { voice: b.voice ?? false } : {}),
      ...(m.type === 'sticker' ? { animated: b.animated ?? false } : {}),
    }),
    media: b.id ? { mediaId: b.id, kind: m.type, mimeType: b.mime_type, sha256: b.sha256 } : undefined,
  };
}

function describeLocation(m: Body): Described {
  const b = lenient(LocationBody, m.location) ?? {};
  const place = [b.name, b.address].filter(nonEmpty).join(', ');
  return {
    preview: `location: ${place || `${b.latitude ?? '?'}, ${b.longitude ?? '?'}`}`,
    attributes: { location: compact({ latitude: b.latitude, longitude: b.longitude, name: b.name, address: b.address, url: b.url }) },
  };
}

function describeContacts(m: Body): Described {
  const cards = lenient(ContactsBody, m.contacts) ?? [];
  const shared = cards.map((c) =>
    compact({
      name: c.name?.formatted_name ?? ([c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ') || undefined),
      phones: c.phones?.map((p) => p.phone ?? p.wa_id).filter((p): p is string => !!p),
      waIds: c.phones?.map((p) => p.wa_id).filter((p): p is string => !!p),
      emails: c.emails?.map((e) => e.email).filter((e): e is string => !!e),
      company: c.org?.company,
    }),
  );
  const first = shared[0];
  const one = first ? `${first.name ?? 'unnamed'}${first.phones?.[0] ? ` (${first.phones[0]})` : ''}` : '';
  return {
    preview: shared.length <= 1 ? `contact: ${one || '[empty]'}` : `${shared.length} contacts: ${shared.map((c) => c.name ?? 'unnamed').join(', ')}`,
    attributes: { sharedContacts: shared },
  };
}

/** `response_json` of a Flow reply is a JSON string; stored parsed so it can be read without a second decode. */
function parseFlowResponse(json: string | undefined): Attrs {
  if (json === undefined) return {};
  try {
    const parsed = JSON.parse(json) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { flow_token: flowToken, ...rest } = parsed as Attrs;
      return compact({ flowResponse: rest, flowToken: typeof flowToken === 'string' ? flowToken : undefined });
    }
    return { flowResponse: { value: parsed } };
  } catch (err) {
    return { flowResponseRaw: json, flowResponseError: (err as Error).message };
  }
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function describeInteractive(m: Body): Described {
  const b = lenient(InteractiveBody, m.interactive) ?? {};
  const kind = b.type ?? 'unknown';
  const base = { interactiveType: kind };
  if (b.button_reply || b.list_reply) {
    const r = b.button_reply ?? b.list_reply!;
    const description = b.list_reply?.description;
    return {
      preview: r.title ?? `[${kind}]`,
      attributes: compact({ ...base, replyId: r.id, replyTitle: r.title, replyDescription: description }),
    };
  }
  if (b.nfm_reply) {
    const flow = parseFlowResponse(b.nfm_reply.response_json);
    const fields = flow.flowResponse ? Object.entries(flow.flowResponse as Attrs) : [];
    const label = b.nfm_reply.name === 'address_message' ? 'address' : 'flow reply';
    return {
      preview: fields.length ? `${label}: ${fields.map(([k, v]) => `${k}=${show(v)}`).join(', ')}` : `[${label}]`,
      attributes: compact({ ...base, flowName: b.nfm_reply.name, flowBody: b.nfm_reply.body, ...flow }),
    };
  }
  if (b.call_permission_reply) {
    const r = b.call_permission_reply;
    const expiresAt = r.expiration_timestamp !== undefined ? isoFromUnixSeconds(r.expiration_timestamp) : undefined;
    const answer = r.response === 'accept' ? 'accepted' : r.response === 'reject' ? 'rejected' : (r.response ?? 'answered');
    const how = r.is_permanent ? ' (permanent)' : expiresAt && r.response === 'accept' ? ` until ${expiresAt}` : '';
    return {
      preview: `call permission: ${answer}${how}`,
      attributes: {
        ...base,
        callPermission: compact({ response: r.response, isPermanent: r.is_permanent, expiresAt, source: r.response_source }),
      },
    };
  }
  return { preview: `[interactive ${kind}]`, attributes: base };
}

function describeOrder(m: Body): Described {
  const b = lenient(OrderBody, m.order) ?? {};
  const items = (b.product_items ?? []).map((i) =>
    compact({ sku: i.product_retailer_id, quantity: i.quantity ?? 1, itemPrice: i.item_price, currency: i.currency }),
  );
  const itemCount = items.reduce((n, i) => n + (i.quantity ?? 1), 0);
  const totals: Record<string, number> = {};
  for (const i of items) {
    if (i.itemPrice === undefined || !i.currency) continue;
    totals[i.currency] = money((totals[i.currency] ?? 0) + i.itemPrice * (i.quantity ?? 1));
  }
  const listed = items.slice(0, 3).map((i) => `${i.quantity} × ${i.sku ?? '?'}`);
  const more = items.length > 3 ? ', …' : '';
  const total = Object.entries(totals).map(([cur, t]) => `${t.toFixed(2)} ${cur}`);
  return {
    preview: `order: ${itemCount} item${itemCount === 1 ? '' : 's'}${listed.length ? `, ${listed.join(', ')}${more}` : ''}${total.length ? ` · total ${total.join(' + ')}` : ''}`,
    attributes: { order: compact({ catalogId: b.catalog_id, text: b.text, items, itemCount, totals: Object.keys(totals).length ? totals : undefined }) },
  };
}

function describeSystem(m: Body): Described {
  const b = lenient(SystemBody, m.system) ?? {};
  return {
    preview: nonEmpty(b.body) ?? `[system: ${b.type ?? 'event'}]`,
    attributes: compact({
      systemType: b.type,
      systemBody: b.body,
      newWaId: b.new_wa_id ?? b.wa_id,
      newUserId: b.user_id,
      previousUserId: b.previous_user_id,
    }),
  };
}

function describeType(m: Body): Described {
  switch (m.type) {
    case 'text': {
      const text = lenient(TextBody, m.text)?.body ?? '';
      return { preview: text, attributes: { text } };
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return describeMedia(m);
    case 'location':
      return describeLocation(m);
    case 'contacts':
      return describeContacts(m);
    case 'interactive':
      return describeInteractive(m);
    case 'button': {
      const b = lenient(ButtonBody, m.button) ?? {};
      return { preview: b.text ?? b.payload ?? '[button]', attributes: compact({ buttonText: b.text, buttonPayload: b.payload }) };
    }
    case 'reaction': {
      const b = lenient(ReactionBody, m.reaction);
      const emoji = nonEmpty(b?.emoji);
      return { preview: emoji ? `reacted ${emoji}` : 'removed a reaction', attributes: compact({ reactionTo: b?.message_id, emoji }) };
    }
    case 'order':
      return describeOrder(m);
    case 'system':
      return describeSystem(m);
    case 'unsupported': {
      const kind = lenient(UnsupportedBody, m.unsupported)?.type;
      return { preview: `[unsupported${kind ? ` ${kind}` : ''} message]`, attributes: compact({ unsupportedType: kind }) };
    }
    case 'request_welcome':
      return { preview: '[opened the chat]', attributes: {} };
    default:
      return { preview: `[${m.type}]`, attributes: {} };
  }
}

/** Reply-to, forwarded and product-inquiry context. */
function contextAttributes(context: unknown): Attrs {
  const c = lenient(MessageContext, context);
  if (!c) return {};
  return compact({
    replyTo: c.id,
    replyToFrom: c.from,
    forwarded: c.forwarded || c.frequently_forwarded ? true : undefined,
    frequentlyForwarded: c.frequently_forwarded || undefined,
    referredProduct: c.referred_product
      ? compact({ catalogId: c.referred_product.catalog_id, productRetailerId: c.referred_product.product_retailer_id })
      : undefined,
  });
}

/** Preview, typed attributes and media of one inbound message (any type, known or not). */
export function describeInbound(m: Pick<InboundMessage, 'type'> & Record<string, unknown>): Described {
  const d = describeType(m as Body);
  return {
    preview: clip(d.preview),
    attributes: compact({
      ...d.attributes,
      ...contextAttributes(m.context),
      ...referralAttributes(m.referral),
      errors: Array.isArray(m.errors) && m.errors.length ? m.errors : undefined,
      groupId: typeof m.group_id === 'string' ? m.group_id : undefined,
    }),
    media: d.media,
  };
}

/** The preview alone (kept for callers of the first version's summary module). */
export const previewOf = (m: InboundMessage): string => describeInbound(m).preview;
