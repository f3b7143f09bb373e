import { decodeMergedCursor, encodeCursor, encodeMergedCursor, type CursorScope } from './pagination';

type Page = { items: Record<string, unknown>[]; nextCursor?: string };
type Lister = (partition: string, limit: number, cursor?: string) => Promise<Page>;

/**
 * One newest-first page across several partitions (e.g. every phone number of a WABA). The cursor keeps each
 * partition's own position; `null` marks a partition that is exhausted.
 */
export async function mergeNewestFirst(
  partitions: string[],
  limit: number,
  cursor: string | undefined,
  list: Lister,
  scopeOf: (partition: string) => CursorScope,
): Promise<Page> {
  const listName = scopeOf(partitions[0]!).list;
  const state = decodeMergedCursor(cursor, listName, partitions);
  const pages = await Promise.all(
    partitions.map(async (p) => (state[p] === null ? { p, items: [] as Record<string, unknown>[], next: undefined } : { p, ...(await list(p, limit, state[p] ?? undefined)), next: undefined as string | undefined })),
  );
  const tagged = pages.flatMap(({ p, items }) => items.map((item) => ({ p, item })));
  tagged.sort((a, b) => String(b.item.receivedAt ?? '').localeCompare(String(a.item.receivedAt ?? '')));
  const taken = tagged.slice(0, limit);
  const nextState: Record<string, string | null> = {};
  let more = false;
  for (const page of pages) {
    const mine = taken.filter((t) => t.p === page.p);
    const all = (page as Page & { p: string }).items;
    if (state[page.p] === null) {
      nextState[page.p] = null;
      continue;
    }
    if (mine.length === all.length) {
      // Everything fetched was used: continue where DynamoDB stopped, or mark done.
      const pageCursor = (page as Page).nextCursor;
      nextState[page.p] = pageCursor ?? null;
      if (pageCursor) more = true;
    } else {
      const last = mine[mine.length - 1]?.item;
      nextState[page.p] = last ? encodeCursor(scopeOf(page.p), positionOf(last, scopeOf(page.p)))! : (state[page.p] ?? '');
      more = true;
    }
  }
  return { items: taken.map((t) => t.item), nextCursor: more ? encodeMergedCursor(listName, nextState) : undefined };
}

/** The ExclusiveStartKey that continues a list right after `item`: the table key and the index's keys. */
const positionOf = (item: Record<string, unknown>, scope: CursorScope) => ({
  pk: item.pk,
  [scope.index.pk]: item[scope.index.pk],
  [scope.index.sk]: item[scope.index.sk],
});
