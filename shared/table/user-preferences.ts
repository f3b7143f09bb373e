import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { mergeEvent, type MergeOutcome } from './event-merge';
import { ItemType, keys } from './keys';

/**
 * USER_PREFERENCE items (`USER_PREF#{phoneArn}#{customer}`): whether a customer stopped marketing messages from one
 * business number (`marketingOptOut`). The preference moves forward by the event's own time only; every event is
 * kept once in `history`. The conversation carries a copy (conversations.ts markConversationOptOut).
 */
export interface MarketingPreference {
  phoneArn: string;
  customer: string;
  wabaId: string;
  /** Deterministic per event: a redelivery carries the same id. */
  eventId: string;
  at: string;
  optOut: boolean;
  /** Meta's category, value (stop, resume) and detail, as received. */
  category?: string;
  value?: string;
  detail?: string;
}

export async function recordMarketingPreference(p: MarketingPreference, db: Table = defaultTable()): Promise<MergeOutcome> {
  return mergeEvent(
    {
      pk: keys.userPreference(p.phoneArn, p.customer),
      eventId: p.eventId,
      historyEntry: { at: p.at, category: p.category, value: p.value, detail: p.detail },
      set: { itemType: ItemType.UserPreference, phoneArn: p.phoneArn, customer: p.customer, wabaId: p.wabaId },
      setOnce: { createdAt: nowIso() },
      forward: { attr: 'updatedAt', value: p.at, set: { marketingOptOut: p.optOut, marketingPreference: p.value, marketingDetail: p.detail } },
    },
    db,
  );
}
