import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

/**
 * The order a checkout (order details) template carries on its ORDER_DETAILS button, in Meta's own shape
 * (reference §3.7 order_details): Payments API India (INR) and Brazil (BRL).
 */
const amount = z.object({
    value: z.number().check(
      z.int('must be a whole number: the amount times offset'),
      z.gte(0, 'must not be negative'),
    ),
    offset: z.union([z.literal(100), z.literal(1000)], { error: 'must be 100 or 1000 (value / offset is the amount)' }),
    description: z.optional(z.string().check(z.maxLength(60))),
  }).check(
  z.describe('{value, offset}: value / offset is the amount, e.g. {value: 12550, offset: 100} = 125.50'),
);
type Amount = z.output<typeof amount>;

const item = z.object({
  retailer_id: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  name: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(60, 'at most 60 characters (Meta limit)')),
  amount,
  sale_amount: z.optional(amount),
  quantity: z.number().check(z.int(), z.gte(1, 'at least 1')),
});

const orderDetails = z.object({
    reference_id: z.string().check(
      z.regex(/^[A-Za-z0-9_.-]{1,35}$/, 'must be 1-35 letters, digits, _ . or - (Meta rule), unique per order'),
    ),
    type: z.enum(['digital-goods', 'physical-goods'], { error: 'must be digital-goods or physical-goods' }),
    payment_type: z.optional(z.string().check(z.minLength(1))).check(z.describe('e.g. upi (India) or br (Brazil)')),
    payment_configuration: z.optional(z.string().check(z.minLength(1), z.maxLength(60))).check(
      z.describe('Name of a payment configuration (legacy form of payment_settings)'),
    ),
    payment_settings: z.optional(z.array(z.looseObject({ type: z.string().check(z.minLength(1)) })).check(z.minLength(1))).check(
      z.describe("Meta's payment_settings: payment_gateway, payment_link, upi_intent_link, pix_dynamic_code, …"),
    ),
    currency: z.enum(['INR', 'BRL'], { error: 'must be INR (Payments India) or BRL (Brazil)' }),
    total_amount: amount,
    order: z.object({
      status: z._default(z.literal('pending', { error: 'must be pending (an order sent for payment)' }), 'pending'),
      catalog_id: z.optional(z.string().check(z.regex(/^\d+$/))),
      items: z.array(item).check(z.minLength(1, 'at least 1 item'), z.maxLength(999)),
      subtotal: amount,
      tax: amount,
      shipping: z.optional(amount),
      discount: z.optional(amount),
      expiration: z.optional(z.object({ timestamp: z.string().check(z.regex(/^\d{10}$/, 'must be a UNIX time in seconds')), description: z.string().check(
        z.maxLength(120),
      ) })),
    }),
  }).check(
  z.superRefine((o, ctx) => {
      if (!o.payment_settings && !o.payment_configuration) ctx.addIssue({ code: 'custom', path: ['payment_settings'], message: 'give payment_settings (or the legacy payment_configuration)' });
      const money = (a: Amount | undefined) => (a ? a.value / a.offset : 0);
      const cents = (n: number) => Math.round(n * 1000);
      const items = o.order.items.reduce((n, i) => n + money(i.sale_amount ?? i.amount) * i.quantity, 0);
      if (cents(items) !== cents(money(o.order.subtotal))) ctx.addIssue({ code: 'custom', path: ['order', 'subtotal'], message: `must equal the items' amounts times quantities (${items}) (Meta rule)` });
      const total = money(o.order.subtotal) + money(o.order.tax) + money(o.order.shipping) - money(o.order.discount);
      if (cents(total) !== cents(money(o.total_amount))) ctx.addIssue({ code: 'custom', path: ['total_amount'], message: `must equal subtotal + tax + shipping - discount (${total}) (Meta rule)` });
    }),
  z.describe("Meta's order_details: reference_id, type, payment_settings (or payment_configuration), currency, total_amount, order {items, subtotal, tax, shipping?, discount?}"),
);

export const sendCheckoutTemplate = defineAction({
  category: 'templates',
  name: 'send_checkout_template',
  sends: true,
  description:
    "Sends an approved order-details (checkout) template: orderDetails (Meta's order_details: reference_id, items, subtotal, tax, total, payment settings) goes to the template's ORDER_DETAILS button (Review and Pay), with the header and bodyParameters it takes; amounts must add up as Meta requires. A template without an ORDER_DETAILS button is a 400. No 24-hour window needed.",
  input: withAliases(z.object({ ...shortcutFields, orderDetails: orderDetails }), { ...shortcutAliases, order_details: 'orderDetails' }),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        b.addButton(['ORDER_DETAILS'], 'orderDetails', 'order details (checkout)', 'order_details', { type: 'action', action: { order_details: input.orderDetails } });
      },
      { action: 'send_checkout_template', previewExtra: `order ${input.orderDetails.reference_id}` },
    ),
});
