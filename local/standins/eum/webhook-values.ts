import { digitsOnly, inboundValue, metadataFor, unixSeconds, type InboundCommon, type MetaMessagesValue, type ValueTarget } from './envelope';

/**
 * Builders for the Meta webhook `value`s beyond plain text and media: any inbound message type (reactions, edits,
 * revokes, referrals) and the fields other than messages (templates, quality, calls, user preferences).
 * Pure, like envelope.ts; wrap a value with `buildEnvelope` to get what SNS carries.
 */
// Any inbound message type, and the webhook fields other than messages (reference/eum-and-meta.md §3.2, §3.4)

export interface InboundAnyInput extends InboundCommon {
  /** Meta's message type: text, location, interactive, reaction, order, system, edit, revoke, request_welcome, … */
  type: string;
  /** The type's own object (`message[type]`); omitted for types that have none (request_welcome). */
  body?: unknown;
  /** Sent without `from` (a user known only by business-scoped id; needs `userId`). */
  noPhone?: boolean;
  /** Other message fields: context, referral, errors, group_id, … */
  extra?: Record<string, unknown>;
}

/** Meta's `value` for field "messages" carrying one inbound message of any type. */
export function inboundAnyValue(input: InboundAnyInput): MetaMessagesValue {
  const value = inboundValue(input, input.type, (input.body ?? {}) as Record<string, unknown>);
  const message = value.messages![0]!;
  if (input.body === undefined) delete message[input.type];
  Object.assign(message, input.extra ?? {});
  if (input.noPhone) {
    if (input.userId === undefined) throw new Error('inboundAnyValue: noPhone needs userId');
    delete message.from;
    delete value.contacts![0]!.wa_id;
  }
  return value;
}

export interface ReactionInput extends InboundCommon {
  /** wamid of the message reacted to. */
  messageId: string;
  /** Omit to remove the reaction, as Meta does. */
  emoji?: string;
}

export function inboundReactionValue(input: ReactionInput): MetaMessagesValue {
  return inboundAnyValue({ ...input, type: 'reaction', body: { message_id: input.messageId, ...(input.emoji ? { emoji: input.emoji } : {}) } });
}

export function inboundEditValue(input: InboundCommon & { originalMessageId: string; text: string }): MetaMessagesValue {
  return inboundAnyValue({
    ...input,
    type: 'edit',
    body: { original_message_id: input.originalMessageId, message: { type: 'text', text: { body: input.text } } },
  });
}

export function inboundRevokeValue(input: InboundCommon & { originalMessageId: string }): MetaMessagesValue {
  return inboundAnyValue({ ...input, type: 'revoke', body: { original_message_id: input.originalMessageId } });
}

/** A Click-to-WhatsApp ad referral as Meta attaches it to the customer's first message. */
export function ctwaReferral(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source_url: 'https://fb.me/3cr4Wqqkv',
    source_id: '120212345678900123',
    source_type: 'ad',
    body: 'Spring sale: 20% off everything this week',
    headline: 'Chat with us',
    media_type: 'image',
    image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-image.jpg',
    ctwa_clid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-ZABDLQPNWrJUZ9EXAMPLE',
    welcome_message: { text: 'Hi! How can we help?' },
    ...overrides,
  };
}

export interface TemplateStatusInput {
  name: string;
  language: string;
  event: string;
  templateId?: number;
  category?: string;
  reason?: string;
}

export function templateStatusValue(input: TemplateStatusInput): Record<string, unknown> {
  return {
    event: input.event,
    message_template_id: input.templateId ?? 1689556908129832,
    message_template_name: input.name,
    message_template_language: input.language,
    reason: input.reason ?? 'NONE',
    ...(input.category ? { message_template_category: input.category } : {}),
  };
}

export function phoneQualityValue(input: ValueTarget & { event: string; currentLimit: string; maxDaily?: string }): Record<string, unknown> {
  return {
    display_phone_number: metadataFor(input).display_phone_number,
    event: input.event,
    current_limit: input.currentLimit,
    max_daily_conversations_per_business: input.maxDaily ?? input.currentLimit,
  };
}

export interface CallEventInput extends ValueTarget {
  callId: string;
  event: 'connect' | 'terminate';
  direction: 'USER_INITIATED' | 'BUSINESS_INITIATED';
  /** The customer's phone digits. */
  customer: string;
  timestamp?: Date;
  /** terminate only. */
  status?: 'COMPLETED' | 'FAILED';
  startTime?: Date;
  endTime?: Date;
}

/** `calls` field value with one connect or terminate event. */
export function callEventValue(input: CallEventInput): Record<string, unknown> {
  const metadata = metadataFor(input);
  const business = metadata.display_phone_number;
  const customer = digitsOnly(input.customer);
  const userInitiated = input.direction === 'USER_INITIATED';
  const call: Record<string, unknown> = {
    id: input.callId,
    from: userInitiated ? customer : business,
    to: userInitiated ? business : customer,
    event: input.event,
    timestamp: unixSeconds(input.timestamp),
    direction: input.direction,
  };
  if (input.event === 'connect') call.session = { sdp_type: userInitiated ? 'offer' : 'answer', sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n' };
  if (input.event === 'terminate') {
    call.status = input.status ?? 'COMPLETED';
    if (input.startTime && input.endTime) {
      call.start_time = unixSeconds(input.startTime);
      call.end_time = unixSeconds(input.endTime);
      call.duration = Math.round((input.endTime.getTime() - input.startTime.getTime()) / 1000);
    }
  }
  return {
    messaging_product: 'whatsapp',
    metadata,
    ...(userInitiated ? { contacts: [{ profile: { name: 'Caller' }, wa_id: customer }] } : {}),
    calls: [call],
  };
}

/** `calls` field value with one status (RINGING, ACCEPTED, REJECTED) of a business-initiated call. */
export function callStatusValue(input: ValueTarget & { callId: string; status: 'RINGING' | 'ACCEPTED' | 'REJECTED'; customer: string; timestamp?: Date }) {
  return {
    messaging_product: 'whatsapp',
    metadata: metadataFor(input),
    statuses: [{ id: input.callId, type: 'call', status: input.status, timestamp: unixSeconds(input.timestamp), recipient_id: digitsOnly(input.customer) }],
  };
}

/** `user_preferences` field value: a customer stops or resumes marketing messages. */
export function userPreferencesValue(input: ValueTarget & { customer: string; value: 'stop' | 'resume'; timestamp?: Date; name?: string }) {
  const waId = digitsOnly(input.customer);
  return {
    messaging_product: 'whatsapp',
    metadata: metadataFor(input),
    contacts: [{ profile: { name: input.name ?? 'Customer' }, wa_id: waId }],
    user_preferences: [
      {
        wa_id: waId,
        detail: input.value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages',
        category: 'marketing_messages',
        value: input.value,
        timestamp: Number(unixSeconds(input.timestamp)),
      },
    ],
  };
}
