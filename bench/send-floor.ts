import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendWhatsAppMessageCommand, type SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { DEMO_PHONE } from '../local/standins/eum/demo-account';
import { pool } from './ingest-bundle';

/**
 * The floor of a send_text (bench/send-path.ts): what the handler does on the wire, made directly with plain SDK
 * clients and nothing around them: the window read (consistent, windowExpiresAt only), EUM's SendWhatsAppMessage,
 * and the transaction that stores the message beside its conversation with the check that no status waits.
 */
export interface FloorDeps {
  doc: DynamoDBDocumentClient;
  eum: SocialMessagingClient;
  tableName: string;
  customers: string[];
  /** A message item the handler stored: the floor stores one of the same shape and size. */
  sample: Record<string, unknown>;
}

const conversationOf = (customer: string) => `CONV#${DEMO_PHONE.arn}#${customer}`;

/** Each floor conversation starts as a copy of the customer's (the same item, so the same sizes and GSI upkeep). */
export async function prepareFloor(d: FloorDeps): Promise<(i: number) => Promise<void>> {
  const n = d.customers.length;
  const floorConv = (i: number) => `FLOOR_CONV#${i % n}`;
  await pool(n, 4, async (i) => {
    const { Item } = await d.doc.send(new GetCommand({ TableName: d.tableName, Key: { pk: conversationOf(d.customers[i]!) } }));
    await d.doc.send(new PutCommand({ TableName: d.tableName, Item: { ...Item, pk: floorConv(i) } }));
  });
  return async (i) => {
    const customer = d.customers[i % n]!;
    await d.doc.send(new GetCommand({ TableName: d.tableName, Key: { pk: conversationOf(customer) }, ConsistentRead: true, ProjectionExpression: 'windowExpiresAt' }));
    const message = { messaging_product: 'whatsapp', recipient_type: 'individual', to: customer, type: 'text', text: { body: `floor ${i}` } };
    const out = await d.eum.send(
      new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: new TextEncoder().encode(JSON.stringify(message)), metaApiVersion: 'v23.0' }),
    );
    const now = new Date().toISOString();
    const item = { ...d.sample, pk: `FLOOR_MSG#${out.messageId}`, messageId: out.messageId, eumMessageId: out.messageId, conversationPk: floorConv(i), to: customer, payload: message, preview: `floor ${i}`, acceptedAt: now, receivedAt: now, createdAt: now };
    await d.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: d.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Update: {
              TableName: d.tableName,
              Key: { pk: floorConv(i) },
              UpdateExpression:
                'SET itemType = :t, inboxPk = :inbox, phoneArn = :arn, customer = :c, createdAt = if_not_exists(createdAt, :now), updatedAt = :now, phoneNumberId = :pid, wabaId = :waba, lastMessage = :p, lastMessageType = :type, lastMessageDirection = :dir, lastMessageId = :mid, lastMessageAt = :now, receivedAt = :now, lastOutboundAt = :now',
              ExpressionAttributeValues: { ':t': 'CONVERSATION', ':inbox': 'FLOOR_INBOX', ':arn': DEMO_PHONE.arn, ':c': customer, ':now': now, ':pid': DEMO_PHONE.phoneNumberId, ':waba': d.sample.wabaId, ':p': `floor ${i}`, ':type': 'text', ':dir': 'OUTBOUND', ':mid': out.messageId },
            },
          },
          { ConditionCheck: { TableName: d.tableName, Key: { pk: `PENDING_STATUS#${out.messageId}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  };
}
