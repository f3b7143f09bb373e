import * as z from '../../shared/zod';
import type { ActionResult } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { approvedDefinition, assertFitsDefinition } from '../../shared/templates/cache';
import { ComponentsBuilder } from '../../shared/templates/components-builder';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { recipientSchema } from '../../shared/whatsapp/recipient';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { httpsUrl, mediaIdField, metaLimit, replyToField } from '../../shared/whatsapp/schemas/common';
import { locationFields } from '../../shared/whatsapp/schemas/location';
import { templateLanguageField, templateNameField } from '../../shared/whatsapp/schemas/template';

/**
 * What the template shortcuts (send_utility_template, send_coupon_template, …) share: the fields of a template
 * send and the one path they all take. The definition is read once (cached, refreshed from EUM Social on a miss),
 * the components are built from it, checked against it as send_template's are, and the message is sent and stored
 * like any outbound message. Templates need no 24-hour window.
 */

/** Meta refuses parameter text with line breaks, tabs or runs of more than 4 spaces (error 132018). */
export const paramText = (max: number) =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, metaLimit(max, 'characters')),
    z.refine((t) => !/[\n\t]| {5,}/.test(t), 'must not contain line breaks, tabs or more than 4 consecutive spaces (Meta rule)'),
  );

const paramName = z.string().check(
  z.regex(/^[a-z][a-z0-9_]*$/, 'must be a named variable: lowercase letters, digits and underscores'),
);

export const headerField = z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('text'), text: paramText(60) }),
      z.object({ type: z.literal('image'), link: z.optional(httpsUrl), id: z.optional(mediaIdField) }),
      z.object({ type: z.literal('video'), link: z.optional(httpsUrl), id: z.optional(mediaIdField) }),
      z.object({ type: z.literal('document'), link: z.optional(httpsUrl), id: z.optional(mediaIdField), filename: z.optional(z.string().check(
        z.minLength(1),
        z.maxLength(240),
      )) }),
      z.object({ type: z.literal('location'), ...locationFields }),
    ],
    { error: 'type must be text, image, video, document or location' },
  ).check(
  z.superRefine((h, ctx) => {
      if (h.type !== 'text' && h.type !== 'location' && (h.link === undefined) === (h.id === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['link'], message: `give exactly one of link (https URL) or id (a WhatsApp media id) for the ${h.type}` });
      }
    }),
  z.describe('The header value: {type: "text", text} for a text variable, {type: "image"|"video"|"document", link|id}, or {type: "location", latitude, longitude}'),
);

export const bodyParametersField = z.union([z.array(paramText(1024)).check(z.minLength(1, 'at least 1 value'), z.maxLength(100)), z.record(paramName, paramText(1024))], {
    error: 'must be a list of values ({{1}}, {{2}}… in order) or an object of named values ({"first_name": "Ana"})',
  }).check(
  z.describe('BODY variables: a list (positional {{1}}, {{2}}…, or named ones in order of appearance) or {name: value}'),
);

/** Meta: a coupon (copy-code) value is 1-15 letters and digits. */
export const couponCodeField = z.string().check(
  z.regex(/^[A-Za-z0-9]{1,15}$/, 'must be 1-15 letters and digits (Meta rule for copy-code values)'),
  z.describe('The code the copy-code button copies'),
);

export const commonButtonFields = {
  urlSuffixes: z.optional(z.array(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(2000))).check(z.maxLength(2))).check(
    z.describe('One suffix per URL button whose URL ends in a variable, in button order'),
  ),
  quickReplyPayloads: z.optional(z.array(z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(256, metaLimit(256, 'characters')),
  )).check(
    z.maxLength(10),
  )).check(
    z.describe('Payloads returned when quick reply buttons are tapped, in button order'),
  ),
};

/** Every shortcut's fields. */
export const shortcutFields = {
  to: recipientSchema,
  name: templateNameField,
  language: templateLanguageField,
  header: z.optional(headerField),
  bodyParameters: z.optional(bodyParametersField),
  ...commonButtonFields,
  replyTo: replyToField,
  ...senderFields,
};

export const shortcutAliases = {
  templateName: 'name',
  template_name: 'name',
  languageCode: 'language',
  language_code: 'language',
  body_parameters: 'bodyParameters',
  bodyParams: 'bodyParameters',
  body_params: 'bodyParameters',
  parameters: 'bodyParameters',
  url_suffixes: 'urlSuffixes',
  quick_reply_payloads: 'quickReplyPayloads',
  replyToMessageId: 'replyTo',
  reply_to: 'replyTo',
};

type ShortcutInput = z.output<z.ZodMiniObject<typeof shortcutFields>>;

function preview(name: string, body: ShortcutInput['bodyParameters'], extra?: string): string {
  const values = body ? (Array.isArray(body) ? body : Object.values(body)) : [];
  return `[template ${name}]${values.length ? ` ${values.join(', ')}` : ''}${extra ? ` ${extra}` : ''}`.slice(0, 200);
}

/**
 * Sends one template through the checked path: `build` adds the shortcut's own components (and may refuse with a
 * 400 naming its field); header, body, URL suffixes and quick replies come from the common fields.
 */
export async function sendShortcut(
  input: ShortcutInput,
  build: (b: ComponentsBuilder) => void,
  opts: { categories?: string[]; action: string; previewExtra?: string },
): Promise<ActionResult> {
  const phone = await resolvePhone({ metaWabaId: input.metaWabaId, phoneNumberId: input.phoneNumberId });
  const item = await approvedDefinition(phone.account, input.name, input.language);
  const b = new ComponentsBuilder(item);
  if (opts.categories) b.requireCategory(opts.categories, opts.action);
  build(b);
  b.addCommon(input);
  const components = b.components();
  assertFitsDefinition(item, components, b.fieldOf);
  const content = { name: input.name, language: { code: input.language }, ...(components.length ? { components } : {}) };
  const sent = await sendOutbound({
    to: input.to,
    type: 'template',
    content,
    preview: preview(input.name, input.bodyParameters, opts.previewExtra),
    replyTo: input.replyTo,
    metaWabaId: input.metaWabaId,
    phoneNumberId: input.phoneNumberId,
  });
  return { ...sent, template: { name: input.name, language: input.language, category: b.category, components } };
}
