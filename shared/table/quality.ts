import { nowIso } from '../time';
import { defaultTable, type Table } from './client';
import { mergeEvent, type MergeOutcome } from './event-merge';
import { ItemType, keys } from './keys';

/**
 * QUALITY items (`QUALITY#{phone-number-id-…}`): a business number's messaging limit and quality events. The
 * current state moves forward by event time only; every event is kept once in `history`.
 */
export interface QualityEvent {
  phone: { phoneNumberId: string; arn: string; metaPhoneNumberId?: string };
  wabaId: string;
  /** Deterministic per event: a redelivery carries the same id. */
  eventId: string;
  at: string;
  field: string;
  summary: string;
  /** Meta's event as received, kept in the history. */
  value: unknown;
  event?: string;
  currentLimit?: string;
  oldLimit?: string;
  maxDailyConversationsPerBusiness?: string | number;
  displayPhoneNumber?: string;
}

export async function recordQualityEvent(e: QualityEvent, db: Table = defaultTable()): Promise<MergeOutcome> {
  return mergeEvent(
    {
      pk: keys.quality(e.phone.phoneNumberId),
      eventId: e.eventId,
      historyEntry: { at: e.at, field: e.field, summary: e.summary, value: e.value },
      set: {
        itemType: ItemType.Quality,
        phoneNumberId: e.phone.phoneNumberId,
        phoneArn: e.phone.arn,
        metaPhoneNumberId: e.phone.metaPhoneNumberId,
        wabaId: e.wabaId,
      },
      setOnce: { createdAt: nowIso() },
      forward: {
        attr: 'updatedAt',
        value: e.at,
        set: {
          event: e.event,
          currentLimit: e.currentLimit,
          oldLimit: e.oldLimit,
          maxDailyConversationsPerBusiness: e.maxDailyConversationsPerBusiness,
          displayPhoneNumber: e.displayPhoneNumber,
          summary: e.summary,
        },
      },
    },
    db,
  );
}
