import type { FieldProblem } from '../errors';
import { expectedParameters } from './variables';

/**
 * Checks a send_template call against the approved definition (Meta's JSON from GetWhatsAppMessageTemplate), so a
 * mismatch is a 400 that says what the template expects instead of Meta's 132000/132012 failure later.
 */
type Obj = Record<string, unknown>;
type SendParam = { type: string; parameter_name?: string };
export type SendComponent = { type: string; sub_type?: string; index?: string | number; parameters?: SendParam[] };

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
};
/** Buttons that cannot be sent without their parameter. */
const NEEDS_PARAMETER = new Set(['COPY_CODE', 'OTP']);

const upper = (v: unknown) => String(v ?? '').toUpperCase();
const braces = (names: string[]) => names.map((n) => `{{${n}}}`).join(', ');

function paramsProblem(where: string, field: string, names: string[], kind: string, params: SendParam[] | undefined): FieldProblem | undefined {
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

function headerProblems(defHeader: Obj | undefined, send: SendComponent | undefined, at: string): FieldProblem[] {
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
    return [{ field: `${field}.parameters`, reason: `the template HEADER is ${format}: give a header component with one ${wanted} parameter${wanted === 'location' ? ' (latitude, longitude, name, address)' : ' ({id} or {link})'}` }];
  }
  return [];
}

function buttonProblems(defButtons: Obj[], sends: Array<{ c: SendComponent; i: number }>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const layout = defButtons.map((b, k) => `${k}: ${upper(b.type)}`).join(', ') || 'none';
  const used = new Set<number>();
  for (const { c, i } of sends) {
    const index = Number(c.index);
    const def = defButtons[index];
    if (!def) {
      problems.push({ field: `components.${i}.index`, reason: `the template has ${defButtons.length} button${defButtons.length === 1 ? '' : 's'} (${layout}); there is no button ${index}` });
      continue;
    }
    used.add(index);
    const allowed = SUB_TYPE[upper(def.type)] ?? [];
    if (!allowed.includes(String(c.sub_type))) {
      problems.push({ field: `components.${i}.sub_type`, reason: `button ${index} is ${upper(def.type)}: sub_type must be ${allowed.join(' or ') || 'left out (it takes no parameter)'}` });
    }
    if (upper(def.type) === 'URL' && expectedParameters(def.url as string | undefined).names.length === 0) {
      problems.push({ field: `components.${i}`, reason: `button ${index} is a fixed URL: leave its component out` });
    }
  }
  defButtons.forEach((b, k) => {
    const type = upper(b.type);
    const needs = NEEDS_PARAMETER.has(type) || (type === 'URL' && expectedParameters(b.url as string | undefined).names.length > 0);
    if (needs && !used.has(k)) {
      const sub = SUB_TYPE[type]![0];
      problems.push({ field: 'components', reason: `button ${k} (${type}) needs a parameter: add {type: "button", sub_type: "${sub}", index: ${k}, parameters: [1]}` });
    }
  });
  return problems;
}

/** The definition's components in Meta's GET shape (upper-case types). */
export function templateSendProblems(definition: { components?: unknown[] }, components: SendComponent[] | undefined): FieldProblem[] {
  const defs = (definition.components ?? []) as Obj[];
  const find = (type: string) => defs.find((d) => upper(d.type) === type);
  const sends = (components ?? []).map((c, i) => ({ c, i }));
  const sendOf = (type: string) => sends.find((s) => s.c.type === type);
  const problems: FieldProblem[] = [];

  const header = sendOf('header');
  problems.push(...headerProblems(find('HEADER'), header?.c, header ? `components.${header.i}` : 'components'));

  const body = find('BODY');
  const sendBody = sendOf('body');
  const { names, kind } = expectedParameters(body?.text as string | undefined);
  const bodyProblem = paramsProblem('BODY', sendBody ? `components.${sendBody.i}.parameters` : 'components', names, kind, sendBody?.c.parameters);
  if (bodyProblem) problems.push(bodyProblem);

  const defButtons = ((find('BUTTONS')?.buttons as Obj[] | undefined) ?? []).filter((b) => typeof b === 'object' && b !== null);
  problems.push(...buttonProblems(defButtons, sends.filter((s) => s.c.type === 'button')));
  return problems;
}
