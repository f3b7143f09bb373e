import { PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import {
  buildEnvelope,
  inboundMediaValue,
  inboundTextValue,
  newWamid,
  statusValue,
} from '../../local/standins/eum/envelope';
import {
  callStatusValue,
  ctwaReferral,
  inboundAnyValue,
  inboundEditValue,
  inboundReactionValue,
  inboundRevokeValue,
  phoneQualityValue,
  templateStatusValue,
  userPreferencesValue,
} from '../../local/standins/eum/webhook-values';
import type { EumStandin } from '../../local/standins/eum/server';
import { resetConfigForTests } from '../../shared/config';
import { recordOutbound } from '../../shared/table/messages';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import {
  CALL_ID,
  CUSTOMER,
  WAMID,
  at,
  fixedWamid,
  fixtureMediaBytes,
  fixtureMediaId,
  loadFixtures,
  mediaOf,
  sha256Base64,
} from '../fixtures/sns-fixtures';
import { startEumForTest } from './helpers/eum';
import { TINY_PNG, getObject } from './helpers/s3';
import { allItems, getItem, itemsOfType, getConversationView } from './helpers/table';

let eum: EumStandin;
let ingest: Invoke;
let conversations: Invoke;
const sqs = new SQSClient({});
const fixtures = loadFixtures();

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
  // "The customers sent" the fixtures' media: the stand-in holds it under the ids the webhooks name.
  for (const f of fixtures) for (const m of mediaOf(f.event)) eum.seedMedia({ bytes: fixtureMediaBytes(m.mediaId), mimeType: m.mimeType, mediaId: m.mediaId });
});
afterAll(async () => {
  await eum.close();
  sqs.destroy();
});
beforeEach(async () => {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: process.env.INGEST_DLQ_URL }));
});

const iso = (n: number) => at(n).toISOString();
const conv = (customer: string) => `CONV#${DEMO_PHONE.arn}#${customer}`;
const msg = (wamid: string) => getItem(`MSG#${wamid}`);
const send = (value: unknown, field = 'messages', extra: { messageId?: string; timestamp?: Date } = {}) =>
  ingest(snsEvent(snsRecord(JSON.stringify(buildEnvelope({ field, value, ...extra })))), lambdaContext);

async function deadLetters() {
  const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.INGEST_DLQ_URL, MaxNumberOfMessages: 10 }));
  return out.Messages ?? [];
}

const sortedSnapshot = async () => (await allItems()).sort((a, b) => String(a.pk).localeCompare(String(b.pk)));

let fixturesIngested: Promise<void> | undefined;
/** Every fixture once, in order, each record succeeding. */
function ingestFixtures(): Promise<void> {
  fixturesIngested ??= (async () => {
    for (const f of fixtures) {
      const res = await ingest(f.event, lambdaContext);
      expect(res, f.name).toMatchObject({ records: 1, failed: 0 });
    }
  })();
  return fixturesIngested;
}

