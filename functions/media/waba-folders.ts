import { getLinkedAccounts } from '../../shared/eum/accounts';

/** phone-number-id → its WABA and display number, for naming the bucket's per-number folders. */
export async function phoneDirectory(): Promise<Map<string, { metaWabaId: string; wabaName: string; displayPhoneNumber: string }>> {
  const { accounts } = await getLinkedAccounts();
  return new Map(
    accounts.flatMap((a) => a.phoneNumbers.map((p) => [p.phoneNumberId, { metaWabaId: a.wabaId, wabaName: a.wabaName, displayPhoneNumber: p.displayPhoneNumber }] as const)),
  );
}
