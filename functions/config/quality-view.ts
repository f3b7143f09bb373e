import { getLinkedAccounts, resolvePhone, type LinkedPhone } from '../../shared/eum/accounts';
import { withoutMergeBookkeeping } from '../../shared/table/event-merge';

/** The numbers a quality request covers: the one named, else every linked number. */
export async function phonesFor(sel: { metaWabaId?: string; phoneNumberId?: string }): Promise<(LinkedPhone & { wabaId: string })[]> {
  if (sel.metaWabaId || sel.phoneNumberId) {
    const p = await resolvePhone(sel);
    return [{ ...p, wabaId: p.account.wabaId }];
  }
  const { accounts } = await getLinkedAccounts();
  return accounts.flatMap((a) => a.phoneNumbers.map((p) => ({ ...p, wabaId: a.wabaId })));
}

/** A QUALITY item as the API shows it; the event history only when asked for. */
export function presentQuality(item: Record<string, unknown>, includeHistory: boolean): Record<string, unknown> {
  const { history, pk: _pk, ...rest } = withoutMergeBookkeeping(item);
  return includeHistory ? { ...rest, history } : { ...rest, historyCount: Array.isArray(history) ? history.length : 0 };
}