describe('ingest fixtures: one per webhook event type', () => {
  it('covers every event type the issue lists', () => {
    const names = fixtures.map((f) => f.name.replace(/^\d+-/, ''));
    for (const t of ['text', 'image', 'video', 'audio-voice', 'document', 'sticker', 'location', 'contacts', 'interactive-button-reply', 'interactive-list-reply',
      'interactive-nfm-reply', 'interactive-call-permission-reply', 'button', 'reaction', 'reaction-removed', 'order', 'system-user-changed-number', 'unsupported',
      'edit', 'revoke', 'request-welcome', 'referral-ctwa', 'bsuid-only-sender', 'template-status-update', 'template-quality-update', 'template-category-update-impending',
      'template-components-update', 'phone-number-quality-update', 'phone-number-name-update', 'account-update', 'account-review-update', 'account-alerts',
      'business-capability-update', 'security', 'calls-connect', 'calls-terminate', 'calls-status-ringing', 'user-preferences-stop', 'unknown-field', 'extra-unknown-fields']) {
      expect(names).toContain(t);
    }
    for (const f of fixtures) {
      const r = f.event.Records[0]!;
      expect(r).toMatchObject({ EventSource: 'aws:sns', Sns: { Type: 'Notification', Subject: null, MessageAttributes: {} } });
      const envelope = JSON.parse(r.Sns.Message);
      expect(typeof envelope.whatsAppWebhookEntry).toBe('string');
      expect(envelope.context.MetaWabaIds[0].wabaId).toBe(DEMO_WABA.wabaId);
      expect(envelope.context.MetaPhoneNumberIds[0]).toEqual({ metaPhoneNumberId: DEMO_PHONE.metaPhoneNumberId, arn: DEMO_PHONE.arn });
    }
  });

  it('stores every fixture as the right items', async () => {
    await ingestFixtures();
    const ana = (n: number) => msg(fixedWamid(CUSTOMER.ana, n));

    // Text, edited by 22-edit; its reaction was removed by 18-reaction-removed.
    const text = await msg(WAMID.text);
    expect(text).toMatchObject({
      direction: 'INBOUND', type: 'text', from: CUSTOMER.ana, contactName: 'Ana Souza', conversationPk: conv(CUSTOMER.ana),
      text: 'Hi, do you ship to Porto?', preview: 'Hi, do you ship to Porto?', originalPreview: 'Hi, do you ship to Lisbon?',
      edited: true, editedAt: iso(22), payload: { text: { body: 'Hi, do you ship to Lisbon?' } }, customerReactionAt: iso(18),
    });
    expect(text).not.toHaveProperty('customerReaction');
    expect(await msg(WAMID.reply)).toMatchObject({ replyTo: WAMID.ourOutbound, replyToFrom: '15550100000', customerReaction: '👍' });
    expect(await msg(WAMID.forwarded)).toMatchObject({ forwarded: true, revoked: true, revokedAt: iso(23), text: 'Look at this deal' });
    expect(await ana(4)).toMatchObject({ referredProduct: { catalogId: '194836987003835', productRetailerId: 'SKU-TSHIRT-M' } });

    // Media, copied to S3 at ingest.
    const prefix = `inbound/${DEMO_PHONE.phoneNumberId}/`;
    const media = [
      [5, 'image', 'jpeg', 'The damaged box'],
      [6, 'video', 'mp4', 'Unboxing'],
      [7, 'audio', 'ogg', '[voice note]'],
      [8, 'document', 'pdf', 'My invoice'],
      [9, 'sticker', 'webp', '[animated sticker]'],
    ] as const;
    for (const [n, type, ext, preview] of media) {
      const id = fixtureMediaId(n);
      const m = await ana(n);
      expect(m, type).toMatchObject({ type, preview, mediaId: id, mediaS3Key: `${prefix}${id}.${ext}`, mediaDownloadPk: `MEDIA_DOWNLOAD#${id}` });
      expect(await getItem(`MEDIA_DOWNLOAD#${id}`)).toMatchObject({
        itemType: 'MEDIA_DOWNLOAD', s3Key: `${prefix}${id}.${ext}`, wamid: fixedWamid(CUSTOMER.ana, n), sha256: sha256Base64(fixtureMediaBytes(id)),
        size: fixtureMediaBytes(id).length, source: 'inbound',
      });
      expect((await getObject(`${prefix}${id}.${ext}`)).bytes.equals(fixtureMediaBytes(id))).toBe(true);
    }
    expect(await ana(7)).toMatchObject({ voice: true, mimeType: 'audio/ogg; codecs=opus' });
    expect(await ana(8)).toMatchObject({ filename: 'invoice-0042.pdf', caption: 'My invoice' });
    expect(await ana(9)).toMatchObject({ animated: true });

    expect(await ana(10)).toMatchObject({ preview: 'location: Praça do Comércio, 1100-148 Lisboa, Portugal', location: { latitude: 38.7223, longitude: -9.1393 } });
    expect(await ana(11)).toMatchObject({ preview: 'contact: Rita Marques (+1 555-123-0099)', sharedContacts: [{ name: 'Rita Marques', waIds: ['15551230099'], company: 'Marques Lda' }] });
    expect(await ana(12)).toMatchObject({ interactiveType: 'button_reply', replyId: 'confirm-yes', replyTitle: 'Yes, confirm', preview: 'Yes, confirm' });
    expect(await ana(13)).toMatchObject({ interactiveType: 'list_reply', replyId: 'slot-10', replyDescription: 'Lisbon store' });
    expect(await ana(14)).toMatchObject({
      interactiveType: 'nfm_reply', flowName: 'flow', flowToken: 'FLOW-TOKEN-42',
      flowResponse: { appointment_type: 'consultation', date: '2026-03-10', party_size: 2 },
      preview: 'flow reply: appointment_type=consultation, date=2026-03-10, party_size=2',
    });
    const permission = await ana(15);
    expect(permission).toMatchObject({ callPermission: { response: 'accept', isPermanent: false, source: 'user_action' } });
    expect(permission!.preview).toMatch(/^call permission: accepted until 2026-03-09T/);
    expect(await ana(16)).toMatchObject({ type: 'button', buttonPayload: 'STOP_PROMOTIONS', buttonText: 'Stop promotions', preview: 'Stop promotions' });
    expect(await ana(17)).toMatchObject({ type: 'reaction', reactionTo: WAMID.reply, emoji: '👍', preview: 'reacted 👍' });
    expect(await ana(18)).toMatchObject({ type: 'reaction', reactionTo: WAMID.text, preview: 'removed a reaction' });
    expect(await ana(19)).toMatchObject({
      preview: 'order: 3 items, 2 × SKU-TSHIRT-M, 1 × SKU-MUG · total 33.99 USD',
      order: { catalogId: '194836987003835', itemCount: 3, totals: { USD: 33.99 }, text: 'Please deliver after 6pm' },
    });
    expect(await msg(fixedWamid(CUSTOMER.carla, 20))).toMatchObject({ type: 'system', systemType: 'user_changed_number', newWaId: '15551239999', preview: expect.stringContaining('changed their phone number') });
    expect(await ana(21)).toMatchObject({ type: 'unsupported', unsupportedType: 'poll_creation', errors: [{ code: 131051 }], preview: '[unsupported poll_creation message]' });
    // An edit or revoke of a stored message changes the original and adds no message of its own.
    expect(await ana(22)).toBeUndefined();
    expect(await ana(23)).toBeUndefined();
    expect(await msg(fixedWamid(CUSTOMER.dario, 24))).toMatchObject({ type: 'request_welcome', preview: '[opened the chat]' });

    const referral = await msg(fixedWamid(CUSTOMER.eva, 25));
    const clid = ctwaReferral().ctwa_clid;
    expect(referral).toMatchObject({ ctwaClid: clid, referral: { ctwaClid: clid, sourceType: 'ad', sourceId: '120212345678900123', headline: 'Chat with us', mediaType: 'image' } });
    expect(await getItem(`CTWA_EVENT#${DEMO_WABA.wabaId}#${iso(25)}#${fixedWamid(CUSTOMER.eva, 25)}`)).toMatchObject({
      itemType: 'CTWA_EVENT', ctwaClid: clid, sourceUrl: 'https://fb.me/3cr4Wqqkv', customer: CUSTOMER.eva, conversationPk: conv(CUSTOMER.eva), welcomeMessage: 'Hi! How can we help?',
    });

    const bsuid = await msg(fixedWamid('0', 26));
    expect(bsuid).toMatchObject({ from: CUSTOMER.bsuid, fromUserId: CUSTOMER.bsuid, conversationPk: conv(CUSTOMER.bsuid) });
    expect(bsuid).not.toHaveProperty('contactName');
    expect(await getItem(conv(CUSTOMER.bsuid))).toMatchObject({ customer: CUSTOMER.bsuid });

    const events = await itemsOfType('WEBHOOK_EVENT');
    const event = (field: string) => events.filter((e) => e.field === field);
    expect(event('messages')[0]).toMatchObject({ summary: expect.stringContaining('130429') });
    expect(await itemsOfType('PENDING_STATUS')).toHaveLength(1);

    const tpl = await getItem(`TEMPLATE#${DEMO_WABA.wabaId}#order_update#en_US`);
    expect(tpl).toMatchObject({
      itemType: 'TEMPLATE_DEFINITION', wabaMetaId: DEMO_WABA.wabaId, templateName: 'order_update', language: 'en_US', metaTemplateId: '1689556908129832',
      status: 'APPROVED', statusAt: iso(30), qualityScore: 'YELLOW', previousQualityScore: 'GREEN', category: 'MARKETING', previousCategory: 'UTILITY',
      components: { body: 'Your order {{1}} has shipped and arrives on {{2}}.', footer: 'Reply STOP to opt out' },
    });
    expect(tpl).not.toHaveProperty('pendingCategory');
    expect((tpl!.history as unknown[]).map((h: any) => h.field)).toEqual([
      'message_template_status_update', 'message_template_quality_update', 'template_category_update', 'template_category_update', 'message_template_components_update',
    ]);

    expect(await getItem(`QUALITY#${DEMO_PHONE.phoneNumberId}`)).toMatchObject({
      itemType: 'QUALITY', phoneArn: DEMO_PHONE.arn, event: 'THROUGHPUT_UPGRADE', currentLimit: 'TIER_10K', maxDailyConversationsPerBusiness: 'TIER_10K', updatedAt: iso(35),
    });
    expect(event('phone_number_name_update')[0]).toMatchObject({ summary: 'display name "Demo Business" for 15550100000: APPROVED', eventType: 'APPROVED' });
    expect(event('account_update')[0]).toMatchObject({ summary: 'account: ACCOUNT_VIOLATION (violation SCAM)', eventType: 'ACCOUNT_VIOLATION' });
    expect(event('account_review_update')[0]).toMatchObject({ summary: 'account review: APPROVED' });
    expect(event('account_alerts')[0]).toMatchObject({ severity: 'WARNING', summary: expect.stringContaining('eligible for higher messaging limits') });
    expect(event('business_capability_update')[0]).toMatchObject({ summary: expect.stringContaining('max_daily_conversations_per_business=10000') });
    expect(event('security')[0]).toMatchObject({ summary: 'security: PIN_CHANGED on 15550100000 by 2537849573' });
    expect(event('payment_configuration_update')[0]).toMatchObject({ value: { provider_name: 'razorpay' }, summary: expect.stringContaining('not modelled') });

    const call = await getItem(`CALL#${CALL_ID.userInitiated}`);
    expect(call).toMatchObject({
      itemType: 'CALL', direction: 'USER_INITIATED', from: CUSTOMER.ana, customer: CUSTOMER.ana, status: 'COMPLETED', connectedAt: iso(42), endedAt: iso(43), durationSeconds: 55,
    });
    expect(JSON.stringify(call!.history)).not.toContain('v=0'); // no SDP kept
    expect(await getItem(`CALL#${CALL_ID.businessInitiated}`)).toMatchObject({
      direction: 'BUSINESS_INITIATED', customer: CUSTOMER.bruno, status: 'ACCEPTED', ringingAt: iso(44), acceptedAt: iso(45),
    });

    expect(await getItem(`USER_PREF#${DEMO_PHONE.arn}#${CUSTOMER.ana}`)).toMatchObject({ itemType: 'USER_PREFERENCE', marketingOptOut: true, updatedAt: iso(46) });
    expect(await getItem(conv(CUSTOMER.ana))).toMatchObject({ marketingOptOut: true, marketingOptOutAt: iso(46) });

    expect(await msg(fixedWamid(CUSTOMER.fabio, 48))).toMatchObject({
      text: 'Fields Meta added later must not break anything', contactUsername: '@fabio', payload: { future_field: { nested: [1, 2, { deep: 'yes' }] } },
    });
    expect(await deadLetters()).toHaveLength(0);
  });

  it('redelivering every fixture, in order and in reverse, leaves the table exactly as it was', async () => {
    await ingestFixtures();
    const before = await sortedSnapshot();
    for (const f of fixtures) expect(await ingest(f.event, lambdaContext), f.name).toMatchObject({ failed: 0 });
    for (const f of [...fixtures].reverse()) expect(await ingest(f.event, lambdaContext), f.name).toMatchObject({ failed: 0 });
    expect(await sortedSnapshot()).toEqual(before);
  });
});

