import { UpstreamError, ValidationError, type FieldProblem } from '../errors';

/**
 * Turns the refusals EUM Social relays from Meta for a template create (a ValidationException whose message holds
 * Meta's "(#code) text" parts, several joined by "; ") into field problems, so the caller gets a 400 naming the field
 * and the reason instead of an opaque upstream message. Codes from reference/meta-templates-flows-graph.md §1.1
 * (2388040, 2388047, 2388072, 2388073, 2388293, 2388299) and §1.10 (a deleted name is blocked for 30 days).
 * The reference gives no code for "name deleted recently" or "language already exists": 2388023 and 2388024 are the
 * codes our EUM stand-in answers with, and their wording is also matched so another code with that meaning still
 * names the field. A part that matches nothing known yields no problem; the caller then keeps EUM's own error.
 */

type Component = { type?: unknown };
interface Part {
  code?: number;
  text: string;
}

const COMPONENT_BY_CODE: Record<number, string> = { 2388047: 'HEADER', 2388072: 'BODY', 2388073: 'FOOTER', 2388293: 'BODY', 2388299: 'BODY' };

function partsOf(message: string): Part[] {
  return message
    .split(/;\s*(?=\(#\d+\))/)
    .map((raw) => {
      const m = /^\s*\(#(\d+)\)\s*(.*)$/s.exec(raw);
      return m ? { code: Number(m[1]), text: m[2]!.trim() } : { text: raw.trim() };
    })
    .filter((p) => p.text !== '');
}

/** `components.N` of the first component of that type, or `components` when the definition has none. */
function componentPath(components: Component[], type: string): string {
  const i = components.findIndex((c) => String(c.type ?? '').toUpperCase() === type);
  return i >= 0 ? `components.${i}` : 'components';
}

function problemOf(part: Part, def: { name?: unknown; language?: unknown; components: Component[] }): FieldProblem | undefined {
  const { code, text } = part;
  const said = `Meta refused it${code ? ` (#${code})` : ''}: ${text}`;
  if (code === 2388023 || /deleted/i.test(text)) {
    return { field: 'name', reason: `${String(def.name)} was deleted less than 30 days ago and Meta blocks a deleted name for 30 days; choose another name (${said})` };
  }
  if (code === 2388024 || /already exists/i.test(text)) {
    return { field: 'language', reason: `${String(def.name)} already exists in ${String(def.language)}; change it with update_template or pick another language (${said})` };
  }
  const component = code ? COMPONENT_BY_CODE[code] : undefined;
  if (component) return { field: `${componentPath(def.components, component)}${component === 'HEADER' ? '' : '.text'}`, reason: said };
  if (code === 2388040) {
    const type = /^(header|body|footer)/i.exec(text)?.[1]?.toUpperCase();
    return { field: type ? `${componentPath(def.components, type)}.text` : 'components', reason: said };
  }
  const member = /(?:Invalid parameter:\s*|at ')(name|language|category|components|templateDefinition|templateComponents|button (\d+))\b/i.exec(text);
  if (!member) return undefined;
  if (member[2] !== undefined) return { field: `${componentPath(def.components, 'BUTTONS')}.buttons.${member[2]}`, reason: said };
  const field = /^template(definition|components)$/i.test(member[1]!) ? 'components' : member[1]!.toLowerCase();
  return { field, reason: said };
}

/** Field problems for every part of EUM's refusal message that is known; empty when none is. */
export function createRefusalProblems(message: string, def: { name?: unknown; language?: unknown; components?: Component[] }): FieldProblem[] {
  const full = { ...def, components: def.components ?? [] };
  const problems = partsOf(message).map((p) => problemOf(p, full));
  return problems.every((p) => p !== undefined) ? problems : [];
}

/** Rethrows an EUM refusal of a create as a 400 naming the field when every part of it is known; anything else as it came. */
export function rethrowCreateRefusal(err: unknown, def: { name?: unknown; language?: unknown; components?: Component[] }): never {
  if (err instanceof UpstreamError && err.statusCode === 400 && err.cause instanceof Error) {
    const problems = createRefusalProblems(err.cause.message, def);
    if (problems.length) throw new ValidationError(problems, undefined, { cause: err });
  }
  throw err;
}

/**
 * What an edit refused by EUM means. Reference §1.10: only APPROVED, REJECTED or PAUSED templates can be edited, an
 * approved one keeps its category and takes 1 edit per 24 h and 10 per 30 days. The reference gives no codes for
 * these: 2388025, 2388026 and 2388027 are the codes our EUM stand-in answers with, and their wording is matched too.
 * `conflict` is a refusal the template's state causes (409, naming the state); `problems` are fields of the edit (400).
 */
export interface UpdateRefusal {
  conflict?: string;
  problems: FieldProblem[];
}

export function updateRefusal(message: string, edit: { name: string; status?: unknown; components?: Component[] }): UpdateRefusal | undefined {
  const part = partsOf(message)[0];
  if (!part) return undefined;
  const said = `Meta refused it${part.code ? ` (#${part.code})` : ''}: ${part.text}`;
  const state = String(edit.status ?? 'its current state');
  if (part.code === 2388027 || /once per 24 hours|per 30 days/i.test(part.text)) {
    const reason = `${edit.name} is ${state}: an approved template can be edited once per 24 hours and 10 times per 30 days; try again later (${said})`;
    return { conflict: reason, problems: [{ field: 'components', reason }] };
  }
  if (part.code === 2388025 || /templates can be edited/i.test(part.text)) {
    return { conflict: `${edit.name} is ${state}; only APPROVED, REJECTED or PAUSED templates can be edited (${said})`, problems: [] };
  }
  if (part.code === 2388026 || /category .*cannot change/i.test(part.text)) {
    const reason = `${edit.name} is ${state} and an approved template's category cannot change (${said})`;
    return { conflict: reason, problems: [{ field: 'category', reason }] };
  }
  const problems = createRefusalProblems(message, { name: edit.name, components: edit.components });
  return problems.length ? { problems } : undefined;
}
