import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { retailerIdField } from './send-catalog-template';
import { sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

const section = z.object({
  title: z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(24, 'at most 24 characters (Meta limit)'))).check(
    z.describe('Section title (required when there is more than one section)'),
  ),
  productRetailerIds: z.array(retailerIdField).check(
    z.minLength(1, 'at least 1 product'),
    z.describe('Retailer ids of the products in this section'),
  ),
});

const sections = z.array(section).check(
  z.minLength(1, 'at least 1 section'),
  z.maxLength(10, 'at most 10 sections (Meta limit)'),
  z.superRefine((list, ctx) => {
      const total = list.reduce((n, s) => n + s.productRetailerIds.length, 0);
      if (total > 30) ctx.addIssue({ code: 'custom', message: `at most 30 products in all (Meta limit); got ${total}` });
      if (list.length > 1) {
        list.forEach((s, i) => {
          if (!s.title) ctx.addIssue({ code: 'custom', path: [i, 'title'], message: 'required when there is more than one section (Meta rule)' });
        });
      }
    }),
  z.describe('Up to 10 sections of products (30 products in all)'),
);

export const sendMpmTemplate = defineAction({
  category: 'templates',
  name: 'send_mpm_template',
  sends: true,
  description:
    "Sends an approved MARKETING multi-product (MPM) template: the multi-product button gets thumbnailProductRetailerId and sections of product retailer ids (up to 10 sections, 30 products, titles when more than one), with the header and bodyParameters the template takes. A template without a multi-product button is a 400. No 24-hour window needed.",
  input: withAliases(
    z.object({ ...shortcutFields, thumbnailProductRetailerId: retailerIdField.check(
      z.describe('The product whose image is the message thumbnail'),
    ), sections }),
    { ...shortcutAliases, thumbnail_product_retailer_id: 'thumbnailProductRetailerId' },
  ),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        const action = {
          thumbnail_product_retailer_id: input.thumbnailProductRetailerId,
          sections: input.sections.map((s) => ({ ...(s.title ? { title: s.title } : {}), product_items: s.productRetailerIds.map((id) => ({ product_retailer_id: id })) })),
        };
        b.addButton(['MPM'], 'sections', 'multi-product (MPM)', 'mpm', { type: 'action', action });
      },
      { categories: ['MARKETING'], action: 'send_mpm_template' },
    ),
});
