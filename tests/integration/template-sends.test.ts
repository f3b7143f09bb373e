import { SendWhatsAppMessageCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import type { Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';
import { templateSendHarness, text } from './helpers/template-sends';

/**
 * The template shortcuts (send_utility_template … send_checkout_template): each builds Meta's components from simple
 * fields and the approved definition, takes send_template's checked path, and the message reaches the EUM stand-in
 * with exactly Meta's payload and is stored like any outbound message, to a customer who never wrote.
 */
let eum: EumStandin;
let templates: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const { seed, sendsExactly, refuses } = templateSendHarness(() => eum, () => templates, 15557300000);

describe('send_utility_template', () => {
  const name = 'ts_order_shipped';
  beforeAll(() =>
    seed(name, 'UTILITY', [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships today.' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example.com/track/{{1}}' }, { type: 'QUICK_REPLY', text: 'Thanks' }] },
    ]),
  );

  it('builds header, body, the URL suffix and the quick-reply payload at their button indexes', async () => {
    const res = await sendsExactly(
      'send_utility_template',
      { name, header: { type: 'text', text: '#42' }, bodyParameters: ['Ana', '#42'], urlSuffixes: ['42'], quickReplyPayloads: ['thanks-42'] },
      [
        { type: 'header', parameters: [text('#42')] },
        { type: 'body', parameters: [text('Ana'), text('#42')] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [text('42')] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'thanks-42' }] },
      ],
    );
    expect(await getItem(`MSG#${res.messageId}`)).toMatchObject({ preview: `[template ${name}] Ana, #42` });
  });

  it('fills a named template from a list (order of appearance) or from names', async () => {
    seed('ts_named_reminder', 'UTILITY', [{ type: 'BODY', text: 'Hi {{first_name}}, see you at {{time}}.' }], 'NAMED');
    const named = [{ ...text('Ana'), parameter_name: 'first_name' }, { ...text('10:00'), parameter_name: 'time' }];
    await sendsExactly('send_utility_template', { name: 'ts_named_reminder', bodyParameters: ['Ana', '10:00'] }, [{ type: 'body', parameters: named }]);
    await sendsExactly('send_utility_template', { name: 'ts_named_reminder', bodyParameters: { first_name: 'Ana', time: '10:00' } }, [{ type: 'body', parameters: named }]);
    await refuses('send_utility_template', { name: 'ts_named_reminder', bodyParameters: { first_name: 'Ana', date: 'May 1' } }, 400, 'bodyParameters', 'missing time');
  });

  it('refuses bad input and calls that do not fit the template, saying what it expects', async () => {
    const ok = { name, header: text('#1'), bodyParameters: ['Ana', '#1'], urlSuffixes: ['1'] };
    await refuses('send_utility_template', { ...ok, bodyParameters: ['Ana\nB', '#1'] }, 400, 'bodyParameters.0', 'line breaks');
    await refuses('send_utility_template', { ...ok, to: 'nobody' }, 400, 'to', 'E.164');
    await refuses('send_utility_template', { ...ok, bodyParameters: ['Ana'] }, 400, 'bodyParameters', 'BODY expects 2 parameters');
    await refuses('send_utility_template', { ...ok, urlSuffixes: undefined }, 400, 'urlSuffixes', 'button 0: https://shop.example.com/track/{{1}}');
    await refuses('send_utility_template', { ...ok, header: undefined }, 400, 'header', 'has a TEXT header');
    await refuses('send_utility_template', { ...ok, quickReplyPayloads: ['a', 'b'] }, 400, 'quickReplyPayloads', '1 quick reply button');
    await refuses('send_utility_template', { ...ok, couponCode: 'SAVE1' }, 400, 'couponCode', 'no copy-code button');
  });

  it('refuses a template of another category, an unknown one (404 listing the known) and one not approved', async () => {
    seed('ts_promo_plain', 'MARKETING', [{ type: 'BODY', text: 'Big sale this week only.' }]);
    await refuses('send_utility_template', { name: 'ts_promo_plain' }, 400, 'name', 'is MARKETING; send_utility_template sends UTILITY templates');
    const unknown = await refuses('send_utility_template', { name: 'ts_no_such_template' }, 404, undefined, 'does not exist');
    expect(unknown.validChoices.map((c: { name: string }) => c.name)).toContain(name);
    eum.templates.add({ ...eum.templates.byNameAndLanguage('ts_promo_plain', 'en_US')!, id: '9000000000000001', name: 'ts_pending', category: 'UTILITY', status: 'PENDING' });
    await refuses('send_utility_template', { name: 'ts_pending' }, 400, 'name', 'is PENDING; only APPROVED templates can be sent');
  });
});

