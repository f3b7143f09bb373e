import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import type { Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { templateSendHarness, text } from './helpers/template-sends';
import { eventsOf } from './helpers/templates';

/**
 * The shortcuts for carousels, catalogs, multi-product messages, Flows and checkout (order details): each button or
 * card gets Meta's exact payload at the index the approved definition gives it, and a template of another shape is
 * a 400 that says what it has.
 */
let eum: EumStandin;
let templates: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const { call, seed, sendsExactly, refuses } = templateSendHarness(() => eum, () => templates, 15557400000);
const image = (link: string) => ({ type: 'image', image: { link } });

describe('send_carousel_template', () => {
  const card = { components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Item {{1}} for you' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Buy' }, { type: 'URL', text: 'See', url: 'https://shop.example.com/p/{{1}}' }] }] };
  const cards = [
    { header: { type: 'image', link: 'https://cdn.example.com/a.png' }, bodyParameters: ['A'], quickReplyPayloads: ['buy-a'], urlSuffixes: ['a'] },
    { header: { type: 'image', link: 'https://cdn.example.com/b.png' }, bodyParameters: ['B'], urlSuffixes: ['b'] },
  ];
  beforeAll(() => seed('ts_carousel', 'MARKETING', [{ type: 'BODY', text: 'Our picks for {{1}} this week.' }, { type: 'CAROUSEL', cards: [card, card] }]));

  it('builds the top body and every card (header media, body, buttons) with card and button indexes', async () => {
    await sendsExactly('send_carousel_template', { name: 'ts_carousel', bodyParameters: ['Ana'], cards }, [
      { type: 'body', parameters: [text('Ana')] },
      {
        type: 'carousel',
        cards: [
          {
            card_index: 0,
            components: [
              { type: 'header', parameters: [image('https://cdn.example.com/a.png')] },
              { type: 'body', parameters: [text('A')] },
              { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'buy-a' }] },
              { type: 'button', sub_type: 'url', index: '1', parameters: [text('a')] },
            ],
          },
          {
            card_index: 1,
            components: [
              { type: 'header', parameters: [image('https://cdn.example.com/b.png')] },
              { type: 'body', parameters: [text('B')] },
              { type: 'button', sub_type: 'url', index: '1', parameters: [text('b')] },
            ],
          },
        ],
      },
    ]);
  });

  it('refuses a wrong card count, a card header of the wrong kind, a missing card value, and a template without cards', async () => {
    const ok = { name: 'ts_carousel', bodyParameters: ['Ana'], cards };
    await refuses('send_carousel_template', { ...ok, cards: [] }, 400, 'cards', 'at least 1 card');
    await refuses('send_carousel_template', { ...ok, cards: cards.slice(0, 1) }, 400, 'cards', 'approved with 2 cards; give 2 cards, got 1');
    const video = [{ ...cards[0], header: { type: 'video', link: 'https://cdn.example.com/a.mp4' } }, cards[1]];
    await refuses('send_carousel_template', { ...ok, cards: video }, 400, 'cards.0.components.0.parameters', 'card 0: the template HEADER is IMAGE');
    await refuses('send_carousel_template', { ...ok, cards: [cards[0], { ...cards[1], urlSuffixes: undefined }] }, 400, 'cards.1.urlSuffixes', 'give 1 urlSuffixes, got 0');
    seed('ts_not_carousel', 'MARKETING', [{ type: 'BODY', text: 'Nothing to swipe here, {{1}}.' }]);
    await refuses('send_carousel_template', { ...ok, name: 'ts_not_carousel' }, 400, 'name', 'is not a carousel template');
  });
});

