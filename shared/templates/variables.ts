/**
 * Template variables (`{{1}}`, `{{first_name}}`) as Meta reads them, shared by the create-time rules and the
 * send-time check against a stored definition.
 */
const TOKEN = /\{\{([^{}]*)\}\}/g;
const POSITIONAL = /^[1-9][0-9]*$/;
const NAMED = /^[a-z][a-z0-9_]*$/;

export interface Variables {
  /** Every `{{…}}` in order of appearance, trimmed. */
  tokens: string[];
  /** Distinct names in order of first appearance. */
  distinct: string[];
  kind: 'none' | 'positional' | 'named' | 'mixed' | 'invalid';
}

export function variablesOf(text: string | undefined): Variables {
  const tokens = [...(text ?? '').matchAll(TOKEN)].map((m) => m[1]!.trim());
  const distinct = [...new Set(tokens)];
  if (tokens.length === 0) return { tokens, distinct, kind: 'none' };
  if (tokens.some((t) => !POSITIONAL.test(t) && !NAMED.test(t))) return { tokens, distinct, kind: 'invalid' };
  const positional = tokens.filter((t) => POSITIONAL.test(t)).length;
  const kind = positional === tokens.length ? 'positional' : positional === 0 ? 'named' : 'mixed';
  return { tokens, distinct, kind };
}

/** Problems with the variables of one text, in Meta's terms; `where` is e.g. "BODY". */
export function variableProblems(text: string, where: string, format: 'NAMED' | 'POSITIONAL'): string[] {
  const problems: string[] = [];
  const opens = (text.match(/\{\{/g) ?? []).length;
  const closes = (text.match(/\}\}/g) ?? []).length;
  if (opens !== closes) problems.push(`${where}: mismatched braces: every variable is written {{…}} (Meta rule)`);
  const v = variablesOf(text);
  if (v.kind === 'invalid') {
    const bad = v.tokens.filter((t) => !POSITIONAL.test(t) && !NAMED.test(t));
    problems.push(`${where}: invalid variable ${bad.map((b) => `{{${b}}}`).join(', ')}: use {{1}}, {{2}}… or lowercase names like {{first_name}} (no #, $, % or spaces)`);
    return problems;
  }
  if (v.kind === 'mixed') return [...problems, `${where}: mixes positional ({{1}}) and named ({{name}}) variables; use one kind`];
  if (v.kind === 'positional' && format === 'NAMED') problems.push(`${where}: parameter_format is named but the text uses positional variables ({{1}})`);
  if (v.kind === 'named' && format === 'POSITIONAL') problems.push(`${where}: uses named variables ({{${v.distinct[0]}}}); set parameter_format to "named"`);
  if (v.kind === 'positional') {
    const numbers = v.distinct.map(Number).sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1)) problems.push(`${where}: positional variables must be numbered {{1}} to {{${numbers.length}}} without gaps (Meta rule)`);
  }
  return problems;
}

/** Meta rejects a body that starts or ends with a variable (error 2388299). */
export function startsOrEndsWithVariable(text: string): boolean {
  const t = text.trim();
  return /^\{\{[^{}]*\}\}/.test(t) || /\{\{[^{}]*\}\}$/.test(t);
}

/** The expected values in send order: positional by number, named by name. */
export function expectedParameters(text: string | undefined): { kind: Variables['kind']; names: string[] } {
  const v = variablesOf(text);
  if (v.kind === 'positional') return { kind: v.kind, names: v.distinct.map(Number).sort((a, b) => a - b).map(String) };
  return { kind: v.kind, names: v.distinct };
}