describe('send_auth_template', () => {
  const otpTemplate = (name: string, button: Record<string, unknown>) =>
    seed(name, 'AUTHENTICATION', [
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', ...button }] },
    ]);
  const codeComponents = (code: string) => [
    { type: 'body', parameters: [text(code)] },
    { type: 'button', sub_type: 'url', index: '0', parameters: [text(code)] },
  ];

  it('puts the code in the body and the copy-code or one-tap button, and keeps it out of the preview', async () => {
    otpTemplate('ts_otp_copy', { otp_type: 'COPY_CODE', text: 'Copy code' });
    otpTemplate('ts_otp_one_tap', { otp_type: 'ONE_TAP', text: 'Copy code', autofill_text: 'Autofill', supported_apps: [{ package_name: 'com.example.app', signature_hash: 'K8a/AINcGX7' }] });
    const res = await sendsExactly('send_auth_template', { name: 'ts_otp_copy', code: '482913' }, codeComponents('482913'));
    expect(JSON.stringify((await getItem(`MSG#${res.messageId}`))!.preview)).not.toContain('482913');
    await sendsExactly('send_auth_template', { name: 'ts_otp_one_tap', otp: '771204' }, codeComponents('771204'));
  });

  it('refuses a bad code, a template that is not AUTHENTICATION', async () => {
    await refuses('send_auth_template', { name: 'ts_otp_copy', code: '1234567890123456' }, 400, 'code', 'at most 15 characters');
    await refuses('send_auth_template', { name: 'ts_otp_copy' }, 400, 'code', 'code');
    await refuses('send_auth_template', { name: 'ts_order_shipped', code: '1234' }, 400, 'name', 'send_auth_template sends AUTHENTICATION templates');
  });
});

describe('send_coupon_template', () => {
  it('fills the copy-code button at its index', async () => {
    seed('ts_coupon', 'MARKETING', [
      { type: 'BODY', text: 'Hi {{1}}, here is 20% off your next order.' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }, { type: 'COPY_CODE', example: 'SAVE20' }] },
    ]);
    await sendsExactly('send_coupon_template', { name: 'ts_coupon', bodyParameters: ['Ana'], coupon_code: 'SAVE20' }, [
      { type: 'body', parameters: [text('Ana')] },
      { type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE20' }] },
    ]);
  });

  it('refuses a bad code and a template without a copy-code button', async () => {
    await refuses('send_coupon_template', { name: 'ts_coupon', bodyParameters: ['Ana'], couponCode: 'SAVE 20!' }, 400, 'couponCode', '1-15 letters and digits');
    await refuses('send_coupon_template', { name: 'ts_promo_plain', couponCode: 'SAVE20' }, 400, 'couponCode', 'has no copy-code (coupon) button (its buttons: none)');
  });
});

