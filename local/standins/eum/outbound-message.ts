import { EumError, constraintViolation } from './protocol';

/**
 * Decoding and classifying the `message` blob of SendWhatsAppMessage (Meta's /messages request JSON, base64 on the
 * wire). Only the envelope is checked here; checks per message type (text length, button counts, …) plug in through
 * `MessageTypeValidators`, so they can live in their own module and grow without touching the server.
 */

/** Model constraint on WhatsAppMessageBlob: 1..2,048,000 bytes. */
const MAX_MESSAGE_BYTES = 2_048_000;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type MetaMessagePayload = Record<string, unknown>;

/** Returns the problems found (empty = valid). Each problem becomes part of a ValidationException message. */
export type MessageTypeValidator = (payload: MetaMessagePayload) => string[];

/** Keyed by Meta message `type` (text, image, interactive, template, …). Types without a validator pass. */
export type MessageTypeValidators = Partial<Record<string, MessageTypeValidator>>;

export type OutboundMessage =
  | {
      kind: 'message';
      payload: MetaMessagePayload;
      type: string;
      /** Phone in `to` (may carry '+'), when sent to a phone number. */
      to?: string;
      /** Business-scoped user id in `recipient`, when sent to a BSUID and `to` is absent. */
      recipient?: string;
    }
  | { kind: 'mark_read'; payload: MetaMessagePayload; readMessageId: string };

/**
 * Meta's /messages payloads nest a handful of levels (a flow's data a few more); far deeper JSON is refused here, as
 * Meta refuses it, and must never be stored: rendering it again (JSON.stringify, the control API) would overflow
 * the stack.
 */
export const MAX_MESSAGE_DEPTH = 64;

/** How deeply objects and arrays nest in JSON text, counted without parsing (so without recursion). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

export function decodeMessageBlob(base64: string): MetaMessagePayload {
  if (!BASE64.test(base64)) throw new EumError('ValidationException', 'message is not valid base64');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 1 || bytes.length > MAX_MESSAGE_BYTES) {
    throw constraintViolation('message', `<${bytes.length} bytes>`, `Member must have length between 1 and ${MAX_MESSAGE_BYTES}`);
  }
  const text = bytes.toString('utf8');
  if (jsonNestingDepth(text) > MAX_MESSAGE_DEPTH) {
    throw new EumError('ValidationException', `(#100) Invalid parameter: message nests objects or arrays more than ${MAX_MESSAGE_DEPTH} levels deep`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EumError('ValidationException', 'message must be the JSON of a WhatsApp /messages request');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EumError('ValidationException', 'message must be a JSON object');
  }
  return parsed as MetaMessagePayload;
}

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function classifyMessage(payload: MetaMessagePayload, validators: MessageTypeValidators = {}): OutboundMessage {
  if (payload.messaging_product !== 'whatsapp') {
    throw new EumError('ValidationException', "message.messaging_product must be 'whatsapp'");
  }
  const hasAddress = nonEmptyString(payload.to) || nonEmptyString(payload.recipient);

  if (!hasAddress && payload.status === 'read') {
    if (!nonEmptyString(payload.message_id)) {
      throw new EumError('ValidationException', 'a mark-as-read message needs message_id (the wamid to mark)');
    }
    return { kind: 'mark_read', payload, readMessageId: payload.message_id };
  }
  if (!hasAddress) {
    throw new EumError('ValidationException', 'message needs a recipient: `to` (phone) or `recipient` (user id)');
  }

  // Meta's /messages defaults `type` to text when it is omitted.
  const type = payload.type === undefined ? 'text' : payload.type;
  if (!nonEmptyString(type)) throw new EumError('ValidationException', 'message.type must be a string');
  if (payload[type] === undefined) {
    throw new EumError('ValidationException', `message of type '${type}' needs a '${type}' object`);
  }

  const problems = validators[type]?.(payload) ?? [];
  if (problems.length > 0) {
    throw new EumError('ValidationException', `invalid ${type} message: ${problems.join('; ')}`);
  }

  // Meta: when both are present, `to` wins.
  if (nonEmptyString(payload.to)) return { kind: 'message', payload, type, to: payload.to };
  return { kind: 'message', payload, type, recipient: payload.recipient as string };
}
