import type { FieldProblem } from '../errors';
import type { TemplateDefinition, TemplateDefinitionComponent } from './definition';
import { buttonProblems } from './rules-buttons';
import { startsOrEndsWithVariable, variableProblems, variablesOf } from './variables';

/**
 * Meta's rules for a template definition, checked before anything reaches EUM Social, so a 400 names the
 * component, the field and the rule instead of an opaque ValidationException (Meta's 2388xxx errors) later.
 * Sources: reference/meta-templates-flows-graph.md §1.1-§1.9.
 */

const chars = (s: string) => [...s].length;
type Format = 'NAMED' | 'POSITIONAL';

interface Ctx {
  category: string;
  format: Format;
  problems: FieldProblem[];
  /** A media header sample will be uploaded by the action (header_handle filled in then). */
  headerSampleGiven: boolean;
  hasLto: boolean;
}

const report = (ctx: Ctx, field: string, reason: string): void => void ctx.problems.push({ field, reason });

function namedExampleProblems(ctx: Ctx, at: string, where: string, names: string[], given: Array<{ param_name: string }> | undefined): void {
  const have = new Set((given ?? []).map((p) => p.param_name));
  const missing = names.filter((n) => !have.has(n));
  if (missing.length) report(ctx, at, `${where}: every variable needs an example; missing ${missing.map((n) => `{{${n}}}`).join(', ')}`);
}

function bodyRules(ctx: Ctx, c: TemplateDefinitionComponent, path: string, maxLength: number): void {
  if (ctx.category === 'AUTHENTICATION') {
    if (c.text !== undefined) report(ctx, `${path}.text`, 'BODY: Meta writes the body of an AUTHENTICATION template; give only add_security_recommendation');
    return;
  }
  if (!c.text?.trim()) return report(ctx, `${path}.text`, 'BODY: text is required');
  if (chars(c.text) > maxLength) report(ctx, `${path}.text`, `BODY: at most ${maxLength.toLocaleString('en-US')} characters (Meta limit)`);
  for (const reason of variableProblems(c.text, 'BODY', ctx.format)) report(ctx, `${path}.text`, reason);
  if (startsOrEndsWithVariable(c.text)) report(ctx, `${path}.text`, 'BODY: a variable may not start or end the body (Meta rule, error 2388299)');
  const v = variablesOf(c.text);
  if (v.kind === 'positional') {
    const rows = c.example?.body_text;
    if (!rows?.[0] || rows[0].length !== v.distinct.length) {
      report(ctx, `${path}.example.body_text`, `BODY: every variable needs an example: give body_text [[${v.distinct.length} value${v.distinct.length > 1 ? 's' : ''}]]`);
    }
  } else if (v.kind === 'named') {
    namedExampleProblems(ctx, `${path}.example.body_text_named_params`, 'BODY', v.distinct, c.example?.body_text_named_params);
  }
}

function headerRules(ctx: Ctx, c: TemplateDefinitionComponent, path: string): void {
  if (ctx.category === 'AUTHENTICATION') return report(ctx, `${path}.type`, 'HEADER: AUTHENTICATION templates have no header');
  if (!c.format) return report(ctx, `${path}.format`, 'HEADER: format is required (TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION)');
  if (c.format === 'TEXT') {
    if (!c.text) return report(ctx, `${path}.text`, 'HEADER: a TEXT header needs its text');
    if (chars(c.text) > 60) report(ctx, `${path}.text`, 'HEADER: at most 60 characters (Meta limit)');
    const v = variablesOf(c.text);
    if (v.tokens.length > 1) report(ctx, `${path}.text`, 'HEADER: at most 1 variable (Meta limit)');
    for (const reason of variableProblems(c.text, 'HEADER', ctx.format)) report(ctx, `${path}.text`, reason);
    if (v.kind === 'positional' && !c.example?.header_text?.[0]) report(ctx, `${path}.example.header_text`, 'HEADER: the variable needs an example: header_text [value]');
    if (v.kind === 'named') namedExampleProblems(ctx, `${path}.example.header_text_named_params`, 'HEADER', v.distinct, c.example?.header_text_named_params);
  } else if (c.format === 'IMAGE' || c.format === 'VIDEO' || c.format === 'DOCUMENT') {
    if (ctx.hasLto && c.format === 'DOCUMENT') report(ctx, `${path}.format`, 'HEADER: a limited-time offer takes an IMAGE or VIDEO header');
    if (!c.example?.header_handle?.length && !ctx.headerSampleGiven) {
      report(ctx, `${path}.example.header_handle`, `HEADER: a ${c.format} header needs a sample: give headerS3Key (uploaded for you) or example.header_handle`);
    }
  }
}

function footerRules(ctx: Ctx, c: TemplateDefinitionComponent, path: string): void {
  if (ctx.hasLto) report(ctx, `${path}.type`, 'FOOTER: a limited-time offer template has no footer (Meta rule)');
  if (ctx.category === 'AUTHENTICATION') {
    const m = c.code_expiration_minutes;
    if (m !== undefined && (m < 1 || m > 90)) report(ctx, `${path}.code_expiration_minutes`, 'FOOTER: code_expiration_minutes is 1 to 90');
    if (c.text !== undefined) report(ctx, `${path}.text`, 'FOOTER: an AUTHENTICATION footer has only code_expiration_minutes');
    return;
  }
  if (!c.text) return report(ctx, `${path}.text`, 'FOOTER: text is required');
  if (chars(c.text) > 60) report(ctx, `${path}.text`, 'FOOTER: at most 60 characters (Meta limit)');
  if (variablesOf(c.text).tokens.length) report(ctx, `${path}.text`, 'FOOTER: no variables allowed (Meta rule)');
}

