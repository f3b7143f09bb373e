/**
 * The only module that knows how table keys and item types are spelled.
 * Key patterns follow the seed system (docs: ../shared/seed/PATTERNS.md) so its data and tools keep working.
 */
export const ItemType = {
  Message: 'MESSAGE',
  MessageAlias: 'MESSAGE_ALIAS',
  PendingStatus: 'PENDING_STATUS',
  Conversation: 'CONVERSATION',
  AccountsCache: 'CONFIG_CACHE',
  ApiKey: 'API_KEY',
  WebhookEvent: 'WEBHOOK_EVENT',
  MediaUpload: 'MEDIA_UPLOAD',
  MediaDownload: 'MEDIA_DOWNLOAD',
  /** An upload to WhatsApp too large for one API call, run by an async invocation of the media function. */
  MediaUploadJob: 'MEDIA_UPLOAD_JOB',
  /** The seed's cached template list of one WABA. */
  TemplateList: 'TEMPLATE',
  TemplateDefinition: 'TEMPLATE_DEFINITION',
  Quality: 'QUALITY',
  Call: 'CALL',
  CtwaEvent: 'CTWA_EVENT',
  UserPreference: 'USER_PREFERENCE',
  BusinessProfile: 'BUSINESS_PROFILE',
  CallSettings: 'CALL_SETTINGS',
  Group: 'GROUP',
  GroupRequest: 'GROUP_REQUEST',
  GroupMessage: 'GROUP_MESSAGE',
  GroupParticipant: 'GROUP_PARTICIPANT',
  /** A stored snapshot: what the deployment runs on (get_infra), the media rules in force (get_media_types). */
  ConfigSnapshot: 'CONFIG_SNAPSHOT',
  /** A customer's answers to a WhatsApp Flow (its nfm_reply), as ingest received them. */
  FlowResponse: 'FLOW_RESPONSE',
} as const;
export type ItemType = (typeof ItemType)[keyof typeof ItemType];

