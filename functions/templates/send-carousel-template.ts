import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ComponentsBuilder, type CommonInput } from '../../shared/templates/components-builder';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { httpsUrl, mediaIdField } from '../../shared/whatsapp/schemas/common';
import { bodyParametersField, commonButtonFields, sendShortcut, shortcutAliases, shortcutFields } from './send-shortcut';

const retailerId = z.string().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(100),
  z.describe("The product's retailer id (SKU) in the catalog"),
);

const cardHeader = z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('image'), link: z.optional(httpsUrl), id: z.optional(mediaIdField) }),
      z.object({ type: z.literal('video'), link: z.optional(httpsUrl), id: z.optional(mediaIdField) }),
      z.object({ type: z.literal('product'), productRetailerId: retailerId, catalogId: z.string().check(
        z.regex(/^\d+$/, "must be Meta's numeric catalog id"),
      ) }),
    ],
    { error: 'type must be image, video or product' },
  ).check(
  z.superRefine((h, ctx) => {
      if (h.type !== 'product' && (h.link === undefined) === (h.id === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['link'], message: `give exactly one of link (https URL) or id (a WhatsApp media id) for the ${h.type}` });
      }
    }),
  z.describe('The card header: {type: "image"|"video", link|id} or {type: "product", productRetailerId, catalogId}'),
);

const card = z.object({ header: cardHeader, bodyParameters: z.optional(bodyParametersField), ...commonButtonFields });
type Card = z.output<typeof card>;

/** One card's components, built and checked against that card of the definition. */
function cardComponents(top: ComponentsBuilder, defCard: Record<string, unknown>, input: Card, k: number) {
  const builder = new ComponentsBuilder({ ...top.item, category: undefined, definition: { components: (defCard.components as unknown[]) ?? [] } });
  const { header, ...rest } = input;
  if (header.type === 'product') {
    const product = { product_retailer_id: header.productRetailerId, catalog_id: header.catalogId };
    builder.add({ type: 'header', parameters: [{ type: 'product', product } as never] }, `cards.${k}.header`);
  }
  const common: CommonInput = { ...rest, header: header.type === 'product' ? undefined : header };
  return builder.addCommon(common, builder.defs, builder.buttons, `cards.${k}.`).components();
}

export const sendCarouselTemplate = defineAction({
  category: 'templates',
  name: 'send_carousel_template',
  sends: true,
  description:
    "Sends an approved MARKETING carousel template: the top bodyParameters, then one entry in cards per card of the template (as many as it was approved with), each with its header media (image or video link/id, or a product for product carousels), bodyParameters, urlSuffixes and quickReplyPayloads. Card indexes and button indexes come from the definition; a card count or header format that does not match is a 400. No 24-hour window needed.",
  input: withAliases(
    z.object({ ...shortcutFields, cards: z.array(card).check(
      z.minLength(1, 'at least 1 card'),
      z.maxLength(10, 'at most 10 cards (Meta limit)'),
      z.describe('One entry per card, in order'),
    ) }),
    { ...shortcutAliases, carousel_cards: 'cards', carouselCards: 'cards' },
  ),
  handler: (input) =>
    sendShortcut(
      input,
      (b) => {
        const carousel = b.find('CAROUSEL');
        if (!carousel) return b.fail('name', `${b.label} is not a carousel template (it has no CAROUSEL component)`);
        const defCards = ((carousel.cards as Record<string, unknown>[] | undefined) ?? []).filter((c) => typeof c === 'object' && c !== null);
        if (input.cards.length !== defCards.length) {
          b.fail('cards', `${b.label} was approved with ${defCards.length} cards; give ${defCards.length} cards, got ${input.cards.length}`);
        }
        const cards = input.cards.map((c, k) => ({ card_index: k, components: cardComponents(b, defCards[k]!, c, k) }));
        b.add({ type: 'carousel', cards }, 'cards');
      },
      { categories: ['MARKETING'], action: 'send_carousel_template', previewExtra: `(${input.cards.length} cards)` },
    ),
});
