/**
 * The structure every Flow JSON needs before Meta will even list its errors (reference/meta-templates-flows-graph.md
 * §2.1; Meta's Flow JSON reference): `version` a supported Flow JSON version, `data_api_version` 3.0 or 4.0 when
 * given, `routing_model` an object of screen id lists, `screens` a non-empty list of screens each with an `id` (letters
 * and underscores, unique, not the reserved SUCCESS) and a `layout` (SingleColumnLayout with at most 50 children).
 * create_flow and update_flow check it so a bad document is a 400 naming the part at fault; what needs Meta's
 * compiler (components, expressions, a terminal screen) Meta reports in the Flow's validation errors.
 */

/** Flow JSON versions Meta accepts for a new or changed Flow (older ones are frozen: sendable, not editable). */
export const FLOW_JSON_VERSIONS = ['5.1', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3'] as const;
export const DATA_API_VERSIONS = ['3.0', '4.0'] as const;
export const MAX_SCREEN_CHILDREN = 50;
const SCREEN_ID = /^[A-Za-z_]+$/;

export interface FlowJsonProblem {
  /** Path inside the Flow JSON (`screens.0.id`). */
  path: (string | number)[];
  reason: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function screenProblems(screen: unknown, i: number, seen: Set<string>): FlowJsonProblem[] {
  const at = (...rest: (string | number)[]) => ['screens', i, ...rest];
  if (!isObj(screen)) return [{ path: at(), reason: 'must be a screen object ({id, layout, …})' }];
  const problems: FlowJsonProblem[] = [];
  const id = screen.id;
  if (typeof id !== 'string' || !SCREEN_ID.test(id)) problems.push({ path: at('id'), reason: 'required: the screen id, letters and underscores only (e.g. SIGN_UP)' });
  else if (id === 'SUCCESS') problems.push({ path: at('id'), reason: 'SUCCESS is reserved by WhatsApp; name the screen otherwise' });
  else if (seen.has(id)) problems.push({ path: at('id'), reason: `duplicate screen id ${id}: each screen needs its own` });
  else seen.add(id);
  const layout = screen.layout;
  if (!isObj(layout)) problems.push({ path: at('layout'), reason: 'required: {type: "SingleColumnLayout", children: [...]}' });
  else {
    if (layout.type !== 'SingleColumnLayout') problems.push({ path: at('layout', 'type'), reason: 'must be "SingleColumnLayout"' });
    if (!Array.isArray(layout.children)) problems.push({ path: at('layout', 'children'), reason: 'required: the list of components on the screen' });
    else if (layout.children.length > MAX_SCREEN_CHILDREN) problems.push({ path: at('layout', 'children'), reason: `at most ${MAX_SCREEN_CHILDREN} components per screen (Meta limit)` });
  }
  if (screen.terminal !== undefined && typeof screen.terminal !== 'boolean') problems.push({ path: at('terminal'), reason: 'must be true or false' });
  return problems;
}

/** What is structurally wrong with a Flow JSON document; empty when Meta can take it. */
export function flowJsonProblems(json: unknown): FlowJsonProblem[] {
  if (!isObj(json)) return [{ path: [], reason: 'must be a Flow JSON object ({version, screens, …})' }];
  const problems: FlowJsonProblem[] = [];
  if (typeof json.version !== 'string' || !(FLOW_JSON_VERSIONS as readonly string[]).includes(json.version)) {
    problems.push({ path: ['version'], reason: `required: a Flow JSON version Meta accepts (${FLOW_JSON_VERSIONS.join(', ')}), as a string` });
  }
  if (json.data_api_version !== undefined && !(DATA_API_VERSIONS as readonly unknown[]).includes(json.data_api_version)) {
    problems.push({ path: ['data_api_version'], reason: `must be ${DATA_API_VERSIONS.join(' or ')} (a string)` });
  }
  if (json.routing_model !== undefined && (!isObj(json.routing_model) || Object.values(json.routing_model).some((next) => !Array.isArray(next) || next.some((s) => typeof s !== 'string')))) {
    problems.push({ path: ['routing_model'], reason: 'must map each screen id to the list of screen ids it can go to' });
  }
  const screens = json.screens;
  if (!Array.isArray(screens) || screens.length === 0) return [...problems, { path: ['screens'], reason: 'required: a list of at least one screen' }];
  const seen = new Set<string>();
  screens.forEach((s, i) => problems.push(...screenProblems(s, i, seen)));
  return problems;
}
