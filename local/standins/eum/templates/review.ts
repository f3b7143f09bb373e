/**
 * What Meta checks when a template is created or edited, as the stand-in sees it. Written apart from the backend's
 * own rules (shared/templates/rules.ts) on purpose: a definition that slips past our validation is still refused
 * here, with Meta's error code, as the real service would refuse it. The asynchronous review (`reviewVerdict`)
 * rejects a few policy breaches so a local user sees REJECTED too.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);

export const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Meta's create-template error codes (reference/meta-templates-flows-graph.md §1.1). */
const tooLong = (what: string, max: number) => `(#2388040) ${what} is too long: at most ${max} characters`;
const badFormat = (code: number, what: string, why: string) => `(#${code}) Invalid ${what} format: ${why}`;

function variablesOf(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1]!);
}

function checkBody(c: Obj, problems: string[], category: string): void {
  if (category === 'AUTHENTICATION') return; // Meta writes the authentication body itself.
  const text = c.text;
  if (typeof text !== 'string' || text.trim() === '') return void problems.push(badFormat(2388072, 'body', 'text is required'));
  if ([...text].length > 1024) problems.push(tooLong('Body text', 1024));
  const trimmed = text.trim();
  if (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}$/.test(trimmed)) {
    problems.push('(#2388299) Variables can\'t be at the start or end of the template body');
  }
  if ((text.match(/\{\{/g) ?? []).length !== (text.match(/\}\}/g) ?? []).length) problems.push(badFormat(2388072, 'body', 'mismatched braces'));
  const vars = variablesOf(text);
  const example = isObj(c.example) ? c.example : undefined;
  if (vars.length > 0 && !example) problems.push(badFormat(2388072, 'body', 'every variable needs an example value'));
  if (vars.some((v) => /[#$%]/.test(v))) problems.push(badFormat(2388072, 'body', 'variables may not contain #, $ or %'));
}

function checkHeader(c: Obj, problems: string[]): void {
  const format = upper(c.format);
  if (format === 'TEXT') {
    const text = c.text;
    if (typeof text !== 'string' || text === '') return void problems.push(badFormat(2388047, 'header', 'text is required'));
    if ([...text].length > 60) problems.push(tooLong('Header text', 60));
    if (variablesOf(text).length > 1) problems.push(badFormat(2388047, 'header', 'at most one variable'));
  } else if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') {
    const handles = isObj(c.example) ? c.example.header_handle : undefined;
    if (!Array.isArray(handles) || handles.length === 0) problems.push(badFormat(2388047, 'header', `a ${format} header needs example.header_handle`));
  } else if (format !== 'LOCATION' && format !== 'PRODUCT') {
    problems.push(badFormat(2388047, 'header', `unknown format ${String(c.format)}`));
  }
}

function checkButtons(c: Obj, problems: string[]): void {
  const buttons = Array.isArray(c.buttons) ? c.buttons : [];
  if (buttons.length === 0 || buttons.length > 10) problems.push('(#100) Invalid parameter: BUTTONS needs 1 to 10 buttons');
  buttons.forEach((b, i) => {
    if (!isObj(b)) return void problems.push(`(#100) Invalid parameter: button ${i} must be an object`);
    const type = upper(b.type);
    if (type !== 'COPY_CODE' && type !== 'OTP' && (typeof b.text !== 'string' || [...b.text].length > 25)) {
      problems.push(`(#100) Invalid parameter: button ${i} text is required, at most 25 characters`);
    }
    if (type === 'URL' && (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url))) problems.push(`(#100) Invalid parameter: button ${i} url must be a URL`);
  });
}

/** Synchronous refusal, as Meta answers the create/edit call. Empty when the definition is acceptable. */
export function definitionProblems(def: Obj): string[] {
  const problems: string[] = [];
  if (typeof def.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(def.name)) {
    problems.push('(#100) Invalid parameter: name must be lowercase letters, digits and underscores');
  }
  if (typeof def.language !== 'string' || def.language === '') problems.push('(#100) Invalid parameter: language is required');
  const category = String(upper(def.category));
  if (!(CATEGORIES as readonly string[]).includes(category)) problems.push(`(#100) Invalid parameter: category must be one of ${CATEGORIES.join(', ')}`);
  problems.push(...componentProblems(def.components, category));
  return problems;
}

export function componentProblems(components: unknown, category: string): string[] {
  const problems: string[] = [];
  if (!Array.isArray(components) || components.length === 0) return ['(#100) Invalid parameter: components is required'];
  const seen = new Map<string, number>();
  for (const c of components) {
    if (!isObj(c)) {
      problems.push('(#100) Invalid parameter: each component must be an object');
      continue;
    }
    const type = String(upper(c.type));
    seen.set(type, (seen.get(type) ?? 0) + 1);
    if (type === 'BODY') checkBody(c, problems, category);
    else if (type === 'HEADER') checkHeader(c, problems);
    else if (type === 'FOOTER' && typeof c.text === 'string' && [...c.text].length > 60) problems.push(tooLong('Footer text', 60));
    else if (type === 'BUTTONS') checkButtons(c, problems);
  }
  if (seen.get('BODY') !== 1) problems.push(badFormat(2388072, 'body', 'a template needs exactly one BODY'));
  for (const type of ['HEADER', 'FOOTER', 'BUTTONS']) {
    if ((seen.get(type) ?? 0) > 1) problems.push(`(#100) Invalid parameter: at most one ${type}`);
  }
  return problems;
}

/**
 * The asynchronous review: a few phrases stand for policy breaches (a local user can try one and watch REJECTED
 * arrive); anything else is approved.
 */
const POLICY_BREACHES: Array<[RegExp, string]> = [
  [/\b(lottery|jackpot|you have won|guaranteed income)\b/i, 'SCAM'],
  [/\b(idiot|stupid|hate you)\b/i, 'ABUSIVE_CONTENT'],
];

export function reviewVerdict(components: unknown): { status: 'APPROVED' } | { status: 'REJECTED'; reason: string } {
  const text = JSON.stringify(components ?? []);
  for (const [pattern, reason] of POLICY_BREACHES) if (pattern.test(text)) return { status: 'REJECTED', reason };
  return { status: 'APPROVED' };
}
