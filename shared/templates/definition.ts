import * as z from 'zod';

/**
 * The shape of a template definition as Meta's create-template call takes it (reference/meta-templates-flows-graph.md
 * §1), with component types and formats accepted in either case and stored upper-case. Structure only: Meta's
 * content rules (lengths, variables, button mixes) are in rules.ts, so their 400s name the component and the rule.
 */
const upper = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(values, { error: `${what} must be one of ${values.join(', ')}` }));

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL', 'LIMITED_TIME_OFFER', 'CALL_PERMISSION_REQUEST'] as const;
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION', 'PRODUCT'] as const;
export const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'FLOW', 'CATALOG', 'MPM', 'SPM', 'VOICE_CALL', 'ORDER_DETAILS'] as const;

export const templateNameSchema = z
  .string()
  .regex(/^[a-z0-9_]+$/, 'must be lowercase letters, digits and underscores (Meta rule)')
  .max(512, 'at most 512 characters (Meta limit)')
  .describe('Template name: lowercase letters, digits and underscores');

export const templateLanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as en_US, pt_BR or de')
  .describe('Language code, e.g. en_US');

const namedExample = z.array(z.object({ param_name: z.string().min(1), example: z.string().min(1) }).loose());

export const buttonSchema = z
  .object({
    type: upper(BUTTON_TYPES, 'button type'),
    text: z.string().optional(),
    url: z.string().optional(),
    phone_number: z.string().optional(),
    example: z.union([z.string(), z.array(z.string())]).optional(),
    otp_type: upper(['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'] as const, 'otp_type').optional(),
    autofill_text: z.string().optional(),
    zero_tap_terms_accepted: z.boolean().optional(),
    supported_apps: z.array(z.object({ package_name: z.string(), signature_hash: z.string() })).optional(),
    flow_id: z.union([z.string(), z.number()]).optional(),
    flow_name: z.string().optional(),
    flow_json: z.string().optional(),
    flow_action: z.enum(['navigate', 'data_exchange']).optional(),
    navigate_screen: z.string().optional(),
  })
  .loose();

const exampleSchema = z
  .object({
    header_text: z.array(z.string()).optional(),
    header_text_named_params: namedExample.optional(),
    header_handle: z.array(z.string().min(1)).optional(),
    body_text: z.array(z.array(z.string())).optional(),
    body_text_named_params: namedExample.optional(),
  })
  .loose();

const cardSchema = z.object({ components: z.array(z.lazy(() => componentSchema)).min(1, 'a card needs its components') });

export const componentSchema: z.ZodType<TemplateDefinitionComponent> = z
  .object({
    type: upper(COMPONENT_TYPES, 'component type'),
    format: upper(HEADER_FORMATS, 'header format').optional(),
    text: z.string().optional(),
    example: exampleSchema.optional(),
    buttons: z.array(buttonSchema).optional(),
    cards: z.array(cardSchema).optional(),
    limited_time_offer: z.object({ text: z.string(), has_expiration: z.boolean().optional() }).optional(),
    add_security_recommendation: z.boolean().optional(),
    code_expiration_minutes: z.number().int().optional(),
  })
  .loose() as z.ZodType<TemplateDefinitionComponent>;

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
  category: upper(TEMPLATE_CATEGORIES, 'category').describe('MARKETING, UTILITY or AUTHENTICATION'),
  parameter_format: z
    .preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(['named', 'positional']))
    .optional()
    .describe('named ({{first_name}}) or positional ({{1}}, the default)'),
  components: z.array(componentSchema).min(1, 'a template needs at least its BODY component').describe("Meta's template components: HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER"),
  message_send_ttl_seconds: z.number().int().optional().describe('How long Meta keeps trying to deliver (range depends on the category)'),
};

export const definitionSchema = z.object(definitionFields);
export type TemplateDefinition = z.output<typeof definitionSchema>;
