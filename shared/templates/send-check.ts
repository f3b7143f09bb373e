import type { FieldProblem } from '../errors';
import { richComponentProblems } from './send-check-rich';
import { expectedParameters } from './variables';

/**
 * Checks a send_template call against the approved definition (Meta's JSON from GetWhatsAppMessageTemplate), so a
 * mismatch is a 400 that says what the template expects instead of Meta's 132000/132012 failure later.
 */
export type Obj = Record<string, unknown>;
type SendParam = { type: string; parameter_name?: string };
export type SendComponent = { type: string; sub_type?: string; index?: string | number; parameters?: SendParam[]; [key: string]: unknown };

const SUB_TYPE: Record<string, string[]> = {
  QUICK_REPLY: ['quick_reply'],
  URL: ['url'],
  OTP: ['url', 'copy_code'],
  COPY_CODE: ['copy_code'],
  FLOW: ['flow'],
  CATALOG: ['catalog'],
  MPM: ['mpm'],
  SPM: ['spm'],
  VOICE_CALL: ['voice_call'],
  ORDER_DETAILS: ['order_details'],
};
/** Buttons that cannot be sent without their parameter. */
const NEEDS_PARAMETER = new Set(['COPY_CODE', 'OTP', 'MPM', 'ORDER_DETAILS']);

export const upper = (v: unknown) => String(v ?? '').toUpperCase();
const braces = (names: string[]) => names.map((n) => `{{${n}}}`).join(', ');

/** A URL button whose URL ends in a variable takes its suffix as a parameter. */
export const isDynamicUrl = (b: Obj) => upper(b.type) === 'URL' && expectedParameters(b.url as string | undefined).names.length > 0;

