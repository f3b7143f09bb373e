import { ValidationError } from '../errors';

/**
 * DynamoDB's hard limits on one item, checked before something irreversible (a send through EUM Social) so that
 * nothing leaves us that we then cannot store. Sizes follow AWS's published rules ("Item sizes and formats"):
 * names and strings count their UTF-8 bytes, a number up to 21 bytes, a boolean or null 1 byte, a map or list
 * 3 bytes plus 1 per element. Numbers are counted at their maximum, so the estimate errs towards refusing.
 */
export const MAX_ITEM_BYTES = 400 * 1024;
/**
 * DynamoDB documents 32 levels of nesting. Counting a map or list directly in an attribute as level 1, DynamoDB
 * (Local, checked by tests/integration/send-storable.test.ts) stores 31 and refuses 32: the attribute counts too.
 */
export const MAX_NESTING_DEPTH = 31;

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** DynamoDB's size of one attribute value, as stored by the document client (undefined values removed). */
export function attributeValueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return 21;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) {
    const present = value.filter((v) => v !== undefined);
    return 3 + present.reduce((sum: number, v) => sum + 1 + attributeValueBytes(v), 0);
  }
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + attributeValueBytes(v), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return 3 + entries.reduce((sum, [k, v]) => sum + 1 + utf8Bytes(k) + attributeValueBytes(v), 0);
  }
  return 0;
}

export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item)
    .filter(([, v]) => v !== undefined)
    .reduce((sum, [k, v]) => sum + utf8Bytes(k) + attributeValueBytes(v), 0);
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] =>
  typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !(v instanceof Set);

/** The path to the deepest container under `value` and its depth (a container at the root is depth 1). */
export function deepestPath(value: unknown): { depth: number; path: string[] } {
  if (!isContainer(value)) return { depth: 0, path: [] };
  let best = { depth: 1, path: [] as string[] };
  for (const [key, child] of Object.entries(value)) {
    const below = deepestPath(child);
    if (below.depth + 1 > best.depth) best = { depth: below.depth + 1, path: [key, ...below.path] };
  }
  return best;
}

/** The child of `value` that takes the most bytes, followed down while it holds most of its parent's size. */
function heaviestPath(value: unknown): string[] {
  if (!isContainer(value)) return [];
  const total = attributeValueBytes(value);
  let heaviest: { key: string; bytes: number; child: unknown } | undefined;
  for (const [key, child] of Object.entries(value)) {
    const bytes = attributeValueBytes(child);
    if (!heaviest || bytes > heaviest.bytes) heaviest = { key, bytes, child };
  }
  if (!heaviest || heaviest.bytes * 2 < total) return [];
  return [heaviest.key, ...heaviestPath(heaviest.child)];
}

/**
 * Numbers we can store and read back: DynamoDB underflows below 1E-130 in magnitude, and the document client refuses
 * (and could not read back as a JS number) anything beyond ±Number.MAX_SAFE_INTEGER. A JSON number can go far beyond.
 */
const storableNumber = (n: number): boolean => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) <= Number.MAX_SAFE_INTEGER);

/**
 * The first value under `value` that DynamoDB refuses whatever the item's size: a number out of its range, or a map
 * key that is empty ("Empty attribute name"). Undefined when there is none.
 */
export function unstorableValue(value: unknown): { path: string[]; reason: string } | undefined {
  if (typeof value === 'number') {
    return storableNumber(value) ? undefined : { path: [], reason: `a number the table cannot store (${value}; magnitude 1E-130 to ${Number.MAX_SAFE_INTEGER})` };
  }
  if (!isContainer(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === '' && !Array.isArray(value)) return { path: ['""'], reason: 'an empty key, which DynamoDB cannot store' };
    const below = unstorableValue(child);
    if (below) return { path: [key, ...below.path], reason: below.reason };
  }
  return undefined;
}

const MAX_PATH_SHOWN = 8;
const showPath = (path: string[]): string =>
  path.length > MAX_PATH_SHOWN ? `${path.slice(0, MAX_PATH_SHOWN).join('.')}…` : path.join('.');

/**
 * Refuses an item DynamoDB would refuse, with a 400 naming the field inside `attribute` (the caller's part of the
 * item: a message's payload) that breaks the limit: for depth, the path to the first container too deep; for size,
 * the part holding most of the bytes.
 */
export function assertStorable(item: Record<string, unknown>, attribute: string, what: string, headroomBytes = 0): void {
  const { depth, path } = deepestPath(item[attribute]);
  if (depth > MAX_NESTING_DEPTH) {
    throw new ValidationError([
      {
        field: showPath(path.slice(0, MAX_NESTING_DEPTH)),
        reason: `nested ${depth + 1} levels deep as stored; ${what} can hold at most ${MAX_NESTING_DEPTH + 1} (DynamoDB), so nothing was sent`,
      },
    ]);
  }
  const bad = unstorableValue(item[attribute]);
  if (bad) throw new ValidationError([{ field: showPath(bad.path) || attribute, reason: `${bad.reason} in ${what}, so nothing was sent` }]);
  const bytes = itemBytes(item);
  if (bytes > MAX_ITEM_BYTES - headroomBytes) {
    const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
    const kept = headroomBytes ? ` (${kb(headroomBytes)} of it kept for later updates)` : '';
    throw new ValidationError([
      {
        field: showPath(heaviestPath(item[attribute])) || attribute,
        reason: `${what} would take ${kb(bytes)} as stored; DynamoDB stores at most ${kb(MAX_ITEM_BYTES)}${kept}, so nothing was sent`,
      },
    ]);
  }
}
