import * as z from '../../zod';

/**
 * The type-specific objects of inbound messages (reference/eum-and-meta.md §3.2). Every field is optional and every
 * object loose: Meta adds fields and omits others, and a message that does not fit is still stored with its raw
 * payload, only with fewer typed attributes.
 */
const str = z.optional(z.string());
const num = z.optional(z.union([z.number(), z.pipe(z.string().check(z.regex(/^-?\d+(\.\d+)?$/)), z.transform(Number))]));

export const MediaBody = z.looseObject({
  id: str,
  mime_type: str,
  sha256: str,
  caption: str,
  filename: str,
  url: str,
  voice: z.optional(z.boolean()),
  animated: z.optional(z.boolean()),
});
export type MediaBody = z.infer<typeof MediaBody>;

export const TextBody = z.looseObject({ body: str });

export const LocationBody = z.looseObject({ latitude: num, longitude: num, name: str, address: str, url: str });

export const ContactCard = z.looseObject({
  name: z.optional(z.looseObject({ formatted_name: str, first_name: str, last_name: str })),
  phones: z.optional(z.array(z.looseObject({ phone: str, wa_id: str, type: str }))),
  emails: z.optional(z.array(z.looseObject({ email: str, type: str }))),
  org: z.optional(z.looseObject({ company: str })),
});
export const ContactsBody = z.array(ContactCard);

export const InteractiveBody = z.looseObject({
  type: str,
  button_reply: z.optional(z.looseObject({ id: str, title: str })),
  list_reply: z.optional(z.looseObject({ id: str, title: str, description: str })),
  nfm_reply: z.optional(z.looseObject({ name: str, body: str, response_json: str })),
  call_permission_reply: z.optional(z.looseObject({
      response: str,
      is_permanent: z.optional(z.boolean()),
      expiration_timestamp: num,
      response_source: str,
    })),
});

export const ButtonBody = z.looseObject({ payload: str, text: str });

export const ReactionBody = z.looseObject({ message_id: z.string(), emoji: str });

export const OrderBody = z.looseObject({
  catalog_id: str,
  text: str,
  product_items: z.optional(z.array(z.looseObject({ product_retailer_id: str, quantity: num, item_price: num, currency: str }))),
});

export const SystemBody = z.looseObject({
  body: str,
  type: str,
  wa_id: str,
  new_wa_id: str,
  customer: str,
  user_id: str,
  previous_user_id: str,
});

export const UnsupportedBody = z.looseObject({ type: str });

export const EditBody = z.looseObject({
  original_message_id: z.string(),
  message: z.optional(z.looseObject({ type: z._default(z.string(), 'unknown'), context: z.optional(z.unknown()) })),
});

export const RevokeBody = z.looseObject({ original_message_id: z.string() });

export const MessageContext = z.looseObject({
  from: str,
  id: str,
  forwarded: z.optional(z.boolean()),
  frequently_forwarded: z.optional(z.boolean()),
  referred_product: z.optional(z.looseObject({ catalog_id: str, product_retailer_id: str })),
});

export const Referral = z.looseObject({
  source_url: str,
  source_id: str,
  source_type: str,
  body: str,
  headline: str,
  media_type: str,
  image_url: str,
  video_url: str,
  thumbnail_url: str,
  ctwa_clid: str,
  welcome_message: z.optional(z.looseObject({ text: str })),
});
export type Referral = z.infer<typeof Referral>;

/** The parsed value, or undefined when it does not fit (the raw payload is kept either way). */
export function lenient<T extends z.ZodMiniType>(schema: T, value: unknown): z.output<T> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