describe('ingest: inbound media', () => {
  it('copies the media to S3, records MEDIA_DOWNLOAD, and get_messages links to it', async () => {
    const seeded = eum.seedMedia({ bytes: TINY_PNG, mimeType: 'image/png' });
    const value = inboundMediaValue({ from: '15558880001', name: 'Pia', kind: 'image', mediaId: seeded.mediaId, mimeType: 'image/png', sha256: seeded.sha256, caption: 'receipt' });
    const wamid = value.messages![0]!.id;
    const res = await send(value);
    expect(res.results[0]).toMatchObject({ ok: true, inbound: 1, effects: { mediaSaved: 1 } });

    const key = `inbound/${DEMO_PHONE.phoneNumberId}/${seeded.mediaId}.png`;
    expect(await msg(wamid)).toMatchObject({ mediaS3Key: key, mediaDownloadPk: `MEDIA_DOWNLOAD#${seeded.mediaId}`, mediaMimeType: 'image/png', mediaSize: TINY_PNG.length });
    const download = await getItem(`MEDIA_DOWNLOAD#${seeded.mediaId}`);
    expect(download).toMatchObject({ s3Key: key, mimeType: 'image/png', size: TINY_PNG.length, sha256: seeded.sha256, wamid, phoneNumberId: DEMO_PHONE.phoneNumberId });
    expect((await getObject(key)).bytes.equals(TINY_PNG)).toBe(true);

    const page = await conversations({ action: 'get_messages', customer: '+15558880001' }, lambdaContext);
    const listed = page.messages.find((m: any) => m.messageId === wamid);
    expect(listed.mediaUrl).toMatch(/^http/);
    const fetched = await fetch(listed.mediaUrl);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(TINY_PNG)).toBe(true);

    // A redelivery does not download again.
    await send(value);
    expect(await getItem(`MEDIA_DOWNLOAD#${seeded.mediaId}`)).toEqual(download);
  });

  it('a failed download is recorded on the stored message, not lost and not dead-lettered', async () => {
    const value = inboundMediaValue({ from: '15558880002', kind: 'document', mediaId: '777000111222333', mimeType: 'application/pdf', filename: 'gone.pdf' });
    const res = await send(value);
    expect(res).toMatchObject({ failed: 0 });
    expect(res.results[0]).toMatchObject({ inbound: 1, effects: { mediaError: 1 } });
    const stored = await msg(value.messages![0]!.id);
    expect(stored).toMatchObject({ type: 'document', filename: 'gone.pdf', mediaError: { name: 'ResourceNotFoundException', retryable: false } });
    expect(stored).not.toHaveProperty('mediaS3Key');
    expect(await deadLetters()).toHaveLength(0);
  });
});

