import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DEMO_ACCOUNT, type LinkedAccount, type WirePhoneNumber } from './demo-account';

/**
 * Builders for the SNS message body EUM Social publishes, and for the Meta webhook `value`s inside it.
 * Pure (no I/O): tests, fixtures, the stand-in and the local simulate command all share them so every
 * producer of fake events agrees with the documented AWS shape (reference/eum-and-meta.md §2, §3).
 */

// ---------------------------------------------------------------------------------------------------------------
// Meta webhook shapes (the subset these builders produce)

export interface MetaError {
  code: number;
  title: string;
  message: string;
  error_data?: { details: string };
  href?: string;
}

export type MetaStatusName = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface MetaConversation {
  id: string;
  expiration_timestamp?: string;
  origin: { type: string };
}

export interface MetaPricing {
  billable: boolean;
  pricing_model: string;
  category: string;
  type?: string;
}

export interface MetaStatus {
  id: string;
  status: MetaStatusName;
  timestamp: string;
  recipient_id?: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  conversation?: MetaConversation;
  pricing?: MetaPricing;
  errors?: MetaError[];
}

export interface MetaContact {
  profile?: { name: string };
  wa_id?: string;
  user_id?: string;
}

export type MetaInboundMessage = {
  from?: string;
  from_user_id?: string;
  id: string;
  timestamp: string;
  type: string;
} & Record<string, unknown>;

export interface MetaMessagesValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: MetaContact[];
  messages?: MetaInboundMessage[];
  statuses?: MetaStatus[];
}

export interface MetaEntry {
  id: string;
  changes: Array<{ field: string; value: unknown }>;
}

/** The SNS `Message` EUM Social publishes, parsed once (whatsAppWebhookEntry is still a JSON string). */
export interface EumEnvelope {
  context: {
    MetaWabaIds: Array<{ wabaId: string; arn: string }>;
    MetaPhoneNumberIds: Array<{ metaPhoneNumberId: string; arn: string }>;
  };
  whatsAppWebhookEntry: string;
  aws_account_id: string;
  message_timestamp: string;
  messageId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

/**
 * A Meta message id: `wamid.` + base64 of bytes laid out like Meta's (a small protobuf-like record holding the
 * recipient's digits and a random uppercase-hex id), so fake ids look and decode like real ones.
 */
export function newWamid(recipientDigits?: string): string {
  const digits = recipientDigits?.replace(/\D/g, '') || String(randomInt(10_000_000_000, 99_999_999_999));
  return encodeWamid(digits, randomBytes(9).toString('hex').toUpperCase());
}

/** Meta's wamid layout: a small protobuf-like record of the recipient's digits and an id, base64-encoded. */
export function encodeWamid(digits: string, id: string): string {
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x18, digits.length]),
    Buffer.from(digits, 'ascii'),
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, id.length]),
    Buffer.from(id, 'ascii'),
    Buffer.from([0x00]),
  ]);
  return `wamid.${bytes.toString('base64')}`;
}

/** Unix seconds as a string, the way Meta writes every webhook timestamp. */
export function unixSeconds(date: Date = new Date()): string {
  return String(Math.floor(date.getTime() / 1000));
}

/** RFC 3339 with nanoseconds (`2025-09-18T04:56:36.684321927Z`), the precision EUM uses for message_timestamp. */
export function rfc3339Nanos(date: Date = new Date()): string {
  const subMillisecond = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return `${date.toISOString().slice(0, -1)}${subMillisecond}Z`;
}

export const digitsOnly = (phone: string): string => phone.replace(/\D/g, '');

function pickPhone(account: LinkedAccount, phone?: WirePhoneNumber): WirePhoneNumber {
  const chosen = phone ?? account.phones[0];
  if (!chosen) throw new Error(`linked account ${account.waba.id} has no phone number`);
  return chosen;
}

export interface ValueTarget {
  /** Which linked account / phone number the event is for; defaults to the demo account's only phone. */
  account?: LinkedAccount;
  phone?: WirePhoneNumber;
}

export function metadataFor(target: ValueTarget): MetaMessagesValue['metadata'] {
  const phone = pickPhone(target.account ?? DEMO_ACCOUNT, target.phone);
  return { display_phone_number: digitsOnly(phone.phoneNumber), phone_number_id: phone.metaPhoneNumberId };
}

// ---------------------------------------------------------------------------------------------------------------
// The envelope

export interface BuildEnvelopeInput extends ValueTarget {
  /** Meta webhook field, e.g. "messages" or "message_template_status_update". */
  field: string;
  value: unknown;
  /** EUM's message id (UUID); only on events about a send. */
  messageId?: string;
  /** Defaults to now. */
  timestamp?: Date;
}

/** Builds the SNS message body (already a JSON string is what you publish: use `JSON.stringify` on the result). */
export function buildEnvelope(input: BuildEnvelopeInput): EumEnvelope {
  const account = input.account ?? DEMO_ACCOUNT;
  const phone = pickPhone(account, input.phone);
  const entry: MetaEntry = { id: account.waba.wabaId, changes: [{ field: input.field, value: input.value }] };
  const envelope: EumEnvelope = {
    context: {
      MetaWabaIds: [{ wabaId: account.waba.wabaId, arn: account.waba.arn }],
      MetaPhoneNumberIds: [{ metaPhoneNumberId: phone.metaPhoneNumberId, arn: phone.arn }],
    },
    // AWS delivers the Meta entry double-encoded: a JSON string inside the JSON message.
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: account.awsAccountId,
    message_timestamp: rfc3339Nanos(input.timestamp),
  };
  if (input.messageId !== undefined) envelope.messageId = input.messageId;
  return envelope;
}