export const Direction = { Inbound: 'INBOUND', Outbound: 'OUTBOUND' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

/** The key prefix of idempotency records: Powertools writes `${IDEMPOTENCY_PREFIX}#<hash>`, as keys.idempotency does. */
export const IDEMPOTENCY_PREFIX = 'IDEMPOTENCY';

export const keys = {
  /**
   * Inbound messages are keyed by Meta's wamid; outbound ones by EUM's message id (the wamid comes later). A group
   * send keeps here only a MESSAGE_ALIAS pointing at its GROUP_MSG item, for the status path (group-messages.ts).
   */
  message: (messageId: string) => `MSG#${messageId}`,
  /**
   * Points Meta's wamid at the item of an outbound message stored under EUM's id; before that (no `targetPk`), holds
   * the statuses that came without EUM's id (message-statuses.ts waitOnAlias).
   */
  messageAlias: (wamid: string) => `WAMID#${wamid}`,
  /** Statuses for a send (EUM's id) not stored yet; older versions also kept statuses by wamid here. */
  pendingStatus: (id: string) => `PENDING_STATUS#${id}`,
  conversation: (phoneArn: string, customer: string) => `CONV#${phoneArn}#${customer}`,
  /** Partition of gsi-inbox: every conversation of one business phone number. */
  inbox: (phoneArn: string) => `INBOX#${phoneArn}`,
  accountsCache: () => 'CONFIG#LINKED_ACCOUNTS',
  /** refresh_infra / refresh_media_types keep their latest answer here (`infra`, `media-types`). */
  configSnapshot: (name: 'infra' | 'media-types') => `CONFIG#${name.toUpperCase().replace('-', '_')}`,
  apiKey: (keyHash: string) => `APIKEY#${keyHash}`,
  webhookEvent: (wabaId: string, timestamp: string, field: string, digest: string) =>
    `WEBHOOK_EVENT#${wabaId}#${timestamp}#${field}#${digest}`,
  mediaUpload: (mediaId: string) => `MEDIA_UPLOAD#${mediaId}`,
  mediaDownload: (mediaId: string) => `MEDIA_DOWNLOAD#${mediaId}`,
  mediaUploadJob: (jobId: string) => `MEDIA_UPLOAD_JOB#${jobId}`,
  /** The seed's `TEMPLATES#{wabaAwsId}`: the WABA's template list as EUM Social last listed it. */
  templateList: (wabaAwsId: string) => `TEMPLATES#${wabaAwsId}`,
  /** A message template's definition (from EUM) and state (from webhooks: status, quality, category, components). */
  templateDefinition: (wabaMetaId: string, name: string, language: string) => `TEMPLATE#${wabaMetaId}#${name}#${language}`,
  /** A business phone number's messaging limit and quality events; keyed by EUM's phone-number-id-…. */
  quality: (phoneNumberId: string) => `QUALITY#${phoneNumberId}`,
  call: (callId: string) => `CALL#${callId}`,
  /** The seed's CTWA_EVENT#{wabaMetaId}#{timestamp}, plus the wamid so two clicks in one second stay apart. */
  ctwaEvent: (wabaMetaId: string, timestamp: string, wamid: string) => `CTWA_EVENT#${wabaMetaId}#${timestamp}#${wamid}`,
  /** A customer's messaging preferences (marketing stop/resume) towards one business phone number. */
  userPreference: (phoneArn: string, customer: string) => `USER_PREF#${phoneArn}#${customer}`,
  /**
   * The seed's PROFILE#{wabaMetaId}, plus Meta's phone number id: WhatsApp keeps one profile per business number,
   * and a WABA may have several.
   */
  businessProfile: (wabaMetaId: string, metaPhoneNumberId: string) => `PROFILE#${wabaMetaId}#${metaPhoneNumberId}`,
  /** The seed's CALL_SETTINGS#{wabaMetaId}, per business number for the same reason. */
  callSettings: (wabaMetaId: string, metaPhoneNumberId: string) => `CALL_SETTINGS#${wabaMetaId}#${metaPhoneNumberId}`,
  /** A WhatsApp group; also the gsi-conversation partition of its messages. */
  group: (groupId: string) => `GROUP#${groupId}`,
  /** A create_group request until Meta's group_create webhook names the group. */
  groupRequest: (requestId: string) => `GROUP_REQUEST#${requestId}`,
  /** The seed's GROUP_MSG#{groupId}#{timestamp}, plus the message id so two messages in one second stay apart. */
  groupMessage: (groupId: string, timestamp: string, messageId: string) => `GROUP_MSG#${groupId}#${timestamp}#${messageId}`,
  groupParticipant: (groupId: string, waId: string) => `GROUP_PARTICIPANT#${groupId}#${waId}`,
  /**
   * A send's idempotency record (Powertools idempotency, shared/table/idempotency.ts): `IDEMPOTENCY#<hash>`, the
   * hash of the caller's scope (API key id) and idempotencyKey. Powertools joins the prefix and the hash itself.
   */
  idempotency: (hash: string) => `${IDEMPOTENCY_PREFIX}#${hash}`,
  /** A completed Flow: keyed by the wamid of the customer's nfm_reply, so a redelivery finds the same item. */
  flowResponse: (wamid: string) => `FLOW_RESPONSE#${wamid}`,
} as const;

/**
 * GSI partitions that are not items: FLOW_RESPONSE items list per Flow on gsi-conversation (or, until their Flow is
 * known, on its one "unplaced" partition) and per customer (of one business number) on gsi-inbox. Their values cannot
 * meet a conversation's (`CONV#…`) or an inbox's (`INBOX#…`).
 */
export const partitions = {
  flowResponsesOfFlow: (flowId: string) => `FLOW#${flowId}`,
  flowResponsesUnplaced: 'FLOW_RESPONSES_UNPLACED',
  flowResponsesOfCustomer: (phoneArn: string, customer: string) => `FLOW_RESPONSES#${phoneArn}#${customer}`,
} as const;

/** GSI names and their key attributes, as created by resources/table.yml. */
export const Index = {
  inbox: { name: 'gsi-inbox', pk: 'inboxPk', sk: 'receivedAt' },
  conversation: { name: 'gsi-conversation', pk: 'conversationPk', sk: 'receivedAt' },
  direction: { name: 'gsi-direction', pk: 'direction', sk: 'receivedAt' },
  from: { name: 'gsi-from', pk: 'from', sk: 'receivedAt' },
  itemType: { name: 'gsi-itemType', pk: 'itemType', sk: 'createdAt' },
} as const;

/** Customer ids in keys are wa_id digits (no +, spaces or dashes) or a business-scoped user id as given. */
export function customerKey(to: string): string {
  const trimmed = to.trim();
  if (/^\+?[\d\s().-]+$/.test(trimmed)) return trimmed.replace(/\D/g, '');
  return trimmed;
}

/** The parts of a conversation key (`CONV#<phone ARN>#<customer>`); neither part can contain '#'. */
export function parseConversationKey(pk: string): { phoneArn: string; customer: string } | undefined {
  const match = /^CONV#([^#]+)#([^#]+)$/.exec(pk);
  return match ? { phoneArn: match[1]!, customer: match[2]! } : undefined;
}