describe('ingest: reactions, edits and deletions', () => {
  it('a reaction sets and then removes customerReaction on an inbound message; an older one arriving late changes nothing', async () => {
    const target = newWamid();
    await send(inboundTextValue({ from: '15558880010', text: 'original', wamid: target, timestamp: new Date(Date.now() - 60_000) }));
    const heart = inboundReactionValue({ from: '15558880010', messageId: target, emoji: '❤️', timestamp: new Date(Date.now() - 30_000) });
    await send(heart);
    expect(await msg(target)).toMatchObject({ customerReaction: '❤️' });
    await send(inboundReactionValue({ from: '15558880010', messageId: target, timestamp: new Date() }));
    expect(await msg(target)).not.toHaveProperty('customerReaction');
    await send(heart); // redelivered late
    expect(await msg(target)).not.toHaveProperty('customerReaction');
  });

  it('a reaction to one of our sends finds it through its wamid', async () => {
    const eumId = '0f0f0f0f-aaaa-bbbb-cccc-000000000001';
    const wamid = newWamid('15558880011');
    await recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn, phoneNumberId: DEMO_PHONE.phoneNumberId }, customer: '15558880011', type: 'text', preview: 'our offer', payload: {} });
    await send(statusValue({ wamid, status: 'delivered', recipientId: '15558880011' }), 'messages', { messageId: eumId });
    await send(inboundReactionValue({ from: '15558880011', messageId: wamid, emoji: '👍' }));
    expect(await getItem(`MSG#${eumId}`)).toMatchObject({ direction: 'OUTBOUND', customerReaction: '👍' });
  });

  it('edits update the original (newest wins); a revoke marks it and keeps it', async () => {
    const original = newWamid();
    await send(inboundTextValue({ from: '15558880012', text: 'see you at 5', wamid: original, timestamp: new Date(Date.now() - 120_000) }));
    const later = inboundEditValue({ from: '15558880012', originalMessageId: original, text: 'see you at 6', timestamp: new Date(Date.now() - 30_000) });
    const earlier = inboundEditValue({ from: '15558880012', originalMessageId: original, text: 'see you at 5:30', timestamp: new Date(Date.now() - 60_000) });
    expect((await send(later)).results[0]).toMatchObject({ effects: { edit: 1 } });
    expect((await send(earlier)).results[0]).toMatchObject({ effects: { editStale: 1 } });
    expect(await msg(original)).toMatchObject({ text: 'see you at 6', preview: 'see you at 6', edited: true, originalPreview: 'see you at 5', payload: { text: { body: 'see you at 5' } } });

    await send(inboundRevokeValue({ from: '15558880012', originalMessageId: original }));
    expect(await msg(original)).toMatchObject({ revoked: true, text: 'see you at 6', revokedAt: expect.any(String) });
  });

  it('an edit of a message never stored is kept as a message of its own', async () => {
    const unknown = newWamid();
    const edit = inboundEditValue({ from: '15558880013', originalMessageId: unknown, text: 'fixed typo' });
    await send(edit);
    expect(await msg(edit.messages![0]!.id)).toMatchObject({ type: 'text', text: 'fixed typo', preview: 'fixed typo', edited: true, editOf: unknown });
  });

  it('a revoke that arrives before its message leaves a placeholder, so the deleted message is never stored as new', async () => {
    const original = newWamid();
    const revoke = inboundRevokeValue({ from: '15558880014', originalMessageId: original });
    expect((await send(revoke)).results[0]).toMatchObject({ effects: { revokePlaceholder: 1 } });
    const res = await send(inboundTextValue({ from: '15558880014', text: 'oops, wrong chat', wamid: original, timestamp: new Date(Date.now() - 60_000) }));
    expect(res.results[0]).toMatchObject({ inbound: 0, duplicates: 1 });
    expect(await msg(original)).toMatchObject({ revoked: true, preview: '[deleted message]', type: 'revoke', conversationPk: conv('15558880014') });
    // The deleted message neither shows as the last message nor counts as unread.
    const conversation = await getConversationView(conv('15558880014'));
    expect(conversation?.lastMessage).not.toBe('oops, wrong chat');
    expect(conversation?.unreadCount ?? 0).toBe(0);
  });
});