describe('send_limited_offer_template', () => {
  const expires = Date.now() + 86_400_000;
  it('sends header media, body, the offer expiry, the coupon and the URL suffix in Meta order', async () => {
    seed('ts_offer', 'MARKETING', [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1h'] } },
      { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Expiring offer!', has_expiration: true } },
      { type: 'BODY', text: 'Good news {{1}}! Use code {{2}} to get 25% off.' },
      { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'HOT25' }, { type: 'URL', text: 'Book now', url: 'https://shop.example.com/offer/{{1}}', example: ['https://shop.example.com/offer/x'] }] },
    ]);
    await sendsExactly(
      'send_limited_offer_template',
      { name: 'ts_offer', header: { type: 'image', link: 'https://cdn.example.com/offer.png' }, bodyParameters: ['Ana', 'HOT25'], expirationTimeMs: expires, couponCode: 'HOT25', urlSuffixes: ['hot25'] },
      [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/offer.png' } }] },
        { type: 'body', parameters: [text('Ana'), text('HOT25')] },
        { type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: expires } }] },
        { type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'HOT25' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [text('hot25')] },
      ],
    );
  });

  it('refuses an expiry in seconds or missing, a header of the wrong kind, and a template without an offer', async () => {
    const ok = { name: 'ts_offer', header: { type: 'image', link: 'https://cdn.example.com/o.png' }, bodyParameters: ['Ana', 'HOT25'], expirationTimeMs: expires, couponCode: 'HOT25', urlSuffixes: ['x'] };
    await refuses('send_limited_offer_template', { ...ok, expirationTimeMs: Math.floor(expires / 1000) }, 400, 'expirationTimeMs', 'not seconds');
    await refuses('send_limited_offer_template', { ...ok, expirationTimeMs: undefined }, 400, 'expirationTimeMs', 'give expirationTimeMs');
    await refuses('send_limited_offer_template', { ...ok, header: { type: 'video', link: 'https://cdn.example.com/o.mp4' } }, 400, 'header', 'the template HEADER is IMAGE');
    await refuses('send_limited_offer_template', { name: 'ts_coupon', bodyParameters: ['Ana'], couponCode: 'X1' }, 400, 'name', 'has no LIMITED_TIME_OFFER');
  });
});

describe('the EUM stand-in refuses template sends as Meta does', () => {
  const raw = (name: string) =>
    new SocialMessagingClient({ endpoint: eum.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 }).send(
      new SendWhatsAppMessageCommand({
        originationPhoneNumberId: DEMO_PHONE.phoneNumberId,
        message: new TextEncoder().encode(JSON.stringify({ messaging_product: 'whatsapp', to: '+15557399999', type: 'template', template: { name, language: { code: 'en_US' } } })),
        metaApiVersion: 'v23.0',
      }),
    );

  it.each([
    ['unknown', undefined, '(#132001) Template name does not exist in the translation'],
    ['pending', 'PENDING', '(#132001) Template name does not exist in the translation'],
    ['paused', 'PAUSED', '(#132015) Template is Paused'],
    ['disabled', 'DISABLED', '(#132016) Template is Disabled'],
  ])('%s template → ValidationException %s', async (what, status, words) => {
    const name = `ts_refused_${what}`;
    if (status) seed(name, 'MARKETING', [{ type: 'BODY', text: 'Hello there, friend.' }]);
    if (status) eum.templates.byNameAndLanguage(name, 'en_US')!.status = status;
    const before = eum.sends.length;
    const error = await raw(name).catch((e: unknown) => e as Error & { $metadata: { httpStatusCode: number } });
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain(words);
    expect(eum.sends.length).toBe(before);
  });

  it("a template paused at Meta after the table cached it APPROVED: EUM's refusal is a 400 with Meta's code", async () => {
    await sendsExactly('send_coupon_template', { name: 'ts_coupon', bodyParameters: ['Ana'], couponCode: 'SAVE20' }, [
      { type: 'body', parameters: [text('Ana')] },
      { type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE20' }] },
    ]);
    eum.templates.byNameAndLanguage('ts_coupon', 'en_US')!.status = 'PAUSED';
    await refuses('send_coupon_template', { name: 'ts_coupon', bodyParameters: ['Ana'], couponCode: 'SAVE20' }, 400, undefined, '132015');
    eum.templates.byNameAndLanguage('ts_coupon', 'en_US')!.status = 'APPROVED';
  });
});
