import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllActions } from '../../functions/registry';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { actionPath, type AnyAction } from '../../shared/actions/registry';
import { httpEvent, lambdaContext, type Invoke } from '../helpers/events';
import { customerWrites } from '../integration/helpers/customer';
import { startEumForTest } from '../integration/helpers/eum';
import { putObject, TINY_PNG } from '../integration/helpers/s3';
import { arbitraryFor, mutated, type Hints } from './zod-arbitrary';

/**
 * Every action in functions/registry.ts (so actions added later are covered without editing this file), called
 * through its real category handler on DynamoDB Local, s3rver and the EUM stand-in, with inputs derived from its own
 * zod schema: valid ones and ones with one mutation (wrong type, boundary or over-long string, deep nesting, odd
 * unicode, null, a missing or an extra field). The property: never a 500, and every 400 names the field(s) at fault.
 *
 * `npm test` runs a fixed seed and about PROPERTY_BUDGET (default 360) calls shared by all actions, at least 3 each
 * (1 valid, 2 mutated), so the suite stays short as actions are added. A long run (minutes):
 *   PROPERTY_RUNS=200 npx vitest run tests/property                  (valid runs per action; mutated runs are twice that)
 *   PROPERTY_SEED=123 PROPERTY_RUNS=200 npx vitest run tests/property (another seed; a failure prints its counterexample)
 *   PROPERTY_RUNS=50 npx vitest run tests/property -t send_text       (one action)
 */
// Every action's definition (its schema drives the inputs); each category's handler loads its own on first call.
const allActions = await loadAllActions();

const SEED = Number(process.env.PROPERTY_SEED ?? 9_2026);
const BUDGET = Number(process.env.PROPERTY_BUDGET ?? 360);
const RUNS = Number(process.env.PROPERTY_RUNS ?? Math.max(1, Math.floor(BUDGET / 3 / allActions.length)));

const CUSTOMER = '15553330001';
let eum: EumStandin;
const handlers = new Map<string, Invoke>();
let hints: Hints;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  for (const category of new Set(allActions.map((a) => a.category))) {
    handlers.set(category, (await import(`../../functions/${category}/handler.ts`)).handler as Invoke);
  }
  const wamid = await customerWrites(CUSTOMER, { text: 'hello' });
  const s3Key = 'uploads/property/photo.png';
  await putObject(s3Key, TINY_PNG, 'image/png');
  const sent = await handlers.get('messaging')!({ action: 'send_text', to: CUSTOMER, text: 'hi' }, lambdaContext);
  eum.reset();
  // Realistic values for fields that name things that exist, so some calls get past the lookups.
  hints = {
    to: fc.constantFrom(CUSTOMER, `+${CUSTOMER}`, 'US.26852818834383302'),
    customer: fc.constantFrom(CUSTOMER, `+${CUSTOMER}`),
    messageId: fc.constantFrom(wamid, sent.messageId as string),
    replyTo: fc.constantFrom(wamid, sent.messageId as string),
    conversationId: fc.constant(`CONV#${DEMO_PHONE.arn}#${CUSTOMER}`),
    s3Key: fc.constant(s3Key),
    metaWabaId: fc.constantFrom(DEMO_WABA.wabaId, DEMO_WABA.id),
    phoneNumberId: fc.constantFrom(DEMO_PHONE.phoneNumberId, DEMO_PHONE.arn, DEMO_PHONE.metaPhoneNumberId),
  };
}, 60_000);
afterAll(() => eum?.close());

interface Answer {
  statusCode: number;
  body: Record<string, unknown>;
}

/** One call as a client makes it: over HTTP (any JSON body), or invoked directly (objects only). */
async function call(action: AnyAction, input: unknown, overHttp: boolean): Promise<Answer> {
  const handler = handlers.get(action.category)!;
  const isObject = !!input && typeof input === 'object' && !Array.isArray(input);
  if (overHttp || !isObject) {
    const res = await handler(httpEvent('POST', actionPath(action), input), lambdaContext);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = { unparseable: res.body };
    }
    return { statusCode: res.statusCode, body };
  }
  const res = await handler({ ...(input as object), action: action.name }, lambdaContext);
  return { statusCode: res.statusCode, body: res };
}

/** The property: not a 500 (a fault of ours), and a 400 that names each field it refuses. */
function assertWellBehaved(answer: Answer, what: string): void {
  const show = `${what} → ${JSON.stringify(answer.body).slice(0, 600)}`;
  expect(answer.statusCode, show).not.toBe(500);
  expect(answer.statusCode, show).toBeGreaterThanOrEqual(200);
  expect(answer.statusCode, show).toBeLessThan(600);
  expect(answer.body.statusCode, show).toBe(answer.statusCode);
  if (answer.statusCode === 400) {
    const fields = answer.body.fields as { field?: unknown; reason?: unknown }[] | undefined;
    expect(Array.isArray(fields) && fields.length > 0, `400 without fields: ${show}`).toBe(true);
    for (const f of fields!) {
      expect(typeof f.field === 'string' && f.field.length > 0, `400 with an unnamed field: ${show}`).toBe(true);
      expect(typeof f.reason === 'string' && f.reason.length > 0, `400 without a reason: ${show}`).toBe(true);
    }
  }
}

const truncate = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
};

describe.each(allActions.map((a) => [a.name, a] as const))('%s', (_name, action) => {
  it('valid and mutated inputs: never a 500, every 400 names a field', async () => {
    const valid = arbitraryFor(action.input, hints);
    await fc.assert(
      fc.asyncProperty(valid, fc.boolean(), async (input, overHttp) => {
        assertWellBehaved(await call(action, input, overHttp), `valid-shaped ${truncate(input)}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(mutated(valid), fc.boolean(), async ({ input, mutation }, overHttp) => {
        assertWellBehaved(await call(action, input, overHttp), `${mutation.kind} at ${mutation.path.join('.') || '(root)'} with ${truncate(mutation.value)}: ${truncate(input)}`);
      }),
      { seed: SEED + 1, numRuns: RUNS * 2, endOnFailure: true },
    );
  });
});
