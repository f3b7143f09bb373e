import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEventRecord } from 'aws-lambda';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';
import { ItemType, keys } from '../table/keys';
import { applyStatus, recordInbound, type PhoneRef, type StatusOutcome } from '../table/messages';
import { isoFromUnixSeconds, nowIso } from '../time';
import { EumEnvelope, MessagesValue, type MetaEntry } from './envelope';
import { previewOf } from './summary';

export interface RecordOutcome {
  inbound: number;
  duplicates: number;
  statuses: Partial<Record<StatusOutcome, number>>;
  otherEvents: number;
}

/** A record that can never succeed as it is (bad JSON, wrong shape): replaying it unchanged will not help. */
export class PoisonRecordError extends Error {
  override name = 'PoisonRecordError';
}

function phoneOf(env: EumEnvelope, metaPhoneNumberId: string | undefined, displayNumber: string | undefined): PhoneRef {
  const phones = env.context?.MetaPhoneNumberIds ?? [];
  const match = phones.find((p) => p.metaPhoneNumberId === metaPhoneNumberId) ?? phones[0];
  if (!match) throw new PoisonRecordError('envelope has no context.MetaPhoneNumberIds: cannot tell which business number it is for');
  const arn = match.arn;
  return {
    arn,
    // arn:…:phone-number-id/<hex> → phone-number-id-<hex>, the id EUM's API takes.
    phoneNumberId: arn.split(':').pop()?.replace('/', '-'),
    metaPhoneNumberId: match.metaPhoneNumberId,
    displayPhoneNumber: displayNumber,
    wabaId: env.context?.MetaWabaIds?.[0]?.wabaId,
  };
}

async function handleMessagesChange(env: EumEnvelope, value: unknown, snsMessageId: string, out: RecordOutcome) {
  const parsed = MessagesValue.safeParse(value);
  if (!parsed.success) throw new PoisonRecordError(`messages change has an unexpected shape: ${parsed.error.message}`);
  const v = parsed.data;
  const phone = phoneOf(env, v.metadata?.phone_number_id, v.metadata?.display_phone_number);

  for (const m of v.messages ?? []) {
    const customer = m.from ?? m.from_user_id;
    if (!customer) throw new PoisonRecordError(`message ${m.id} has neither from nor from_user_id`);
    const contact = v.contacts?.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ?? v.contacts?.[0];
    const { id: _id, from: _from, timestamp: _ts, ...rest } = m;
    const stored = await recordInbound({
      wamid: m.id,
      phone,
      customer,
      contactName: contact?.profile?.name,
      receivedAt: isoFromUnixSeconds(m.timestamp),
      type: m.type,
      preview: previewOf(m),
      attributes: {
        payload: m,
        ...(m.type === 'text' ? { text: (rest as { text?: { body?: string } }).text?.body } : {}),
        ...(m.from_user_id ? { fromUserId: m.from_user_id } : {}),
        ...(contact?.wa_id && contact.wa_id !== customer ? { waId: contact.wa_id } : {}),
      },
      snsMessageId,
    });
    if (stored) out.inbound++;
    else out.duplicates++;
  }

  for (const s of v.statuses ?? []) {
    const outcome = await applyStatus({
      wamid: s.id,
      status: s.status,
      at: isoFromUnixSeconds(s.timestamp),
      eumMessageId: env.messageId,
      recipientId: s.recipient_id ?? s.recipient_user_id,
      errors: s.errors,
      pricing: s.pricing,
      conversation: s.conversation,
    });
    out.statuses[outcome] = (out.statuses[outcome] ?? 0) + 1;
  }
}

/** Fields this version does not model yet are kept whole, findable by type, never dropped. */
async function storeWebhookEvent(entry: MetaEntry, field: string, value: unknown, env: EumEnvelope) {
  const body = JSON.stringify(value);
  const digest = createHash('sha256').update(`${field}\n${body}`).digest('hex').slice(0, 16);
  const at = env.message_timestamp ?? nowIso();
  await dynamo().send(
    new PutCommand({
      TableName: getConfig().TABLE_NAME,
      Item: {
        pk: keys.webhookEvent(entry.id, at, field, digest),
        itemType: ItemType.WebhookEvent,
        wabaId: entry.id,
        field,
        value,
        receivedAt: at,
        createdAt: nowIso(),
      },
    }),
  );
}

/** Processes one SNS record: every change, message and status in its entry. Idempotent, so safe to replay. */
export async function processRecord(record: Pick<SNSEventRecord, 'Sns'>): Promise<RecordOutcome> {
  let raw: unknown;
  try {
    raw = JSON.parse(record.Sns.Message);
  } catch (err) {
    throw new PoisonRecordError(`SNS Message is not JSON: ${(err as Error).message}`);
  }
  const parsed = EumEnvelope.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new PoisonRecordError(`not an EUM Social envelope: ${why}`);
  }
  const env = parsed.data;
  const entry = env.whatsAppWebhookEntry;
  const out: RecordOutcome = { inbound: 0, duplicates: 0, statuses: {}, otherEvents: 0 };
  for (const change of entry.changes) {
    if (change.field === 'messages') {
      await handleMessagesChange(env, change.value, record.Sns.MessageId, out);
    } else {
      await storeWebhookEvent(entry, change.field, change.value, env);
      out.otherEvents++;
    }
  }
  return out;
}
