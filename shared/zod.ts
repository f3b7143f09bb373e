/**
 * The one zod import of functions/ and shared/: zod 4's mini API (`zod/mini`, the same core as classic zod) with
 * English messages. Classic zod costs every cold start about 10 ms to load and attaches ~60 bound methods to each
 * schema it builds; mini builds the same schemas (same `_zod.def`, same JSON schema, same issues) with functions:
 * `z.optional(s)`, `s.check(z.minLength(1), z.describe('…'))`, `z.pipe(s, z.transform(fn))`.
 * Mini sets no locale by itself; the messages our 400s show ("Too small: expected string to have >=1 characters")
 * are classic's English ones, set here before any schema of ours can parse.
 */
import { config, type core } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
/** What any schema's parse throws (classic's ZodError is a subclass); named, not `z.core.$ZodError`, which would bundle all of core. */
export { $ZodError as ZodError } from 'zod/v4/core';

/**
 * Refuses a transform's (or preprocess's) input with one issue, as classic's `ctx.addIssue` did there: mini hands a
 * transform the bare parse payload. The issue's path is relative to the field, like any other issue.
 */
export function addIssue(ctx: core.ParsePayload, issue: { message: string; path?: PropertyKey[] }): void {
  ctx.issues.push({ code: 'custom', input: ctx.value, ...issue });
}
