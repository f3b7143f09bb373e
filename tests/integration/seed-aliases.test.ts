import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';

/**
 * The seed's names for actions that exist here under clearer names: each answers under its own name (direct and
 * HTTP), with the seed's field spellings, does what its target does, and help/list_actions say what it stands for.
 */

let eum: EumStandin;
let messaging: Invoke;
let conversations: Invoke;
let config: Invoke;
const TO = '+15557770042';
let inboundWamid: string;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  conversations = (await import('../../functions/conversations/handler')).handler as unknown as Invoke;
  config = (await import('../../functions/config/handler')).handler as unknown as Invoke;
  inboundWamid = await customerWrites(TO, { text: 'hello there' });
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());

const send = (action: string, body: Record<string, unknown>) => messaging({ action, to: TO, ...body }, lambdaContext);

describe('messaging aliases', () => {
  it('send_reply is a text reply, requires the message replied to, and takes the seed spelling', async () => {
    const res = await send('send_reply', { text: 'Thanks!', replyToMessageId: inboundWamid });
    expect(res).toMatchObject({ statusCode: 200, operation: 'send_reply', status: 'accepted' });
    expect(eum.sends[0]!.message).toMatchObject({ type: 'text', text: { body: 'Thanks!' }, context: { message_id: inboundWamid } });
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ direction: 'OUTBOUND', type: 'text', replyTo: inboundWamid });

    const missing = await send('send_reply', { text: 'Thanks!' });
    expect(missing.statusCode).toBe(400);
    expect(missing.fields).toEqual([expect.objectContaining({ field: 'replyTo' })]);
    expect(eum.sends).toHaveLength(1);
  });

  it('send_media picks the send by mediaType and validates with its rules', async () => {
    const res = await send('send_media', { mediaType: 'image', link: 'https://example.com/cat.jpg', caption: 'a cat' });
    expect(res).toMatchObject({ statusCode: 200, operation: 'send_media', type: 'image' });
    expect(eum.sends[0]!.message).toMatchObject({ type: 'image', image: { link: 'https://example.com/cat.jpg', caption: 'a cat' } });

    const sticker = await send('send_media', { media_type: 'sticker', link: 'https://example.com/s.webp', caption: 'no' });
    expect(sticker.statusCode).toBe(400);
    expect(sticker.fields[0]).toMatchObject({ field: 'caption' });
    const unknown = await send('send_media', { mediaType: 'hologram', link: 'https://example.com/x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.fields[0].field).toBe('mediaType');
    expect(unknown.fields[0].reason).toContain('image, video, audio, document, sticker');
    expect(eum.sends).toHaveLength(1);
  });

  it('send_interactive sends buttons or a list by its type', async () => {
    const buttons = await send('send_interactive', { type: 'button', body: 'Pick one', buttons: [{ id: 'a', title: 'A' }] });
    expect(buttons).toMatchObject({ statusCode: 200, operation: 'send_interactive' });
    expect(eum.sends[0]!.message).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
    const list = await send('send_interactive', {
      interactiveType: 'list',
      body: 'Menu',
      button: 'Open',
      sections: [{ rows: [{ id: 'r1', title: 'Row 1' }] }],
    });
    expect(list.statusCode).toBe(200);
    expect(eum.sends[1]!.message).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
    const tooMany = await send('send_interactive', { type: 'button', body: 'x', buttons: [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` })) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.fields[0].field).toBe('buttons');
  });

  it('send_contact takes one card as contact; mark_read marks read; remove_reaction sends an empty emoji', async () => {
    const card = { name: { formatted_name: 'Ada Lovelace' }, phones: [{ phone: '+441234567890' }] };
    const contact = await send('send_contact', { contact: card });
    expect(contact).toMatchObject({ statusCode: 200, operation: 'send_contact' });
    expect(eum.sends[0]!.message).toMatchObject({ type: 'contacts', contacts: [card] });

    const read = await messaging({ action: 'mark_read', message_id: inboundWamid }, lambdaContext);
    expect(read).toMatchObject({ statusCode: 200, operation: 'mark_read' });
    expect(eum.sends[1]!.message).toMatchObject({ status: 'read', message_id: inboundWamid });

    const removed = await send('remove_reaction', { messageId: inboundWamid, emoji: '👍' });
    expect(removed).toMatchObject({ statusCode: 200, operation: 'remove_reaction' });
    expect(eum.sends[2]!.message).toMatchObject({ type: 'reaction', reaction: { message_id: inboundWamid, emoji: '' } });
  });

  it('an alias has its own HTTP route', async () => {
    const res = await messaging(httpEvent('POST', '/messaging/send_reply', { to: TO, text: 'over http', messageId: inboundWamid }), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ operation: 'send_reply' });
  });
});

describe('conversation aliases', () => {
  it('get_conversation_messages and get_message_by_wa_id answer like their targets', async () => {
    const msgs = await conversations({ action: 'get_conversation_messages', phone: TO }, lambdaContext);
    expect(msgs).toMatchObject({ statusCode: 200, operation: 'get_conversation_messages' });
    expect(msgs.messages.map((m: { messageId: string }) => m.messageId)).toContain(inboundWamid);
    const one = await conversations({ action: 'get_message_by_wa_id', waMessageId: inboundWamid }, lambdaContext);
    expect(one).toMatchObject({ statusCode: 200, message: { messageId: inboundWamid, direction: 'INBOUND' } });
    const none = await conversations({ action: 'get_message_by_wa_id', waMessageId: 'wamid.nope' }, lambdaContext);
    expect(none.statusCode).toBe(404);
  });
});

describe('help and list_actions', () => {
  it('show each alias with what it stands for', async () => {
    const list = await config({ action: 'list_actions' }, lambdaContext);
    const find = (category: string, name: string) => list.categories[category].find((a: { action: string }) => a.action === name);
    expect(find('messaging', 'send_contact')).toMatchObject({ aliasOf: 'send_contacts', path: '/messaging/send_contact' });
    expect(find('messaging', 'send_media').aliasOf).toBe('send_image|send_video|send_audio|send_document|send_sticker');
    expect(find('conversations', 'get_conversation_messages').aliasOf).toBe('get_messages');
    expect(find('messaging', 'send_text').aliasOf).toBeUndefined();
    const help = await config({ action: 'help', category: 'messaging' }, lambdaContext);
    const reply = help.categories.messaging.find((a: { action: string }) => a.action === 'send_reply');
    expect(reply).toMatchObject({ aliasOf: 'send_text' });
    expect(reply.fields).toHaveProperty('text');
  });
});