describe('send_catalog_template and send_mpm_template', () => {
  beforeAll(() => {
    seed('ts_catalog', 'MARKETING', [{ type: 'BODY', text: 'Shop our catalog and get {{1}} off today.' }, { type: 'BUTTONS', buttons: [{ type: 'CATALOG', text: 'View catalog' }] }]);
    seed('ts_mpm', 'MARKETING', [
      { type: 'HEADER', format: 'TEXT', text: 'Forget something, {{1}}?' },
      { type: 'BODY', text: 'You left these in your cart. Use code {{1}} for 10% off.' },
      { type: 'BUTTONS', buttons: [{ type: 'MPM', text: 'View items' }] },
    ]);
  });

  it('send_catalog_template puts the thumbnail product on the catalog button', async () => {
    await sendsExactly('send_catalog_template', { name: 'ts_catalog', bodyParameters: ['10%'], thumbnail_product_retailer_id: 'SKU-1' }, [
      { type: 'body', parameters: [text('10%')] },
      { type: 'button', sub_type: 'catalog', index: '0', parameters: [{ type: 'action', action: { thumbnail_product_retailer_id: 'SKU-1' } }] },
    ]);
  });

  it('send_mpm_template sends sections of product retailer ids', async () => {
    const sections = [
      { title: 'Shoes', productRetailerIds: ['SKU-1', 'SKU-2'] },
      { title: 'Bags', productRetailerIds: ['SKU-3'] },
    ];
    await sendsExactly('send_mpm_template', { name: 'ts_mpm', header: { type: 'text', text: 'Ana' }, bodyParameters: ['CART10'], thumbnailProductRetailerId: 'SKU-1', sections }, [
      { type: 'header', parameters: [text('Ana')] },
      { type: 'body', parameters: [text('CART10')] },
      {
        type: 'button',
        sub_type: 'mpm',
        index: '0',
        parameters: [
          {
            type: 'action',
            action: {
              thumbnail_product_retailer_id: 'SKU-1',
              sections: [
                { title: 'Shoes', product_items: [{ product_retailer_id: 'SKU-1' }, { product_retailer_id: 'SKU-2' }] },
                { title: 'Bags', product_items: [{ product_retailer_id: 'SKU-3' }] },
              ],
            },
          },
        ],
      },
    ]);
  });

  it('refuses untitled sections, too many products, and templates without the button', async () => {
    const mpm = { name: 'ts_mpm', header: { type: 'text', text: 'Ana' }, bodyParameters: ['CART10'], thumbnailProductRetailerId: 'SKU-1' };
    await refuses('send_mpm_template', { ...mpm, sections: [{ productRetailerIds: ['A'] }, { title: 'B', productRetailerIds: ['B'] }] }, 400, 'sections.0.title', 'more than one section');
    const many = Array.from({ length: 31 }, (_, i) => `SKU-${i}`);
    await refuses('send_mpm_template', { ...mpm, sections: [{ title: 'All', productRetailerIds: many }] }, 400, 'sections', 'at most 30 products');
    await refuses('send_mpm_template', { ...mpm, name: 'ts_catalog', bodyParameters: ['10%'], header: undefined, sections: [{ productRetailerIds: ['A'] }] }, 400, 'sections', 'has no multi-product (MPM) button (its buttons: 0: CATALOG)');
    await refuses('send_catalog_template', { name: 'ts_mpm', header: { type: 'text', text: 'Ana' }, bodyParameters: ['X'] }, 400, 'thumbnailProductRetailerId', 'has no catalog button (its buttons: 0: MPM)');
  });
});

