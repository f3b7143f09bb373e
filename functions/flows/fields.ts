import * as z from '../../shared/zod';
import { flowJsonProblems } from '../../shared/flows/flow-json';

/** Fields the Flow actions share. */
export const FLOW_CATEGORIES = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'SHOPPING', 'OTHER'] as const;

export const wabaField = {
  metaWabaId: z.optional(z.string().check(z.minLength(1))).check(
    z.describe("Meta's WABA id (or EUM's waba-… id); optional with one linked account"),
  ),
};

export const flowIdField = z.string().check(
  z.regex(/^[0-9]+$/, "must be Meta's numeric Flow id"),
  z.describe("Meta's Flow id"),
);

export const categoriesField = z.array(z.pipe(z.transform((v) => (typeof v === 'string' ? v.toUpperCase() : v)), z.enum(FLOW_CATEGORIES))).check(
  z.minLength(1, 'at least 1 category'),
  z.maxLength(9, 'at most 9 categories'),
  z.describe(`Flow categories: ${FLOW_CATEGORIES.join(', ')}`),
);

/**
 * Flow JSON as an object or its JSON text; at most 10 MB (EUM's limit), with the structure Meta needs (version,
 * screens with id and layout; shared/flows/flow-json.ts): a problem is a 400 on `flowJson.<path>`.
 */
export const flowJsonField = z.pipe(z.union([z.record(z.string(), z.unknown()), z.string().check(z.minLength(2))]), z.transform((v, ctx) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as Record<string, unknown>;
    } catch {
      z.addIssue(ctx, { message: 'must be Flow JSON: an object or its JSON text' });
      return z.NEVER;
    }
  })).check(
  z.superRefine((v, ctx) => {
      if (Buffer.byteLength(JSON.stringify(v)) > 10 * 1024 * 1024) {
        ctx.addIssue({ code: 'custom', message: 'at most 10 MB (EUM limit)' });
        return;
      }
      for (const p of flowJsonProblems(v)) ctx.addIssue({ code: 'custom', path: p.path, message: p.reason });
    }),
  z.describe('The Flow JSON (version, screens, …), as an object or JSON text'),
);

export const flowAliases = { flow_id: 'flowId', flow_name: 'name', flowName: 'name', flow_json: 'flowJson', clone_flow_id: 'cloneFlowId' };
