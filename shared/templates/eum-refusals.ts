import type { FieldProblem } from '../errors';

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
  const member = /(?:Invalid parameter:\s*|at ')(name|language|category|components|templateDefinition|button (\d+))\b/i.exec(text);
  if (!member) return undefined;
  if (member[2] !== undefined) return { field: `${componentPath(def.components, 'BUTTONS')}.buttons.${member[2]}`, reason: said };
  const field = member[1]!.toLowerCase() === 'templatedefinition' ? 'components' : member[1]!.toLowerCase();
  return { field, reason: said };
}

/** Field problems for every part of EUM's refusal message that is known; empty when none is. */
export function createRefusalProblems(message: string, def: { name?: unknown; language?: unknown; components?: Component[] }): FieldProblem[] {
  const full = { ...def, components: def.components ?? [] };
  const problems = partsOf(message).map((p) => problemOf(p, full));
  return problems.every((p) => p !== undefined) ? problems : [];
}