function carouselRules(ctx: Ctx, c: TemplateDefinitionComponent, path: string): void {
  if (ctx.category !== 'MARKETING') report(ctx, `${path}.type`, 'CAROUSEL: needs category MARKETING');
  const cards = c.cards ?? [];
  if (cards.length < 2 || cards.length > 10) return report(ctx, `${path}.cards`, 'CAROUSEL: 2 to 10 cards (Meta limit)');
  const shapes = cards.map((card) => card.components.map((k) => `${k.type}:${k.format ?? ''}:${(k.buttons ?? []).map((b) => b.type).join('/')}`).join('|'));
  cards.forEach((card, i) => {
    const at = `${path}.cards.${i}`;
    if (shapes[i] !== shapes[0]) report(ctx, `${at}.components`, 'CAROUSEL: every card has the same components and button types as the first (Meta rule)');
    const header = card.components.find((k) => k.type === 'HEADER');
    if (!header || !['IMAGE', 'VIDEO', 'PRODUCT'].includes(header.format ?? '')) report(ctx, `${at}.components`, 'CAROUSEL: each card starts with an IMAGE, VIDEO or PRODUCT header');
    else if (header.format !== 'PRODUCT' && !header.example?.header_handle?.length) report(ctx, `${at}.components`, 'CAROUSEL: each card header needs example.header_handle');
    const body = card.components.find((k) => k.type === 'BODY');
    if (body?.text && chars(body.text) > 160) report(ctx, `${at}.components`, 'CAROUSEL: a card body is at most 160 characters (Meta limit)');
    const buttons = card.components.find((k) => k.type === 'BUTTONS')?.buttons ?? [];
    if (buttons.length < 1 || buttons.length > 2) report(ctx, `${at}.components`, 'CAROUSEL: each card has 1 or 2 buttons (Meta limit)');
    if (buttons.some((b) => !['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'SPM'].includes(b.type))) report(ctx, `${at}.components`, 'CAROUSEL: card buttons are QUICK_REPLY, URL, PHONE_NUMBER or SPM');
  });
}

function ltoRules(ctx: Ctx, c: TemplateDefinitionComponent, path: string): void {
  if (ctx.category !== 'MARKETING') report(ctx, `${path}.type`, 'LIMITED_TIME_OFFER: needs category MARKETING');
  const text = c.limited_time_offer?.text;
  if (!text) report(ctx, `${path}.limited_time_offer.text`, 'LIMITED_TIME_OFFER: text is required');
  else if (chars(text) > 16) report(ctx, `${path}.limited_time_offer.text`, 'LIMITED_TIME_OFFER: text is at most 16 characters (Meta limit)');
}

const TTL: Record<string, { min: number; max: number; unlimited: boolean }> = {
  AUTHENTICATION: { min: 30, max: 900, unlimited: true },
  UTILITY: { min: 30, max: 43_200, unlimited: true },
  MARKETING: { min: 43_200, max: 2_592_000, unlimited: false },
};

function ttlRules(ctx: Ctx, ttl: number | undefined): void {
  ctx.problems.push(...ttlProblems(ctx.category, ttl));
}

/** Meta's TTL range for a category (create_template, set_template_ttl): empty when `ttl` fits or is not given. */
export function ttlProblems(category: string, ttl: number | undefined): FieldProblem[] {
  if (ttl === undefined) return [];
  const r = TTL[category];
  if (!r) return [{ field: 'message_send_ttl_seconds', reason: `${category}: no TTL can be set for this category` }];
  if ((ttl === -1 && r.unlimited) || (ttl >= r.min && ttl <= r.max)) return [];
  return [{ field: 'message_send_ttl_seconds', reason: `${category}: message_send_ttl_seconds is ${r.min}-${r.max}${r.unlimited ? ' or -1 (30 days)' : ''} (Meta rule)` }];
}

/** Every rule breach of a create (or, with `componentsOnly`, an edit) as field + reason; empty when Meta would accept it. */
export function templateRuleProblems(def: Pick<TemplateDefinition, 'category' | 'components'> & Partial<TemplateDefinition>, opts: { headerSampleGiven?: boolean } = {}): FieldProblem[] {
  const ctx: Ctx = {
    category: def.category,
    format: def.parameter_format === 'named' ? 'NAMED' : 'POSITIONAL',
    problems: [],
    headerSampleGiven: opts.headerSampleGiven ?? false,
    hasLto: def.components.some((c) => c.type === 'LIMITED_TIME_OFFER'),
  };
  const counts = new Map<string, number>();
  def.components.forEach((c, i) => {
    const path = `components.${i}`;
    counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
    if (counts.get(c.type)! > 1) return report(ctx, `${path}.type`, `${c.type}: at most one ${c.type} component`);
    if (c.type === 'BODY') bodyRules(ctx, c, path, ctx.hasLto ? 600 : 1024);
    else if (c.type === 'HEADER') headerRules(ctx, c, path);
    else if (c.type === 'FOOTER') footerRules(ctx, c, path);
    else if (c.type === 'BUTTONS') ctx.problems.push(...buttonProblems(c.buttons, path, ctx.category));
    else if (c.type === 'CAROUSEL') carouselRules(ctx, c, path);
    else if (c.type === 'LIMITED_TIME_OFFER') ltoRules(ctx, c, path);
  });
  if (!counts.has('BODY')) report(ctx, 'components', 'BODY: a template needs exactly one BODY component');
  ttlRules(ctx, def.message_send_ttl_seconds);
  return ctx.problems;
}
