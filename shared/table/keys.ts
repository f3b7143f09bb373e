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
} as const;
export type ItemType = (typeof ItemType)[keyof typeof ItemType];

export const Direction = { Inbound: 'INBOUND', Outbound: 'OUTBOUND' } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

export const keys = {
  /** Inbound messages are keyed by Meta's wamid; outbound ones by EUM's message id (the wamid comes later). */
  message: (messageId: string) => `MSG#${messageId}`,
  /** Points Meta's wamid at the item of an outbound message stored under EUM's id. */
  messageAlias: (wamid: string) => `WAMID#${wamid}`,
  /** A status that arrived before anything could tell which message it belongs to. */
  pendingStatus: (wamid: string) => `PENDING_STATUS#${wamid}`,
  conversation: (phoneArn: string, customer: string) => `CONV#${phoneArn}#${customer}`,
  /** Partition of gsi-inbox: every conversation of one business phone number. */
  inbox: (phoneArn: string) => `INBOX#${phoneArn}`,
  accountsCache: () => 'CONFIG#LINKED_ACCOUNTS',
  apiKey: (keyHash: string) => `APIKEY#${keyHash}`,
  webhookEvent: (wabaId: string, timestamp: string, field: string, digest: string) =>
    `WEBHOOK_EVENT#${wabaId}#${timestamp}#${field}#${digest}`,
  mediaUpload: (mediaId: string) => `MEDIA_UPLOAD#${mediaId}`,
  mediaDownload: (mediaId: string) => `MEDIA_DOWNLOAD#${mediaId}`,
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
