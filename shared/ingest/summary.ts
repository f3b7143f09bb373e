import type { InboundMessage } from './envelope';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A short human-readable line for inbox previews; the full payload is stored beside it. */
export function previewOf(m: InboundMessage): string {
  const body = obj(m[m.type as keyof InboundMessage]);
  switch (m.type) {
    case 'text':
      return (str(body.body) ?? '').slice(0, 200);
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker':
      return str(body.caption) ?? str(body.filename) ?? `[${m.type}]`;
    case 'location':
      return str(body.name) ?? `[location ${body.latitude}, ${body.longitude}]`;
    case 'interactive': {
      const reply = obj(body.button_reply ?? body.list_reply);
      return str(reply.title) ?? `[${str(body.type) ?? 'interactive'}]`;
    }
    case 'button':
      return str(body.text) ?? '[button]';
    case 'reaction':
      return str(body.emoji) ? `reacted ${body.emoji}` : 'removed a reaction';
    default:
      return `[${m.type}]`;
  }
}
