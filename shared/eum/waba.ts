import { NotFoundError, ValidationError } from '../errors';
import { getLinkedAccounts, type LinkedAccount } from './accounts';

/** A linked WhatsApp Business Account by both its ids: EUM's (`waba-…`, for EUM calls) and Meta's (for the table). */
export interface WabaRef {
  /** EUM's waba-… id. */
  id: string;
  /** Meta's WABA id. */
  wabaId: string;
  wabaName: string;
}

const refOf = (a: LinkedAccount): WabaRef => ({ id: a.id, wabaId: a.wabaId, wabaName: a.wabaName });

/**
 * The WABA a template or Flow action works on: `metaWabaId` (Meta's id, EUM's waba-… id or its ARN), or the only
 * linked one. Looks once more at EUM Social before answering 404.
 */
export async function resolveWaba(metaWabaId?: string): Promise<WabaRef> {
  const match = (accounts: LinkedAccount[]) =>
    metaWabaId ? accounts.filter((a) => a.wabaId === metaWabaId || a.id === metaWabaId || a.arn === metaWabaId) : accounts;
  let { accounts } = await getLinkedAccounts();
  let found = match(accounts);
  if (found.length === 0 && metaWabaId) {
    ({ accounts } = await getLinkedAccounts({ refresh: true }));
    found = match(accounts);
  }
  if (found.length === 1) return refOf(found[0]!);
  const choices = accounts.map((a) => ({ metaWabaId: a.wabaId, wabaName: a.wabaName }));
  if (found.length === 0) {
    throw new NotFoundError(`No linked WhatsApp Business Account matches ${metaWabaId ?? '(none linked)'}. Linked: ${choices.map((c) => c.metaWabaId).join(', ') || 'none'}`, { validChoices: choices });
  }
  throw new ValidationError([{ field: 'metaWabaId', reason: `required: ${found.length} accounts are linked; name one of ${choices.map((c) => c.metaWabaId).join(', ')}` }]);
}