describe('ingest: other webhook fields', () => {
  it('a Click-to-WhatsApp referral is kept on the message and as one CTWA_EVENT', async () => {
    const value = inboundAnyValue({ from: '15558880020', type: 'text', body: { body: 'from the ad' }, extra: { referral: ctwaReferral({ ctwa_clid: 'CLID-TEST-1' }) } });
    const body = JSON.stringify(buildEnvelope({ field: 'messages', value }));
    await ingest(snsEvent(snsRecord(body)), lambdaContext);
    await ingest(snsEvent(snsRecord(body)), lambdaContext); // the same event in a new SNS message
    const clicks = (await itemsOfType('CTWA_EVENT')).filter((e) => e.ctwaClid === 'CLID-TEST-1');
    expect(clicks).toHaveLength(1);
    expect(clicks[0]).toMatchObject({ messageId: value.messages![0]!.id, wabaMetaId: DEMO_WABA.wabaId, customer: '15558880020' });
    expect(await msg(value.messages![0]!.id)).toMatchObject({ ctwaClid: 'CLID-TEST-1', referral: { headline: 'Chat with us' } });
  });

  it('template status events update TEMPLATE_DEFINITION forward in time; an older one only joins the history', async () => {
    const name = 'welcome_offer';
    await send(templateStatusValue({ name, language: 'pt_BR', event: 'APPROVED' }), 'message_template_status_update', { timestamp: new Date(Date.now() - 1000) });
    await send(templateStatusValue({ name, language: 'pt_BR', event: 'PENDING' }), 'message_template_status_update', { timestamp: new Date(Date.now() - 5000) });
    const tpl = await getItem(`TEMPLATE#${DEMO_WABA.wabaId}#${name}#pt_BR`);
    expect(tpl).toMatchObject({ status: 'APPROVED' });
    expect((tpl!.history as any[]).map((h) => h.value.event)).toEqual(['APPROVED', 'PENDING']);
    // Missing name/language: cannot be keyed, so kept raw.
    await send({ event: 'APPROVED' }, 'message_template_status_update');
    expect((await itemsOfType('WEBHOOK_EVENT')).some((e) => e.field === 'message_template_status_update')).toBe(true);
  });

  it('phone quality only moves forward in time', async () => {
    await send(phoneQualityValue({ event: 'THROUGHPUT_UPGRADE', currentLimit: 'TIER_UNLIMITED' }), 'phone_number_quality_update', { timestamp: new Date(Date.UTC(2027, 0, 2)) });
    await send(phoneQualityValue({ event: 'ONBOARDING', currentLimit: 'TIER_250' }), 'phone_number_quality_update', { timestamp: new Date(Date.UTC(2027, 0, 1)) });
    expect(await getItem(`QUALITY#${DEMO_PHONE.phoneNumberId}`)).toMatchObject({ currentLimit: 'TIER_UNLIMITED', updatedAt: '2027-01-02T00:00:00.000Z' });
  });

  it('call statuses merge into one CALL record whatever order they arrive in', async () => {
    const callId = 'wacid.TEST-ORDER-1';
    const t = Date.now();
    await send(callStatusValue({ callId, status: 'ACCEPTED', customer: '15558880030', timestamp: new Date(t) }), 'calls');
    await send(callStatusValue({ callId, status: 'RINGING', customer: '15558880030', timestamp: new Date(t - 5000) }), 'calls');
    const call = await getItem(`CALL#${callId}`);
    expect(call).toMatchObject({ status: 'ACCEPTED', customer: '15558880030', ringingAt: expect.any(String), acceptedAt: expect.any(String) });
    expect(call!.history).toHaveLength(2);
  });

  it('user_preferences stop sets marketingOptOut on the conversation; an older resume does not undo it, a newer one does', async () => {
    const customer = '15558880040';
    await send(inboundTextValue({ from: customer, text: 'hi' }));
    await send(userPreferencesValue({ customer, value: 'stop', timestamp: new Date(Date.now() - 10_000) }), 'user_preferences');
    expect(await getItem(conv(customer))).toMatchObject({ marketingOptOut: true });
    await send(userPreferencesValue({ customer, value: 'resume', timestamp: new Date(Date.now() - 60_000) }), 'user_preferences');
    expect(await getItem(conv(customer))).toMatchObject({ marketingOptOut: true });
    expect(await getItem(`USER_PREF#${DEMO_PHONE.arn}#${customer}`)).toMatchObject({ marketingOptOut: true });
    await send(userPreferencesValue({ customer, value: 'resume', timestamp: new Date() }), 'user_preferences');
    expect(await getItem(conv(customer))).toMatchObject({ marketingOptOut: false });
  });

  it('an unknown field is stored once, raw, with a summary', async () => {
    const body = JSON.stringify(buildEnvelope({ field: 'smb_app_state_sync', value: { state_sync: [{ type: 'contact', action: 'add' }] } }));
    await ingest(snsEvent(snsRecord(body)), lambdaContext);
    await ingest(snsEvent(snsRecord(body)), lambdaContext);
    const kept = (await itemsOfType('WEBHOOK_EVENT')).filter((e) => e.field === 'smb_app_state_sync');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ value: { state_sync: [{ type: 'contact', action: 'add' }] }, summary: expect.any(String) });
  });
});

