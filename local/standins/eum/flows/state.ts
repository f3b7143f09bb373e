/** The WhatsApp Flows the stand-in's WABA holds, and Meta's checks of a Flow JSON document. */

export const FLOW_CATEGORIES = [
  'SIGN_UP',
  'SIGN_IN',
  'APPOINTMENT_BOOKING',
  'LEAD_GENERATION',
  'CONTACT_US',
  'CUSTOMER_SUPPORT',
  'SURVEY',
  'SHOPPING',
  'OTHER',
] as const;

export interface StoredFlow {
  id: string;
  name: string;
  categories: string[];
  status: 'DRAFT' | 'PUBLISHED' | 'DEPRECATED';
  flowJson?: string;
  validationErrors: string[];
  previewToken: string;
}

export class FlowState {
  readonly flows = new Map<string, StoredFlow>();
  reset(): void {
    this.flows.clear();
  }
}

/** Flow JSON versions Meta still lets you publish (reference/meta-templates-flows-graph.md §2.1). */
const PUBLISHABLE_VERSIONS = new Set(['5.1', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3']);
const SCREEN_ID = /^[A-Z_]+$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The validation errors Meta lists for a Flow JSON (it accepts the upload and reports them; the Flow cannot be
 * published until they are gone).
 */
export function flowJsonErrors(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return ['INVALID_JSON: the Flow JSON is not valid JSON'];
  }
  if (!isObj(json)) return ['INVALID_JSON: the Flow JSON must be an object'];
  const errors: string[] = [];
  if (typeof json.version !== 'string' || !PUBLISHABLE_VERSIONS.has(json.version)) {
    errors.push(`INVALID_PROPERTY_VALUE: version must be one of ${[...PUBLISHABLE_VERSIONS].join(', ')}`);
  }
  const screens = json.screens;
  if (!Array.isArray(screens) || screens.length === 0) return [...errors, 'MISSING_REQUIRED_PROPERTY: screens must list at least one screen'];
  const ids = new Set<string>();
  screens.forEach((s, i) => {
    if (!isObj(s) || typeof s.id !== 'string' || !SCREEN_ID.test(s.id)) {
      errors.push(`INVALID_PROPERTY_VALUE: screens[${i}].id must be upper-case letters and underscores`);
      return;
    }
    if (ids.has(s.id)) errors.push(`DUPLICATE_SCREEN_ID: ${s.id}`);
    ids.add(s.id);
    if (!isObj(s.layout) || !Array.isArray(s.layout.children)) errors.push(`MISSING_REQUIRED_PROPERTY: screens[${i}] (${s.id}) needs layout.children`);
  });
  if (!screens.some((s) => isObj(s) && s.terminal === true)) errors.push('MISSING_TERMINAL_SCREEN: at least one screen must be terminal');
  return errors;
}