export function paramsProblem(where: string, field: string, names: string[], kind: string, params: SendParam[] | undefined): FieldProblem | undefined {
  const given = params ?? [];
  if (names.length === 0) {
    return given.length ? { field, reason: `${where} has no variables: leave its parameters out` } : undefined;
  }
  if (kind === 'named') {
    const have = given.map((p) => p.parameter_name);
    const missing = names.filter((n) => !have.includes(n));
    const extra = have.filter((n) => !n || !names.includes(n));
    if (missing.length || extra.length || given.length !== names.length) {
      return {
        field,
        reason: `${where} expects ${names.length} named parameter${names.length > 1 ? 's' : ''} (${names.map((n) => `parameter_name "${n}"`).join(', ')})${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unknown ${extra.map((e) => e ?? '(no parameter_name)').join(', ')}` : ''}`,
      };
    }
    return undefined;
  }
  if (given.length !== names.length) {
    return { field, reason: `${where} expects ${names.length} parameter${names.length > 1 ? 's' : ''} (${braces(names)}); got ${given.length}` };
  }
  if (given.some((p) => p.parameter_name !== undefined)) return { field, reason: `${where} uses positional variables (${braces(names)}): leave parameter_name out` };
  return undefined;
}

const MEDIA_HINT: Record<string, string> = { location: ' (latitude, longitude, name, address)', product: ' (product_retailer_id, catalog_id)' };

export function headerProblems(defHeader: Obj | undefined, send: SendComponent | undefined, at: string): FieldProblem[] {
  const field = `${at}`;
  if (!defHeader) return send ? [{ field, reason: 'the template has no HEADER: leave the header component out' }] : [];
  const format = upper(defHeader.format);
  if (format === 'TEXT') {
    const { names, kind } = expectedParameters(defHeader.text as string | undefined);
    if (names.length === 0) return send ? [{ field, reason: 'the template HEADER is fixed text: leave the header component out' }] : [];
    const p = paramsProblem('HEADER', `${field}.parameters`, names, kind, send?.parameters);
    return p ? [p] : [];
  }
  const wanted = format.toLowerCase();
  const given = send?.parameters?.[0]?.type;
  if (given !== wanted) {
    return [{ field: `${field}.parameters`, reason: `the template HEADER is ${format}: give a header component with one ${wanted} parameter${MEDIA_HINT[wanted] ?? ' ({id} or {link})'}` }];
  }
  return [];
}

/** `at(i)` names the i-th sent component (e.g. "components.2"); `where` prefixes reasons (e.g. "card 1: "). */
export function buttonProblems(defButtons: Obj[], sends: Array<{ c: SendComponent; i: number }>, at: (i: number) => string, where = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const layout = defButtons.map((b, k) => `${k}: ${upper(b.type)}`).join(', ') || 'none';
  const used = new Set<number>();
  for (const { c, i } of sends) {
    const index = Number(c.index);
    const def = defButtons[index];
    if (!def) {
      problems.push({ field: `${at(i)}.index`, reason: `${where}the template has ${defButtons.length} button${defButtons.length === 1 ? '' : 's'} (${layout}); there is no button ${index}` });
      continue;
    }
    used.add(index);
    const allowed = SUB_TYPE[upper(def.type)] ?? [];
    if (!allowed.includes(String(c.sub_type))) {
      problems.push({ field: `${at(i)}.sub_type`, reason: `${where}button ${index} is ${upper(def.type)}: sub_type must be ${allowed.join(' or ') || 'left out (it takes no parameter)'}` });
    }
    if (upper(def.type) === 'URL' && !isDynamicUrl(def)) {
      problems.push({ field: at(i), reason: `${where}button ${index} is a fixed URL: leave its component out` });
    }
  }
  defButtons.forEach((b, k) => {
    const type = upper(b.type);
    if ((NEEDS_PARAMETER.has(type) || isDynamicUrl(b)) && !used.has(k)) {
      const sub = SUB_TYPE[type]![0];
      problems.push({ field: at(-1), reason: `${where}button ${k} (${type}) needs a parameter: add {type: "button", sub_type: "${sub}", index: ${k}, parameters: [1]}` });
    }
  });
  return problems;
}

/**
 * The BODY's expected parameters. Meta's AUTHENTICATION body is fixed ("{{1}} is your verification code"): created
 * without text, it always takes the code as its one parameter.
 */
export function bodyExpectation(body: Obj | undefined, category: unknown): { names: string[]; kind: string } {
  if (upper(category) === 'AUTHENTICATION' && typeof body?.text !== 'string') return { names: ['1'], kind: 'positional' };
  return expectedParameters(body?.text as string | undefined);
}

/** Header, body and buttons of one component list (the message's, or one carousel card's) against its definition. */
export function componentListProblems(defs: Obj[], sends: SendComponent[], at: (i: number) => string, category?: unknown, where = ''): FieldProblem[] {
  const find = (type: string) => defs.find((d) => upper(d.type) === type);
  const indexed = sends.map((c, i) => ({ c, i }));
  const sendOf = (type: string) => indexed.find((s) => s.c.type === type);
  const problems: FieldProblem[] = [];
  const header = sendOf('header');
  problems.push(...headerProblems(find('HEADER'), header?.c, header ? at(header.i) : at(-1)).map((p) => ({ ...p, reason: where + p.reason })));
  const sendBody = sendOf('body');
  const { names, kind } = bodyExpectation(find('BODY'), category);
  const bodyProblem = paramsProblem(`${where}BODY`, sendBody ? `${at(sendBody.i)}.parameters` : at(-1), names, kind, sendBody?.c.parameters);
  if (bodyProblem) problems.push(bodyProblem);
  const defButtons = ((find('BUTTONS')?.buttons as Obj[] | undefined) ?? []).filter((b) => typeof b === 'object' && b !== null);
  problems.push(...buttonProblems(defButtons, indexed.filter((s) => s.c.type === 'button'), at, where));
  return problems;
}

/** The definition's components in Meta's GET shape (upper-case types). */
export function templateSendProblems(definition: { components?: unknown[]; category?: unknown }, components: SendComponent[] | undefined): FieldProblem[] {
  const defs = (definition.components ?? []) as Obj[];
  const sends = components ?? [];
  const at = (i: number) => (i < 0 ? 'components' : `components.${i}`);
  return [...componentListProblems(defs, sends, at, definition.category), ...richComponentProblems(defs, sends, at, componentListProblems)];
}