describe('ingest: optional behaviours', () => {
  const withEnv = async (env: Record<string, string>, fn: () => Promise<void>) => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    resetConfigForTests();
    try {
      await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetConfigForTests();
    }
  };

  it('are off by default: a new message sends nothing', async () => {
    const before = eum.sends.length;
    await send(inboundTextValue({ from: '15558880050', text: 'quiet' }));
    expect(eum.sends.length).toBe(before);
  });

  it('AUTO_MARK_READ sends one read receipt per new message, none on redelivery', async () => {
    await withEnv({ AUTO_MARK_READ: 'true' }, async () => {
      const value = inboundTextValue({ from: '15558880051', text: 'read me' });
      const wamid = value.messages![0]!.id;
      const body = JSON.stringify(buildEnvelope({ field: 'messages', value }));
      await ingest(snsEvent(snsRecord(body)), lambdaContext);
      await ingest(snsEvent(snsRecord(body)), lambdaContext);
      const receipts = eum.sends.filter((s) => s.kind === 'mark_read' && s.message.message_id === wamid);
      expect(receipts).toHaveLength(1);
      expect(receipts[0]).toMatchObject({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message: { messaging_product: 'whatsapp', status: 'read' } });
    });
  });

  it('AUTO_REPLY_TEXT answers once per 24 h', async () => {
    await withEnv({ AUTO_REPLY_TEXT: 'Thanks! We answer within an hour.' }, async () => {
      await send(inboundTextValue({ from: '15558880052', text: 'anyone there?' }));
      await send(inboundTextValue({ from: '15558880052', text: 'hello??' }));
      const replies = eum.sends.filter((s) => s.kind === 'message' && s.message.to === '+15558880052');
      expect(replies).toHaveLength(1);
      expect(replies[0]!.message).toMatchObject({ type: 'text', text: { body: 'Thanks! We answer within an hour.' } });
      expect(await getItem(conv('15558880052'))).toMatchObject({ autoReplyAt: expect.any(String), lastOutboundAt: expect.any(String) });
    });
  });
});
