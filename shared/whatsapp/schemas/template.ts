import * as z from '../../zod';
import { httpsUrl, mediaIdField, metaLimit, requireUnique } from './common';
import { locationFields } from './location';

/**
 * Template messages: `components` in Meta's own shape (as Meta's docs and template tools write them), validated
 * against the rules Meta enforces without knowing the template: one header and one body at most, a header takes
 * one parameter, button indexes 0-9 and unique, parameters either all named (parameter_name) or all positional.
 * Whether the count matches the approved template only Meta knows (error 132000).
 */

const PARAMETER_NAME = /^[a-z0-9_]+$/;

const parameterName = z.optional(z.string().check(
  z.regex(PARAMETER_NAME, 'must be lowercase letters, digits and underscores (a named template parameter)'),
)).check(
  z.describe('Named templates: the {{name}} this value fills'),
);

/** Meta refuses parameter text with line breaks, tabs or runs of more than 4 spaces (error 132018). */
const paramText = (max: number) =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, metaLimit(max, 'characters')),
    z.refine((t) => !/[\n\t]| {5,}/.test(t), 'must not contain line breaks, tabs or more than 4 consecutive spaces (Meta rule)'),
  );

const textParam = (max: number) => z.object({ type: z.literal('text'), text: paramText(max), parameter_name: parameterName });

const currencyParam = z.object({
  type: z.literal('currency'),
  currency: z.object({
    fallback_value: z.string().check(z.minLength(1, 'must not be empty')),
    code: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD')),
    amount_1000: z.number().check(z.int('must be an integer: the amount times 1000')),
  }),
  parameter_name: parameterName,
});

const dateTimeParam = z.object({
  type: z.literal('date_time'),
  date_time: z.object({ fallback_value: z.string().check(z.minLength(1, 'must not be empty')) }),
  parameter_name: parameterName,
});

function mediaParam<K extends 'image' | 'video' | 'document'>(kind: K) {
  const media = z.object({
      link: z.optional(httpsUrl),
      id: z.optional(mediaIdField),
      ...(kind === 'document' ? { filename: z.optional(z.string().check(
        z.minLength(1),
        z.maxLength(240, 'at most 240 characters'),
      )) } : {}),
    }).check(
    z.superRefine((m, ctx) => {
        if ((m.link === undefined) === (m.id === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['link'], message: `give exactly one of link (https URL) or id (a WhatsApp media id) for the ${kind}` });
        }
      }),
  );
  return z.object({ type: z.literal(kind), [kind]: media } as { type: z.ZodMiniLiteral<K> } & Record<K, typeof media>);
}

const locationParam = z.object({ type: z.literal('location'), location: z.object(locationFields) });

const headerComponent = z.object({
  type: z.literal('header'),
  parameters: z.array(
      z.discriminatedUnion('type', [textParam(60), mediaParam('image'), mediaParam('video'), mediaParam('document'), locationParam], {
        error: 'must be a header parameter of type text, image, video, document or location',
      }),
    ).check(
    z.length(1, 'a header takes exactly 1 parameter'),
  ),
});

const bodyComponent = z.object({
  type: z.literal('body'),
  parameters: z.array(
      z.discriminatedUnion('type', [textParam(1024), currencyParam, dateTimeParam], {
        error: 'must be a body parameter of type text, currency or date_time',
      }),
    ).check(
    z.minLength(1, 'at least 1 parameter (leave the body component out when it has none)'),
  ),
});

const BUTTON_POSITION = 'must be the button position 0-9 (a template has at most 10 buttons)';

const buttonIndex = z.union(
    [
      z.number().check(z.int(), z.gte(0, BUTTON_POSITION), z.lte(9, BUTTON_POSITION)),
      z.string().check(z.regex(/^\d$/, BUTTON_POSITION)),
    ],
    { error: BUTTON_POSITION },
  ).check(
  z.describe('Position of the button in the template, 0-9'),
);

const one = <T extends z.ZodMiniType>(param: T) => z.array(param).check(
  z.length(1, 'this button takes exactly 1 parameter'),
);

