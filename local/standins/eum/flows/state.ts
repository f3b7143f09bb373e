import { flowJsonProblems } from '../../../../shared/flows/flow-json';

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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The validation errors Meta lists for a Flow JSON (it accepts the upload and reports them; the Flow cannot be
 * published until they are gone): the structure (shared/flows/flow-json.ts, which our actions check first too), and
 * what only Meta's compiler sees, such as a Flow without a terminal screen.
 */
export function flowJsonErrors(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return ['INVALID_JSON: the Flow JSON is not valid JSON'];
  }
  const errors = flowJsonProblems(json).map((p) => `INVALID_PROPERTY_VALUE: ${p.path.join('.') || '(root)'} ${p.reason}`);
  const screens = isObj(json) && Array.isArray(json.screens) ? json.screens : [];
  if (screens.length && !screens.some((s) => isObj(s) && s.terminal === true)) errors.push('MISSING_TERMINAL_SCREEN: at least one screen must be terminal');
  return errors;
}
