import {
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
  SocialMessagingServiceException,
} from '@aws-sdk/client-socialmessaging';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumEnvelope, MetaEntry, MetaMessagesValue } from '../../local/standins/eum/envelope';
import { startEumStandin, type EumStandin } from '../../local/standins/eum/server';

/**
 * The EUM Social stand-in's group sends through the real SocialMessagingClient: Meta's rules for
 * `recipient_type: "group"` and the status webhooks it reports for them (the group as recipient, per participant).
 */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const blob = (text: string): Uint8Array => new TextEncoder().encode(text);

async function expectEumError(promise: Promise<unknown>): Promise<SocialMessagingServiceException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SocialMessagingServiceException);
  return error as SocialMessagingServiceException;
}

const parseEnvelope = (body: string) => {
  const envelope = JSON.parse(body) as EumEnvelope;
  const entry = JSON.parse(envelope.whatsAppWebhookEntry) as MetaEntry;
  return { envelope, entry, value: entry.changes[0]?.value as MetaMessagesValue };
};

let standin: EumStandin;
let client: SocialMessagingClient;
const publishedBodies: string[] = [];

beforeAll(async () => {
  standin = await startEumStandin({ port: 0, statusDelayMs: 5, publish: async (body) => void publishedBodies.push(body) });
  client = new SocialMessagingClient({ endpoint: standin.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await standin?.close();
});
beforeEach(() => {
  standin.reset();
  publishedBodies.length = 0;
});

describe('group sends (recipient_type group)', () => {
  const GROUP = 'Y2FwaV9ncm91cDoxMDk4NzY1NDMyMTA5ODc6MTIwMzYz';
  const groupMessage = (to: string, type = 'text', content: unknown = { body: 'hello group' }) =>
    blob(JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'group', to, type, [type]: content }));
  const send = (message: Uint8Array) =>
    client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: DEMO_PHONE.phoneNumberId, message, metaApiVersion: 'v23.0' }));

  it('no 24-hour window: sent once for the group, then delivered and read per participant, the group id kept whole', async () => {
    const out = await send(groupMessage(GROUP));
    await standin.idle();

    const parsed = publishedBodies.map(parseEnvelope);
    expect(parsed.map((p) => p.value.statuses?.map((s) => s.status))).toEqual([['sent'], expect.any(Array), expect.any(Array)]);
    const [sent, delivered, read] = parsed.map((p) => p.value.statuses as unknown as Array<Record<string, unknown>>);
    expect(sent).toEqual([expect.objectContaining({ id: standin.sends[0]?.wamid, recipient_id: GROUP, recipient_type: 'group' })]);
    expect(sent?.[0]).not.toHaveProperty('recipient_participant_id');
    // EUM names its send on the single group status; the participants' batches come without it.
    expect(parsed.map((p) => p.envelope.messageId)).toEqual([out.messageId, undefined, undefined]);
    const participants = delivered!.map((s) => s.recipient_participant_id);
    expect(participants.length).toBeGreaterThan(1);
    expect(new Set(participants).size).toBe(participants.length);
    for (const [batch, status] of [[delivered, 'delivered'], [read, 'read']] as const) {
      expect(batch!.map((s) => s.recipient_participant_id)).toEqual(participants);
      for (const s of batch!) expect(s).toMatchObject({ status, recipient_id: GROUP, recipient_type: 'group', id: sent?.[0]?.id });
    }

    // The same group reaches the same (simulated) people next time.
    publishedBodies.length = 0;
    await send(groupMessage(GROUP, 'image', { link: 'https://example.com/a.jpg' }));
    await standin.idle();
    const again = publishedBodies.map(parseEnvelope)[1]?.value.statuses?.map((s) => (s as unknown as Record<string, unknown>).recipient_participant_id);
    expect(again).toEqual(participants);
  });

  it('with the Graph stand-in\'s groups: its participants receive it; an unknown group fails with 131041', async () => {
    standin.useGroups({ participantsOf: (id) => (id === GROUP ? ['15550001111'] : undefined) });
    try {
      await send(groupMessage(GROUP));
      await standin.idle();
      expect(publishedBodies.map(parseEnvelope).map((p) => p.value.statuses?.map((s) => (s as unknown as Record<string, unknown>).recipient_participant_id))).toEqual([
        [undefined],
        ['15550001111'],
        ['15550001111'],
      ]);

      publishedBodies.length = 0;
      await send(groupMessage('Y2FwaV9ncm91cDpub3N1Y2g'));
      await standin.idle();
      const statuses = publishedBodies.map(parseEnvelope).map((p) => p.value.statuses?.[0]);
      expect(statuses).toEqual([expect.objectContaining({ status: 'failed', recipient_id: 'Y2FwaV9ncm91cDpub3N1Y2g', errors: [expect.objectContaining({ code: 131041 })] })]);
    } finally {
      standin.useGroups(undefined);
    }
  });

  it('refuses at once a phone number as group id and a message type groups do not take', async () => {
    const phone = await expectEumError(send(groupMessage('+15551234567')));
    expect(phone.name).toBe('ValidationException');
    expect(phone.message).toContain('group id');
    const interactive = await expectEumError(send(groupMessage(GROUP, 'interactive', { type: 'button', body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } })));
    expect(interactive.name).toBe('ValidationException');
    expect(interactive.message).toContain('cannot be sent to a group');
    expect(standin.sends).toHaveLength(0);
  });
});