const buttonComponent = z.discriminatedUnion(
  'sub_type',
  [
    z.object({
      type: z.literal('button'),
      sub_type: z.literal('url'),
      index: buttonIndex,
      parameters: one(z.object({ type: z.literal('text'), text: z.string().check(
        z.minLength(1, 'must not be empty: the URL suffix'),
      ) })),
    }),
    z.object({
      type: z.literal('button'),
      sub_type: z.literal('quick_reply'),
      index: buttonIndex,
      parameters: one(z.object({ type: z.literal('payload'), payload: z.string().check(
        z.minLength(1, 'must not be empty'),
      ) })),
    }),
    z.object({
      type: z.literal('button'),
      sub_type: z.literal('copy_code'),
      index: buttonIndex,
      parameters: one(z.object({ type: z.literal('coupon_code'), coupon_code: z.string().check(
        z.minLength(1, 'must not be empty'),
        z.maxLength(15, metaLimit(15, 'characters')),
      ) })),
    }),
    z.object({
      type: z.literal('button'),
      sub_type: z.literal('flow'),
      index: buttonIndex,
      parameters: one(
        z.object({
          type: z.literal('action'),
          action: z.object({
            flow_token: z.optional(z.string().check(z.minLength(1))),
            flow_action_data: z.optional(z.record(z.string(), z.unknown())),
          }),
        }),
      ),
    }),
  ],
  { error: 'sub_type must be url, quick_reply, copy_code or flow' },
);

const component = z.discriminatedUnion('type', [headerComponent, bodyComponent, buttonComponent], {
  error: 'type must be header, body or button',
});

export type TemplateComponent = z.output<typeof component>;

type Param = { type: string; parameter_name?: string };

/** In one component, parameters are all named or all positional, and names are unique. */
function refineNaming(params: Param[], ctx: z.core.$RefinementCtx, path: PropertyKey[]): void {
  const named = params.filter((p) => p.parameter_name !== undefined).length;
  if (named > 0 && named < params.length) {
    ctx.addIssue({ code: 'custom', path: [...path, 'parameters'], message: 'give parameter_name on every parameter (named template) or on none (positional)' });
  }
  const names = params.map((p) => p.parameter_name).filter((n): n is string => n !== undefined);
  requireUnique(names, ctx, (i) => [...path, 'parameters', i, 'parameter_name'], 'parameter_name');
}

export const templateComponentsField = z.array(component).check(
  z.maxLength(12, metaLimit(12, 'components (a header, a body and up to 10 buttons)')),
  z.superRefine((components, ctx) => {
      for (const type of ['header', 'body'] as const) {
        const at = components.flatMap((c, i) => (c.type === type ? [i] : []));
        for (const i of at.slice(1)) ctx.addIssue({ code: 'custom', path: [i, 'type'], message: `at most one ${type} component` });
      }
      components.forEach((c, i) => {
        if (c.type !== 'button') refineNaming(c.parameters as Param[], ctx, [i]);
      });
      const buttons = components.flatMap((c, i) => (c.type === 'button' ? [{ index: String(c.index), i }] : []));
      requireUnique(buttons.map((b) => b.index), ctx, (k) => [buttons[k]!.i, 'index'], 'button index');
    }),
  z.describe("Meta's template components: [{type: \"header\", parameters: [1 text|image|video|document|location]}, {type: \"body\", parameters: [text|currency|date_time, parameter_name? for named templates]}, {type: \"button\", sub_type: \"url\"|\"quick_reply\"|\"copy_code\"|\"flow\", index: 0-9, parameters: [1]}]"),
);

export const templateNameField = z.string().check(
  z.regex(/^[a-z0-9_]+$/, 'must be a template name: lowercase letters, digits and underscores'),
  z.maxLength(512, metaLimit(512, 'characters')),
  z.describe('Name of an approved template'),
);

/** Accepts Meta's `{code}` object as well as the code itself. */
export const templateLanguageField = z.pipe(z.transform((v) => (typeof v === 'object' && v !== null && 'code' in v ? (v as { code: unknown }).code : v)), z.string().check(
      z.regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as en_US, pt_BR or de'),
    )).check(
  z.describe('Language code of the template, e.g. en_US'),
);

export function buildTemplate(p: { name: string; language: string; components?: TemplateComponent[] }): Record<string, unknown> {
  return {
    name: p.name,
    language: { code: p.language },
    ...(p.components?.length
      ? { components: p.components.map((c) => (c.type === 'button' ? { ...c, index: String(c.index) } : c)) }
      : {}),
  };
}

export function templatePreview(p: { name: string; components?: TemplateComponent[] }): string {
  const body = p.components?.find((c) => c.type === 'body');
  const values = (body?.parameters ?? []).map((param) =>
    param.type === 'text' ? param.text : param.type === 'currency' ? param.currency.fallback_value : param.date_time.fallback_value,
  );
  return `[template ${p.name}]${values.length ? ` ${values.join(', ')}` : ''}`.slice(0, 200);
}
