import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { allItems } from './helpers/table';

/**
 * Meta's documented limits, one invalid input per rule: each is a 400 naming the field and the limit, and nothing
 * reaches EUM Social or the table. The customer wrote a moment ago, so only validation can refuse these.
 */

let eum: EumStandin;
let messaging: Invoke;
const TO = '+15557770002';

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
  await customerWrites(TO);
});
afterAll(() => eum.close());
beforeEach(() => eum.reset());

const button = (id: string, title = id) => ({ id, title });
const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
const okButtons = { body: 'Pick', buttons: [button('a')] };
const okList = { body: 'Pick', button: 'Open', sections: [{ rows: rows(2) }] };
const okCta = { body: 'Go', displayText: 'Open', url: 'https://example.com' };
const okFlow = { body: 'Go', flowId: '123', flowCta: 'Start', flowActionPayload: { screen: 'A' } };
const tpl = (components: unknown[]) => ({ name: 'order_update', language: 'en_US', components });

/** [what, action, input (besides `to`), field named, words the reason contains] */
const cases: [string, string, Record<string, unknown>, string, string][] = [
  // location
  ['latitude out of range', 'send_location', { latitude: 91, longitude: 0 }, 'latitude', 'between -90 and 90'],
  ['longitude missing', 'send_location', { latitude: 1 }, 'longitude', ''],
  // contacts
  ['no contacts', 'send_contacts', { contacts: [] }, 'contacts', 'at least 1'],
  ['contact without formatted_name', 'send_contacts', { contacts: [{ name: { first_name: 'A' } }] }, 'contacts.0.name.formatted_name', ''],
  ['more than 257 contacts', 'send_contacts', { contacts: Array.from({ length: 258 }, () => ({ name: { formatted_name: 'A' } })) }, 'contacts', 'at most 257'],
  ['birthday not YYYY-MM-DD', 'send_contacts', { contacts: [{ name: { formatted_name: 'A' }, birthday: '23/01/1999' }] }, 'contacts.0.birthday', 'YYYY-MM-DD'],
  // reaction
  ['reaction without message id', 'send_reaction', { emoji: '👍' }, 'messageId', ''],
  ['reaction with two emoji', 'send_reaction', { messageId: 'wamid.X', emoji: '👍👍' }, 'emoji', 'single emoji'],
  ['reaction with text', 'send_reaction', { messageId: 'wamid.X', emoji: 'ok' }, 'emoji', 'single emoji'],
  ['reaction to an unknown message id', 'send_reaction', { messageId: 'not-a-message', emoji: '👍' }, 'messageId', 'no such message'],
  // reply buttons
  ['4 buttons', 'send_interactive_buttons', { body: 'x', buttons: [button('a'), button('b'), button('c'), button('d')] }, 'buttons', 'at most 3 buttons (Meta limit)'],
  ['no buttons', 'send_interactive_buttons', { body: 'x', buttons: [] }, 'buttons', 'at least 1'],
  ['duplicate button ids', 'send_interactive_buttons', { body: 'x', buttons: [button('a', 'A'), button('a', 'B')] }, 'buttons.1.id', 'duplicate'],
  ['button title over 20', 'send_interactive_buttons', { body: 'x', buttons: [button('a', 'x'.repeat(21))] }, 'buttons.0.title', 'at most 20'],
  ['button id over 256', 'send_interactive_buttons', { body: 'x', buttons: [button('i'.repeat(257), 'A')] }, 'buttons.0.id', 'at most 256'],
  ['buttons body over 1024', 'send_interactive_buttons', { ...okButtons, body: 'x'.repeat(1025) }, 'body', 'at most 1024'],
  ['buttons without body', 'send_interactive_buttons', { buttons: [button('a')] }, 'body', ''],
  ['footer over 60', 'send_interactive_buttons', { ...okButtons, footer: 'f'.repeat(61) }, 'footer', 'at most 60'],
  ['text header over 60', 'send_interactive_buttons', { ...okButtons, header: 'h'.repeat(61) }, 'header.text', 'at most 60'],
  ['audio header', 'send_interactive_buttons', { ...okButtons, header: { type: 'audio', link: 'https://e.com/a.mp3' } }, 'header.type', 'text, image, video or document'],
  ['media header with an S3 key only', 'send_interactive_buttons', { ...okButtons, header: { type: 'image', s3Key: 'a.png' } }, 'header.link', 'link'],
  ['media header with both link and id', 'send_interactive_buttons', { ...okButtons, header: { type: 'image', link: 'https://e.com/a.png', id: '1' } }, 'header.link', 'exactly one'],
  ['media header with an http link', 'send_interactive_buttons', { ...okButtons, header: { type: 'video', link: 'http://e.com/a.mp4' } }, 'header.link', 'https'],
  ['reply to an unknown message', 'send_interactive_buttons', { ...okButtons, replyTo: 'nope' }, 'replyTo', 'no such message'],
  // list
  ['11 rows in total', 'send_interactive_list', { ...okList, sections: [{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5, 's') }] }, 'sections', 'at most 10 rows'],
  ['11 sections', 'send_interactive_list', { ...okList, sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}-`) })) }, 'sections', 'at most 10 sections'],
  ['no sections', 'send_interactive_list', { ...okList, sections: [] }, 'sections', 'at least 1'],
  ['section without rows', 'send_interactive_list', { ...okList, sections: [{ title: 'A', rows: [] }] }, 'sections.0.rows', 'at least 1'],
  ['duplicate row ids across sections', 'send_interactive_list', { ...okList, sections: [{ title: 'A', rows: rows(1) }, { title: 'B', rows: rows(1) }] }, 'sections.1.rows.0.id', 'duplicate'],
  ['untitled section among two', 'send_interactive_list', { ...okList, sections: [{ title: 'A', rows: rows(1) }, { rows: rows(1, 's') }] }, 'sections.1.title', 'more than one section'],
  ['row id over 200', 'send_interactive_list', { ...okList, sections: [{ rows: [{ id: 'i'.repeat(201), title: 'A' }] }] }, 'sections.0.rows.0.id', 'at most 200'],
  ['row title over 24', 'send_interactive_list', { ...okList, sections: [{ rows: [{ id: 'a', title: 't'.repeat(25) }] }] }, 'sections.0.rows.0.title', 'at most 24'],
  ['row description over 72', 'send_interactive_list', { ...okList, sections: [{ rows: [{ id: 'a', title: 'A', description: 'd'.repeat(73) }] }] }, 'sections.0.rows.0.description', 'at most 72'],
  ['section title over 24', 'send_interactive_list', { ...okList, sections: [{ title: 's'.repeat(25), rows: rows(1) }] }, 'sections.0.title', 'at most 24'],
  ['list button label over 20', 'send_interactive_list', { ...okList, button: 'b'.repeat(21) }, 'button', 'at most 20'],
  ['list body over 4096', 'send_interactive_list', { ...okList, body: 'x'.repeat(4097) }, 'body', 'at most 4096'],
  ['list with an image header', 'send_interactive_list', { ...okList, header: { type: 'image', link: 'https://e.com/a.png' } }, 'header.type', 'no media header'],
  // cta_url
  ['cta label over 20', 'send_cta_url', { ...okCta, displayText: 'd'.repeat(21) }, 'displayText', 'at most 20'],
  ['cta url not https', 'send_cta_url', { ...okCta, url: 'http://example.com' }, 'url', 'https'],
  ['cta url missing', 'send_cta_url', { body: 'Go', displayText: 'Open' }, 'url', ''],
  // flow
  ['flow with neither id nor name', 'send_flow', { body: 'Go', flowCta: 'Start', flowActionPayload: { screen: 'A' } }, 'flowId', 'exactly one of flowId or flowName'],
  ['flow with both id and name', 'send_flow', { ...okFlow, flowName: 'f' }, 'flowId', 'exactly one'],
  ['flow cta over 30', 'send_flow', { ...okFlow, flowCta: 'c'.repeat(31) }, 'flowCta', 'at most 30'],
  ['flow cta with emoji', 'send_flow', { ...okFlow, flowCta: 'Go 🚀' }, 'flowCta', 'emoji'],
  ['navigate without a screen', 'send_flow', { body: 'Go', flowId: '123', flowCta: 'Start' }, 'flowActionPayload', 'required when flowAction is navigate'],
  ['data_exchange with a payload', 'send_flow', { ...okFlow, flowAction: 'data_exchange' }, 'flowActionPayload', 'not allowed'],
  ['flow mode unknown', 'send_flow', { ...okFlow, mode: 'live' }, 'mode', ''],
  ['flow data empty', 'send_flow', { ...okFlow, flowActionPayload: { screen: 'A', data: {} } }, 'flowActionPayload.data', 'non-empty'],
  // location request
  ['location request without body', 'send_location_request', {}, 'body', ''],
  ['location request body over 1024', 'send_location_request', { body: 'x'.repeat(1025) }, 'body', 'at most 1024'],
  // template
  ['template name with capitals', 'send_template', { name: 'Order', language: 'en_US' }, 'name', 'lowercase'],
  ['template without language', 'send_template', { name: 'order' }, 'language', ''],
  ['template language malformed', 'send_template', { name: 'order', language: 'english' }, 'language', 'en_US'],
  ['two body components', 'send_template', tpl([{ type: 'body', parameters: [{ type: 'text', text: 'a' }] }, { type: 'body', parameters: [{ type: 'text', text: 'b' }] }]), 'components.1.type', 'at most one body'],
  ['header with two parameters', 'send_template', tpl([{ type: 'header', parameters: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]), 'components.0.parameters', 'exactly 1'],
  ['header media without link or id', 'send_template', tpl([{ type: 'header', parameters: [{ type: 'image', image: {} }] }]), 'components.0.parameters.0.image.link', 'exactly one'],
  ['body parameter with a line break', 'send_template', tpl([{ type: 'body', parameters: [{ type: 'text', text: 'a\nb' }] }]), 'components.0.parameters.0.text', 'line breaks'],
  ['mixed named and positional', 'send_template', tpl([{ type: 'body', parameters: [{ type: 'text', text: 'a', parameter_name: 'x' }, { type: 'text', text: 'b' }] }]), 'components.0.parameters', 'every parameter'],
  ['duplicate parameter names', 'send_template', tpl([{ type: 'body', parameters: [{ type: 'text', text: 'a', parameter_name: 'x' }, { type: 'text', text: 'b', parameter_name: 'x' }] }]), 'components.0.parameters.1.parameter_name', 'duplicate'],
  ['currency code malformed', 'send_template', tpl([{ type: 'body', parameters: [{ type: 'currency', currency: { fallback_value: '$1', code: 'usd', amount_1000: 1000 } }] }]), 'components.0.parameters.0.currency.code', 'ISO 4217'],
  ['coupon code over 15', 'send_template', tpl([{ type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'C'.repeat(16) }] }]), 'components.0.parameters.0.coupon_code', 'at most 15'],
  ['url button with a payload', 'send_template', tpl([{ type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'payload', payload: 'x' }] }]), 'components.0.parameters.0.type', ''],
  ['button index 10', 'send_template', tpl([{ type: 'button', sub_type: 'quick_reply', index: 10, parameters: [{ type: 'payload', payload: 'x' }] }]), 'components.0.index', '0-9'],
  ['duplicate button index', 'send_template', tpl([{ type: 'button', sub_type: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'x' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'y' }] }]), 'components.1.index', 'duplicate'],
  ['unknown button sub_type', 'send_template', tpl([{ type: 'button', sub_type: 'phone', index: 0, parameters: [] }]), 'components.0.sub_type', 'url, quick_reply, copy_code or flow'],
  ['unknown component type', 'send_template', tpl([{ type: 'footer' }]), 'components.0.type', 'header, body or button'],
  // mark as read
  ['mark_as_read without a wamid', 'mark_as_read', { messageId: '69b314cf-1234' }, 'messageId', 'wamid'],
];

describe('invalid input is refused before anything is sent or stored', () => {
  // The account cache may be filled by the first request; messages and conversations must not change.
  const messagesAndConversations = async () =>
    (await allItems()).filter((i) => i.itemType === 'MESSAGE' || i.itemType === 'CONVERSATION').sort((a, b) => String(a.pk).localeCompare(String(b.pk)));
  let before: Record<string, unknown>[];
  beforeAll(async () => {
    before = await messagesAndConversations();
  });

  it.each(cases)('%s → 400 on %s', async (_what, action, input, field, words) => {
    const res = await messaging({ action, to: TO, ...input }, lambdaContext);
    expect(res.statusCode).toBe(400);
    const problem = res.fields.find((f: { field: string }) => f.field === field);
    expect(problem, `fields were ${JSON.stringify(res.fields)}`).toBeDefined();
    expect(problem.reason).toContain(words);
    expect(res.error).toContain(field);
    expect(eum.sends).toHaveLength(0);
  });

  it('stored nothing for any of them', async () => {
    expect(await messagesAndConversations()).toEqual(before);
  });

  it('over HTTP the 400 body names the field and the limit', async () => {
    const res = await messaging(
      httpEvent('POST', '/messaging/send_interactive_buttons', { to: TO, body: 'x', buttons: [button('a'), button('b'), button('c'), button('d')] }),
      lambdaContext,
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400, fields: [{ field: 'buttons', reason: 'at most 3 buttons (Meta limit)' }] });
    expect(eum.sends).toHaveLength(0);
  });
});
