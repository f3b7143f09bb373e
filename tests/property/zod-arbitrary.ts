import fc from 'fast-check';
import type * as z from 'zod';

/**
 * A small zod 4 → fast-check deriver: arbitraries of *input* values a schema is meant to accept, read from the
 * schema's own definition (types, lengths, patterns, formats, bounds, enums, optional keys). Refinements that are
 * plain functions cannot be read, so some generated values are still refused: that is fine for a test whose
 * property is "never a 500", and the mutations below produce the clearly invalid ones on purpose.
 *
 * `hints` replace the arbitrary of a field by name (e.g. `to` → customers who wrote), so a share of the calls gets
 * past lookups to the deeper code paths.
 */

type Def = { type: string; [k: string]: unknown };
type Check = { _zod: { def: { check: string; [k: string]: unknown } } };
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Check['_zod']['def'][] =>
  ((def.checks as Check[] | undefined) ?? []).map((c) => c._zod.def).filter((d) => d && typeof d.check === 'string');

/** Cap on generated sizes: the schemas' maxima can be large (4,096-character texts); mutations cover the edges. */
const CAP = { string: 40, array: 3, record: 3 };

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  const checks = [...checksOf(def), ...(def.check === 'string_format' ? [def as unknown as Check['_zod']['def']] : [])];
  let min = 0;
  let max = Infinity;
  const patterns: RegExp[] = [];
  let format: string | undefined = typeof def.format === 'string' ? def.format : undefined;
  for (const c of checks) {
    if (c.check === 'min_length') min = Math.max(min, c.minimum as number);
    if (c.check === 'max_length') max = Math.min(max, c.maximum as number);
    if (c.check === 'length_equals') min = max = c.length as number;
    if (c.check === 'string_format' && c.pattern instanceof RegExp) patterns.push(c.pattern);
    if (c.check === 'string_format' && typeof c.format === 'string') format ??= c.format;
  }
  const fits = (s: string) => s.length >= min && s.length <= max && patterns.every((p) => new RegExp(p.source, p.flags.replace('g', '')).test(s));
  let base: fc.Arbitrary<string>;
  if (format === 'url') base = fc.webUrl({ validSchemes: ['https'] });
  else if (format === 'email') base = fc.emailAddress();
  else if (format === 'uuid' || format === 'guid') base = fc.uuid();
  else if (patterns.length) base = fc.stringMatching(patterns[0]!);
  else {
    const size = { minLength: min, maxLength: Math.max(min, Math.min(max, CAP.string)) };
    base = fc.oneof(fc.string({ ...size, unit: 'grapheme-ascii' }), fc.string({ ...size, unit: 'grapheme' }));
  }
  // No fc.filter: a pattern that rarely fits the length bounds would make generation spin. Trim to the bound instead;
  // a value that still does not fit is an invalid input, which the property covers as well.
  return base.map((s) => (fits(s) ? s : s.slice(0, Math.max(min, Math.min(max, s.length)))));
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min = -1e6;
  let max = 1e6;
  let int = false;
  for (const c of checksOf(def)) {
    if (c.check === 'greater_than') min = Math.max(min, (c.value as number) + (c.inclusive ? 0 : 1e-9));
    if (c.check === 'less_than') max = Math.min(max, (c.value as number) - (c.inclusive ? 0 : 1e-9));
    if (c.check === 'number_format' && /int/.test(String(c.format))) int = true;
  }
  if (def.format && /int/.test(String(def.format))) int = true;
  // A minimum above the default range (e.g. a UNIX time in ms) moves the range up rather than emptying it.
  if (min > max) max = min + 1e6;
  return int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Whether an object key may be left out. */
const isOptional = (schema: unknown): boolean => ['optional', 'default', 'prefault', 'catch'].includes(defOf(schema).type);

export function arbitraryFor(schema: unknown, hints: Hints = {}, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: unknown) => arbitraryFor(s, hints, depth + 1);
  if (depth > 12) return fc.constant(undefined);
  switch (def.type) {
    case 'string':
      return stringArbitrary(def);
    case 'number':
      return numberArbitrary(def);
    case 'int':
      return fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    case 'pipe': {
      // z.preprocess is a pipe from a transform: the values to generate are the output schema's input.
      const from = defOf(def.in).type === 'transform' ? def.out : def.in;
      return inner(from);
    }
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, hints[k] ? fc.oneof({ weight: 3, arbitrary: hints[k]! }, inner(s)) : inner(s)]));
      const requiredKeys = Object.keys(shape).filter((k) => !isOptional(shape[k]));
      return fc.record(fields, { requiredKeys });
    }
    case 'array': {
      let minLength = 0;
      let maxLength = CAP.array;
      for (const c of checksOf(def)) {
        if (c.check === 'min_length') minLength = c.minimum as number;
        if (c.check === 'max_length') maxLength = Math.min(Math.max(minLength, CAP.array), c.maximum as number);
      }
      return fc.array(inner(def.element), { minLength, maxLength: Math.max(minLength, maxLength) });
    }
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map(inner));
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(inner));
    case 'intersection':
      return inner(def.left);
    case 'record':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), inner(def.valueType), { maxKeys: CAP.record });
    default:
      // unknown, any, custom, transform…: any JSON value.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values that break schemas: wrong types, boundary and over-long strings, deep nesting, odd unicode, null. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, '', ' ', [], {}, '0', 'null', 'undefined', '__proto__'),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\u202Eevil', '👍🏽‍🔥', 'e\u0301', '\uFEFF', '𝕏'.repeat(600), '🇺🇸'),
  fc.constantFrom(100, 101, 256, 257, 1024, 1025, 2048, 2049, 3000, 4096, 4097, 70_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(2000, 3000).map((n) => `wamid.${'A'.repeat(n)}`),
  fc.constantFrom(40, 200, 2000).map((depth) => nest(depth)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.constant('x'), { minLength: 101, maxLength: 300 }),
);

/** `depth` nested objects and arrays, alternating. */
function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Every path into a JSON value (objects and arrays), the root included as []. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (prefix.length > 6 || value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

export type Mutation = { kind: 'replace' | 'remove' | 'extra'; path: (string | number)[]; value?: unknown };

/** A valid value with one mutation: a field replaced by a nasty value, removed, or an extra field added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<{ input: unknown; mutation: Mutation }> {
  return fc
    .tuple(valid, fc.nat(), nastyValue, fc.constantFrom('replace', 'replace', 'remove', 'extra') as fc.Arbitrary<Mutation['kind']>, fc.string({ minLength: 1, maxLength: 12 }))
    .map(([value, n, nasty, kind, extraKey]) => {
      const paths = pathsOf(value);
      const path = paths[n % paths.length]!;
      if (kind === 'extra') {
        const objects = paths.filter((p) => {
          const at = p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
          return at && typeof at === 'object' && !Array.isArray(at);
        });
        const target = objects[n % Math.max(1, objects.length)] ?? [];
        return { input: setAt(value, [...target, extraKey], nasty, false), mutation: { kind, path: [...target, extraKey], value: nasty } };
      }
      return { input: setAt(value, path, nasty, kind === 'remove' && path.length > 0), mutation: { kind, path, value: nasty } };
    });
}

export type AnySchema = z.ZodType;
