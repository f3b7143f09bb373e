import { listUnplacedFlowResponses, placeFlowResponse, type FlowResponseItem } from '../table/flow-responses';
import { flowAnswered } from './answered';

/**
 * How far back a per-Flow read looks for answers still waiting for their Flow message. The `sent` status that names
 * that message normally comes seconds after the send; older unplaced answers are replies to messages sent elsewhere,
 * and a customer's read still places them if their message ever turns up.
 */
const UNPLACED_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const UNPLACED_PAGE = 25;
/** At most this many pages per read, so one read's cost stays bounded whatever piles up there. */
const UNPLACED_MAX_PAGES = 4;

/**
 * An answer stored before its Flow message's wamid was known (its `sent` status came later) gets its Flow now, if
 * that message is found (its context wamid resolves through the alias the `sent` status wrote): the item is updated
 * once (a conditional write, so concurrent reads place it once), and lists under its Flow from then on. Others are
 * returned as they are.
 */
export async function placeAnswer(r: FlowResponseItem): Promise<FlowResponseItem> {
  if (r.flowMessageId || !r.replyTo) return r;
  const flow = await flowAnswered(r.replyTo, r.wabaId);
  if (!flow.flowMessageId) return r;
  return (await placeFlowResponse(r.wamid, { ...flow, flowMessageId: flow.flowMessageId })) ?? r;
}

/**
 * Places the recent answers still without their Flow, before a per-Flow read queries its partition, so an answer
 * that beat its Flow message's `sent` status lists under its Flow as soon as that message is known. Reads only the
 * unplaced partition (rare answers), newest first, bounded by the window and the page cap. Returns how many it placed.
 */
export async function placeRecentUnplaced(now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - UNPLACED_WINDOW_MS).toISOString();
  let placed = 0;
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < UNPLACED_MAX_PAGES; page++) {
    const out = await listUnplacedFlowResponses(since, UNPLACED_PAGE, startKey);
    const after = await Promise.all(out.items.map(placeAnswer));
    placed += after.filter((r, i) => r !== out.items[i]).length;
    startKey = out.lastKey;
    if (!startKey) break;
  }
  return placed;
}
