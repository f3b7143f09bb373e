/**
 * Compares two tables item by item: every item of one must be in the other with the same attributes and values,
 * except the few attributes set from the clock of the run that wrote them (listed with the reason in CLOCK_FIELDS),
 * which must still be present in both, as timestamps of the same kind.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Attributes whose value is the processing clock of the run, by item type (and direction for messages). Nothing
 * else is ignored: ids, texts, statuses and their times, unread sets, window times come from the events.
 */
export const CLOCK_FIELDS: Record<string, { fields: string[]; why: string }> = {
  'MESSAGE/INBOUND': { fields: ['createdAt'], why: 'when ingest stored the message (its Meta time is receivedAt, compared)' },
  'MESSAGE/OUTBOUND': { fields: ['createdAt', 'acceptedAt', 'receivedAt'], why: 'when the send was stored: the send path stamps its own clock' },
  CONVERSATION: {
    fields: ['createdAt', 'updatedAt', 'receivedAt', 'lastMessageAt', 'lastOutboundAt'],
    why:
      "the reply's store stamps the clock and is the conversation's latest event from then on; createdAt is set by " +
      'whichever write creates the item, a message (its Meta time) or the reply (the clock), which the soak races on purpose',
  },
  PENDING_STATUS: { fields: ['createdAt', 'ttl'], why: 'when the early status was kept; its expiry counts from then' },
};

const classOf = (item: Item): string =>
  item.itemType === 'MESSAGE' ? `MESSAGE/${String(item.direction)}` : String(item.itemType ?? 'unknown');

export async function scanTable(doc: DynamoDBDocumentClient, tableName: string, segments = 4): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let ExclusiveStartKey: Item | undefined;
      do {
        const page = await doc.send(new ScanCommand({ TableName: tableName, Segment: segment, TotalSegments: segments, ExclusiveStartKey, ConsistentRead: true }));
        for (const item of page.Items ?? []) items.set(String(item.pk), item);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }),
  );
  return items;
}

/** A value in a form where equal values print equally: sets sorted, object keys sorted. */
function canonical(v: unknown): unknown {
  if (v instanceof Set) return { $set: [...v].map(canonical).map((x) => JSON.stringify(x)).sort() };
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Item)[k])]));
  return v;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const isClockValue = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v))) || (typeof v === 'number' && Number.isFinite(v));

export interface Difference {
  pk: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface Comparison {
  items: number;
  byType: Record<string, number>;
  differences: Difference[];
  /** Clock attributes found on both sides (compared for presence only). */
  clockValues: number;
}

/** `expected`: the fault-free run's table; `actual`: the faulted one's. */
export function compareTables(expected: Map<string, Item>, actual: Map<string, Item>): Comparison {
  const differences: Difference[] = [];
  const byType: Record<string, number> = {};
  let clockValues = 0;
  for (const pk of new Set([...expected.keys(), ...actual.keys()])) {
    const a = expected.get(pk);
    const b = actual.get(pk);
    if (!a || !b) {
      differences.push({ pk, field: '(item)', expected: a ? 'present' : 'absent', actual: b ? 'present' : 'absent' });
      continue;
    }
    const kind = classOf(a);
    byType[kind] = (byType[kind] ?? 0) + 1;
    const clock = new Set(CLOCK_FIELDS[kind]?.fields ?? []);
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (clock.has(field)) {
        if (isClockValue(a[field]) && isClockValue(b[field]) && typeof a[field] === typeof b[field]) clockValues++;
        else if (a[field] !== undefined || b[field] !== undefined) differences.push({ pk, field, expected: a[field], actual: b[field] });
      } else if (!same(a[field], b[field])) {
        differences.push({ pk, field, expected: a[field], actual: b[field] });
      }
    }
  }
  return { items: expected.size, byType, differences, clockValues };
}

const short = (v: unknown) => {
  const s = JSON.stringify(canonical(v)) ?? 'undefined';
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};
export const describeDifference = (d: Difference) => `${d.pk} ${d.field}: fault-free ${short(d.expected)}, faulted ${short(d.actual)}`;
