import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

/** What the ingest bench sent: each inbound message (by customer) and each outbound message whose statuses it sent. */
export interface IngestSent {
  inbound: { wamid: string; customer: string }[];
  outbound: { eumMessageId: string; finalStatus: string }[];
}

/** The wamid and sender of one SNS message body built by the bench (one inbound message). */
export function inboundOf(body: string): { wamid: string; customer: string } {
  const entry = JSON.parse(JSON.parse(body).whatsAppWebhookEntry as string) as { changes: { value: { messages: { id: string; from: string }[] } }[] };
  const m = entry.changes[0]!.value.messages[0]!;
  return { wamid: m.id, customer: m.from };
}

/**
 * Reads the whole table back and lists what is wrong: every inbound message stored exactly once, each conversation's
 * unread count exactly its customer's messages (duplicates delivered too: none counted twice), and every outbound
 * message at its final status. Empty when all holds.
 */
export async function checkIngestResults(doc: DynamoDBDocumentClient, tableName: string, sent: IngestSent): Promise<string[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const errors: string[] = [];
  const stored = new Map<string, number>();
  const unread = new Map<string, number>();
  const status = new Map<string, unknown>();
  // The floor's copies (FLOOR_MSG#…, FLOOR_CONV#…) share the table; only ingest's own keys are checked.
  for (const item of items.filter((i) => /^(MSG|CONV)#/.test(i.pk as string))) {
    if (item.itemType === 'MESSAGE' && item.direction === 'INBOUND') stored.set(item.messageId as string, (stored.get(item.messageId as string) ?? 0) + 1);
    if (item.itemType === 'MESSAGE' && item.direction === 'OUTBOUND') status.set(item.messageId as string, item.status);
    if (item.itemType === 'CONVERSATION' && typeof item.customer === 'string') unread.set(item.customer, Number(item.unreadCount ?? 0));
  }
  const expectedUnread = new Map<string, number>();
  let missing = 0;
  for (const m of sent.inbound) {
    if (stored.get(m.wamid) !== 1) missing++;
    expectedUnread.set(m.customer, (expectedUnread.get(m.customer) ?? 0) + 1);
  }
  if (missing) errors.push(`${missing} of ${sent.inbound.length} inbound messages not stored exactly once`);
  if (stored.size !== sent.inbound.length) errors.push(`${stored.size} inbound messages stored, ${sent.inbound.length} sent`);
  const wrongCounts = [...expectedUnread].filter(([customer, n]) => unread.get(customer) !== n);
  if (wrongCounts.length) {
    const [customer, n] = wrongCounts[0]!;
    errors.push(`${wrongCounts.length} conversations with a wrong unread count (e.g. ${customer}: ${unread.get(customer)}, expected ${n})`);
  }
  const wrongStatus = sent.outbound.filter((o) => status.get(o.eumMessageId) !== o.finalStatus);
  if (wrongStatus.length) errors.push(`${wrongStatus.length} of ${sent.outbound.length} outbound messages not at their final status`);
  return errors;
}
