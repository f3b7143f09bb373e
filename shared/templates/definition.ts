import * as z from '../zod';

/**
 * The shape of a template definition as Meta's create-template call takes it (reference/meta-templates-flows-graph.md
 * §1), with component types and formats accepted in either case and stored upper-case. Structure only: Meta's
 * content rules (lengths, variables, button mixes) are in rules.ts, so their 400s name the component and the rule.
 */
const upper = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.pipe(z.transform((v) => (typeof v === 'string' ? v.toUpperCase() : v)), z.enum(values, { error: `${what} must be one of ${values.join(', ')}` }));

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL', 'LIMITED_TIME_OFFER', 'CALL_PERMISSION_REQUEST'] as const;
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION', 'PRODUCT'] as const;
export const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'FLOW', 'CATALOG', 'MPM', 'SPM', 'VOICE_CALL', 'ORDER_DETAILS'] as const;

export const templateNameSchema = z.string().check(
  z.regex(/^[a-z0-9_]+$/, 'must be lowercase letters, digits and underscores (Meta rule)'),
  z.maxLength(512, 'at most 512 characters (Meta limit)'),
  z.describe('Template name: lowercase letters, digits and underscores'),
);

export const templateLanguageSchema = z.string().check(
  z.regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as en_US, pt_BR or de'),
  z.describe('Language code, e.g. en_US'),
);

const namedExample = z.array(z.catchall(z.object({ param_name: z.string().check(z.minLength(1)), example: z.string().check(z.minLength(1)) }), z.unknown()));

export const buttonSchema = z.catchall(z.object({
    type: upper(BUTTON_TYPES, 'button type'),
    text: z.optional(z.string()),
    url: z.optional(z.string()),
    phone_number: z.optional(z.string()),
    example: z.optional(z.union([z.string(), z.array(z.string())])),
    otp_type: z.optional(upper(['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'] as const, 'otp_type')),
    autofill_text: z.optional(z.string()),
    zero_tap_terms_accepted: z.optional(z.boolean()),
    supported_apps: z.optional(z.array(z.object({ package_name: z.string(), signature_hash: z.string() }))),
    flow_id: z.optional(z.union([z.string(), z.number()])),
    flow_name: z.optional(z.string()),
    flow_json: z.optional(z.string()),
    flow_action: z.optional(z.enum(['navigate', 'data_exchange'])),
    navigate_screen: z.optional(z.string()),
  }), z.unknown());

const exampleSchema = z.catchall(z.object({
    header_text: z.optional(z.array(z.string())),
    header_text_named_params: z.optional(namedExample),
    header_handle: z.optional(z.array(z.string().check(z.minLength(1)))),
    body_text: z.optional(z.array(z.array(z.string()))),
    body_text_named_params: z.optional(namedExample),
  }), z.unknown());

const cardSchema = z.object({ components: z.array(z.lazy(() => componentSchema)).check(
  z.minLength(1, 'a card needs its components'),
) });

export const componentSchema: z.ZodMiniType<TemplateDefinitionComponent> = z.catchall(z.object({
    type: upper(COMPONENT_TYPES, 'component type'),
    format: z.optional(upper(HEADER_FORMATS, 'header format')),
    text: z.optional(z.string()),
    example: z.optional(exampleSchema),
    buttons: z.optional(z.array(buttonSchema)),
    cards: z.optional(z.array(cardSchema)),
    limited_time_offer: z.optional(z.object({ text: z.string(), has_expiration: z.optional(z.boolean()) })),
    add_security_recommendation: z.optional(z.boolean()),
    code_expiration_minutes: z.optional(z.number().check(z.int())),
  }), z.unknown()) as z.ZodMiniType<TemplateDefinitionComponent>;

export interface TemplateDefinitionComponent {
  type: (typeof COMPONENT_TYPES)[number];
  format?: (typeof HEADER_FORMATS)[number];
  text?: string;
  example?: z.output<typeof exampleSchema>;
  buttons?: z.output<typeof buttonSchema>[];
  cards?: Array<{ components: TemplateDefinitionComponent[] }>;
  limited_time_offer?: { text: string; has_expiration?: boolean };
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
  [key: string]: unknown;
}

export type TemplateButton = z.output<typeof buttonSchema>;

export const definitionFields = {
  name: templateNameSchema,
  language: templateLanguageSchema,
  category: upper(TEMPLATE_CATEGORIES, 'category').check(z.describe('MARKETING, UTILITY or AUTHENTICATION')),
  parameter_format: z.optional(z.pipe(z.transform((v) => (typeof v === 'string' ? v.toLowerCase() : v)), z.enum(['named', 'positional']))).check(
    z.describe('named ({{first_name}}) or positional ({{1}}, the default)'),
  ),
  components: z.array(componentSchema).check(
    z.minLength(1, 'a template needs at least its BODY component'),
    z.describe("Meta's template components: HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER"),
  ),
  message_send_ttl_seconds: z.optional(z.number().check(z.int())).check(
    z.describe('How long Meta keeps trying to deliver (range depends on the category)'),
  ),
};

export const definitionSchema = z.object(definitionFields);
export type TemplateDefinition = z.output<typeof definitionSchema>;