describe('send_flow_template', () => {
  it('puts the flow token and first-screen data on the Flow button', async () => {
    seed('ts_flow', 'UTILITY', [{ type: 'BODY', text: 'Book your visit, {{1}}, in a few taps.' }, { type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Book', flow_id: '1234567890' }] }]);
    await sendsExactly('send_flow_template', { name: 'ts_flow', bodyParameters: ['Ana'], flowToken: 'tok-1', flowActionData: { clinic: 'north' } }, [
      { type: 'body', parameters: [text('Ana')] },
      { type: 'button', sub_type: 'flow', index: '0', parameters: [{ type: 'action', action: { flow_token: 'tok-1', flow_action_data: { clinic: 'north' } } }] },
    ]);
  });

  it('refuses a template without a Flow button and a bad token', async () => {
    await refuses('send_flow_template', { name: 'ts_catalog', bodyParameters: ['10%'], flowToken: 'tok' }, 400, 'flowToken', 'has no Flow button');
    await refuses('send_flow_template', { name: 'ts_flow', bodyParameters: ['Ana'], flowToken: '' }, 400, 'flowToken', 'must not be empty');
  });
});

describe('send_checkout_template', () => {
  const amount = (value: number) => ({ value, offset: 100 });
  const orderDetails = {
    reference_id: 'order-1001',
    type: 'physical-goods',
    payment_settings: [{ type: 'payment_gateway', payment_gateway: { type: 'razorpay', configuration_name: 'prod-config' } }],
    currency: 'INR',
    total_amount: amount(61000),
    order: { status: 'pending', items: [{ retailer_id: 'SKU-1', name: 'Tea', amount: amount(25000), quantity: 2 }], subtotal: amount(50000), tax: amount(9000), shipping: amount(2000) },
  };
  const checkout = {
    name: 'ts_checkout',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::sample-invoice'] } },
      { type: 'BODY', text: 'Hi {{1}}, your order is ready for payment.', example: { body_text: [['Ana']] } },
      { type: 'BUTTONS', buttons: [{ type: 'ORDER_DETAILS', text: 'Review and Pay' }] },
    ],
  };
  // Created through create_template and approved by the stand-in's own review (PENDING, then APPROVED + webhook).
  beforeAll(async () => {
    const eventsBefore = eventsOf(eum, 'message_template_status_update').length;
    const created = await call('create_template', checkout);
    expect(created, JSON.stringify(created)).toMatchObject({ statusCode: 200, status: 'PENDING', name: 'ts_checkout' });
    await eum.idle();
    const verdicts = eventsOf(eum, 'message_template_status_update').slice(eventsBefore);
    expect(verdicts.map((e) => [e.value.message_template_name, e.value.event])).toEqual([['ts_checkout', 'APPROVED']]);
  });

  it('create_template refuses a second ORDER_DETAILS button and one without its label; AUTHENTICATION cannot have it', async () => {
    const withButtons = (buttons: unknown[], category = 'UTILITY') => ({
      ...checkout,
      name: 'ts_checkout_bad',
      category,
      components: [checkout.components[1], { type: 'BUTTONS', buttons }],
    });
    const created = eum.templates.all().length;
    const two = await call('create_template', withButtons([{ type: 'ORDER_DETAILS', text: 'Review and Pay' }, { type: 'ORDER_DETAILS', text: 'Pay' }]));
    expect(two, JSON.stringify(two)).toMatchObject({ statusCode: 400, fields: [{ field: 'components.1.buttons.1.type', reason: expect.stringContaining('at most 1 ORDER_DETAILS button') }] });
    const unlabelled = await call('create_template', withButtons([{ type: 'order_details' }]));
    expect(unlabelled).toMatchObject({ statusCode: 400, fields: [{ field: 'components.1.buttons.0.text' }] });
    const auth = await call('create_template', { ...withButtons([{ type: 'ORDER_DETAILS', text: 'Review and Pay' }], 'AUTHENTICATION'), components: [{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'ORDER_DETAILS', text: 'Review and Pay' }] }] });
    expect(auth.statusCode).toBe(400);
    expect(auth.fields.map((f: { field: string }) => f.field)).toContain('components.1.buttons.0.type');
    expect(eum.templates.all().length).toBe(created);
  });

  it("sends Meta's order_details on the ORDER_DETAILS button", async () => {
    const header = { type: 'document', link: 'https://cdn.example.com/invoice.pdf', filename: 'invoice.pdf' };
    await sendsExactly('send_checkout_template', { name: 'ts_checkout', header, bodyParameters: ['Ana'], order_details: orderDetails }, [
      { type: 'header', parameters: [{ type: 'document', document: { link: 'https://cdn.example.com/invoice.pdf', filename: 'invoice.pdf' } }] },
      { type: 'body', parameters: [text('Ana')] },
      { type: 'button', sub_type: 'order_details', index: '0', parameters: [{ type: 'action', action: { order_details: orderDetails } }] },
    ]);
  });

  it('refuses amounts that do not add up, a bad reference, and a template without the checkout button', async () => {
    const ok = { name: 'ts_checkout', header: { type: 'document', link: 'https://cdn.example.com/i.pdf' }, bodyParameters: ['Ana'] };
    await refuses('send_checkout_template', { ...ok, orderDetails: { ...orderDetails, total_amount: amount(60000) } }, 400, 'orderDetails.total_amount', 'subtotal + tax + shipping - discount (610)');
    await refuses('send_checkout_template', { ...ok, orderDetails: { ...orderDetails, reference_id: 'has space' } }, 400, 'orderDetails.reference_id', '1-35 letters');
    await refuses('send_checkout_template', { ...ok, orderDetails: { ...orderDetails, payment_settings: undefined } }, 400, 'orderDetails.payment_settings', 'give payment_settings');
    await refuses('send_checkout_template', { name: 'ts_flow', bodyParameters: ['Ana'], orderDetails }, 400, 'orderDetails', 'has no order details (checkout) button (its buttons: 0: FLOW)');
  });
});
