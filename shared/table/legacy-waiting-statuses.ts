import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { defaultTable, type Table } from './client';
import { conditionalWrite } from './conditional';
import { pagesOfType } from './item-type-pages';
import { ItemType, keys } from './keys';
import { applyStatus, waitingIn } from './message-statuses';
import { STATUS_RANK } from './status-rank';

/** Statuses Meta sends; an old waiting item is deleted only when none of them is left in it. */
const KNOWN_STATUSES = [...Object.keys(STATUS_RANK), 'warning'];

/**
 * Older versions kept statuses that came without EUM's id under `PENDING_STATUS#<wamid>`, and the transaction that
 * put a wamid's alias checked for them. This version keeps them on the alias item instead and no longer checks: run
 * this once after deploying it over an older one (`npm run adopt-waiting-statuses`; items expire 7 days after they
 * were kept). Each status is applied again as it arrives now (to its message if the alias exists, else it waits on
 * the alias), then the old item is deleted unless a status joined it meanwhile. Idempotent; returns the statuses moved.
 */
export async function adoptLegacyWaitingStatuses(db: Table = defaultTable()): Promise<number> {
  let moved = 0;
  for await (const page of pagesOfType(ItemType.PendingStatus, db)) {
    for (const item of page) {
      const events = waitingIn(item);
      if (!events.length || !events.every((e) => item.pk === keys.pendingStatus(e.wamid))) continue; // EUM id's, or on an alias
      for (const e of events) await applyStatus({ ...e, eumMessageId: undefined }, db);
      const seen = new Set(events.map((e) => `status_${e.status}`));
      const names = Object.fromEntries(KNOWN_STATUSES.filter((n) => !seen.has(`status_${n}`)).map((n, i) => [`#s${i}`, `status_${n}`]));
      const kept = await conditionalWrite(() =>
        db.client.send(
          new DeleteCommand({
            TableName: db.name,
            Key: { pk: item.pk },
            ConditionExpression: Object.keys(names).map((n) => `attribute_not_exists(${n})`).join(' AND '),
            ExpressionAttributeNames: names,
          }),
        ),
      );
      if (kept) moved += events.length;
    }
  }
  return moved;
}