/** `buildEnvelope` serialised: exactly the string SNS carries in `Records[].Sns.Message`. */
export function envelopeBody(input: BuildEnvelopeInput): string {
  return JSON.stringify(buildEnvelope(input));
}

// ---------------------------------------------------------------------------------------------------------------
// statuses[]

export interface MetaErrorInput {
  code: number;
  title: string;
  /** Meta repeats the title here; override only to mimic an odd payload. */
  message?: string;
  details?: string;
  href?: string;
}

const META_ERROR_CODES_URL = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

export function metaError(input: MetaErrorInput): MetaError {
  return {
    code: input.code,
    title: input.title,
    message: input.message ?? input.title,
    error_data: { details: input.details ?? input.title },
    href: input.href ?? META_ERROR_CODES_URL,
  };
}

export interface StatusValueInput extends ValueTarget {
  wamid: string;
  status: MetaStatusName;
  /** Recipient phone digits (no '+'). Omitted by Meta when the message went to a business-scoped user id. */
  recipientId?: string;
  /** The BSUID the message was sent to (`recipient` instead of `to`). */
  recipientUserId?: string;
  timestamp?: Date;
  errors?: MetaErrorInput[];
  /** Defaults on `sent` to a free customer-service conversation; other statuses carry them only when given. */
  pricing?: MetaPricing;
  conversation?: MetaConversation;
  bizOpaqueCallbackData?: string;
}

const DAY_SECONDS = 24 * 60 * 60;

/** Meta's `value` for field "messages" carrying one status update. */
export function statusValue(input: StatusValueInput): MetaMessagesValue {
  if (input.recipientId === undefined && input.recipientUserId === undefined) {
    throw new Error('statusValue needs recipientId or recipientUserId');
  }
  const timestamp = input.timestamp ?? new Date();
  const status: MetaStatus = { id: input.wamid, status: input.status, timestamp: unixSeconds(timestamp) };
  if (input.recipientId !== undefined) status.recipient_id = digitsOnly(input.recipientId);
  if (input.recipientUserId !== undefined) status.recipient_user_id = input.recipientUserId;
  if (input.bizOpaqueCallbackData !== undefined) status.biz_opaque_callback_data = input.bizOpaqueCallbackData;

  const conversation =
    input.conversation ??
    (input.status === 'sent'
      ? {
          id: randomBytes(16).toString('hex'),
          expiration_timestamp: String(Math.floor(timestamp.getTime() / 1000) + DAY_SECONDS),
          origin: { type: 'service' },
        }
      : undefined);
  const pricing =
    input.pricing ??
    (input.status === 'sent'
      ? { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' }
      : undefined);
  if (conversation) status.conversation = conversation;
  if (pricing) status.pricing = pricing;
  if (input.errors?.length) status.errors = input.errors.map(metaError);

  return { messaging_product: 'whatsapp', metadata: metadataFor(input), statuses: [status] };
}

// ---------------------------------------------------------------------------------------------------------------
// Inbound messages[]

export interface InboundCommon extends ValueTarget {
  /** Sender phone digits (a leading '+' is removed, as Meta never sends it). */
  from: string;
  /** Profile name; when absent the contact has no `profile`, which Meta allows. */
  name?: string;
  /** Business-scoped user id (BSUID), e.g. "US.26852818834383302". */
  userId?: string;
  wamid?: string;
  timestamp?: Date;
}

export function inboundValue(common: InboundCommon, type: string, body: Record<string, unknown>): MetaMessagesValue {
  const from = digitsOnly(common.from);
  const contact: MetaContact = { wa_id: from };
  if (common.name !== undefined) contact.profile = { name: common.name };
  if (common.userId !== undefined) contact.user_id = common.userId;

  const message: MetaInboundMessage = {
    from,
    id: common.wamid ?? newWamid(),
    timestamp: unixSeconds(common.timestamp),
    type,
    [type]: body,
  };
  if (common.userId !== undefined) message.from_user_id = common.userId;

  return {
    messaging_product: 'whatsapp',
    metadata: metadataFor(common),
    contacts: [contact],
    messages: [message],
  };
}

export interface InboundTextInput extends InboundCommon {
  text: string;
}

export function inboundTextValue(input: InboundTextInput): MetaMessagesValue {
  return inboundValue(input, 'text', { body: input.text });
}

export type InboundMediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export interface InboundMediaInput extends InboundCommon {
  kind: InboundMediaKind;
  /** Meta media id (digits), fetchable with GetWhatsAppMessageMedia. */
  mediaId: string;
  mimeType: string;
  caption?: string;
  filename?: string;
  /** base64 SHA-256 of the file; random when not given. */
  sha256?: string;
  /** audio only: true for a voice note. */
  voice?: boolean;
  /** sticker only. */
  animated?: boolean;
}

export function inboundMediaValue(input: InboundMediaInput): MetaMessagesValue {
  const media: Record<string, unknown> = {
    mime_type: input.mimeType,
    sha256: input.sha256 ?? randomBytes(32).toString('base64'),
    id: input.mediaId,
  };
  if (input.caption !== undefined && input.kind !== 'audio' && input.kind !== 'sticker') media.caption = input.caption;
  if (input.kind === 'document' && input.filename !== undefined) media.filename = input.filename;
  if (input.kind === 'audio') media.voice = input.voice ?? false;
  if (input.kind === 'sticker') media.animated = input.animated ?? false;
  return inboundValue(input, input.kind, media);
}

/** A fresh EUM message id (EUM returns UUIDs from SendWhatsAppMessage). */
export const newEumMessageId = (): string => randomUUID();
