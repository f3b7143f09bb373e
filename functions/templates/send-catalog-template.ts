import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

export const retailerIdField = z.string().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(100, 'at most 100 characters'),
  z.describe("A product's retailer id (SKU) in the WABA's catalog"),
);

export const sendCatalogTemplate = defineAction({
  category: 'templates',
  name: 'send_catalog_template',
  sends: true,
  description:
    "Sends an approved MARKETING template with a catalog button (View catalog): thumbnailProductRetailerId picks the product whose image is the message thumbnail (Meta uses the catalog's first item otherwise), with the bodyParameters the template takes. A template without a CATALOG button is a 400. No 24-hour window needed.",
  input: withAliases(z.object({ ...shortcutFields, thumbnailProductRetailerId: z.optional(retailerIdField) }), {
    ...shortcutAliases,
    thumbnail_product_retailer_id: 'thumbnailProductRetailerId',
    productRetailerId: 'thumbnailProductRetailerId',
    product_retailer_id: 'thumbnailProductRetailerId',
  }),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        const action = input.thumbnailProductRetailerId ? { thumbnail_product_retailer_id: input.thumbnailProductRetailerId } : {};
        b.addButton(['CATALOG'], 'thumbnailProductRetailerId', 'catalog', 'catalog', { type: 'action', action });
      },
      { categories: ['MARKETING'], action: 'send_catalog_template' },
    ),
});
