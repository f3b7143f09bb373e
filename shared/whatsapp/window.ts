import { getConfig } from '../config';
import { ConflictError } from '../errors';
import { getWindowExpiry } from '../table/conversations';
import { keys } from '../table/keys';

/**
 * Meta's 24-hour customer-service window: a customer's message opens it for 24 hours; outside it WhatsApp delivers
 * only templates and fails anything else asynchronously with 131047. Checking before the send turns that late,
 * silent failure into an immediate answer. Ingest keeps `windowExpiresAt` on the conversation.
 */

/** Message types the window does not restrict. */
const WINDOW_FREE_TYPES = new Set(['template']);

export const windowApplies = (type: string): boolean => !WINDOW_FREE_TYPES.has(type);

export class WindowClosedError extends ConflictError {
  constructor(customer: string, conversationId: string, windowExpiresAt: string | null) {
    const when = windowExpiresAt ? `closed at ${windowExpiresAt}` : 'not open: the customer has never written to this number';
    super(
      `The 24-hour customer-service window with ${customer} is ${when}. Outside it WhatsApp delivers only templates ` +
        '(Meta error 131047): use send_template, wait for the customer to write, or pass enforceWindow: false to let Meta decide.',
      { windowExpiresAt, conversationId, customer, retryable: false, reason: 'customer_service_window_closed' },
    );
  }
}

export interface WindowCheck {
  phoneArn: string;
  customer: string;
  type: string;
  /** Per-call override; ENFORCE_CUSTOMER_SERVICE_WINDOW decides when absent. */
  enforceWindow?: boolean;
  now?: Date;
}

/** Throws WindowClosedError when a free-form message may not be sent now. One GetItem, and none for templates. */
export async function assertWindowOpen(c: WindowCheck): Promise<void> {
  if (!windowApplies(c.type)) return;
  if (!(c.enforceWindow ?? getConfig().ENFORCE_CUSTOMER_SERVICE_WINDOW)) return;
  const conversationId = keys.conversation(c.phoneArn, c.customer);
  // Read every time, strongly consistent: a customer who just wrote must find the window open, and a window is
  // never taken for open on the strength of an earlier read (a conversation can be deleted, or its window moved).
  const expiresAt = (await getWindowExpiry(conversationId)) ?? null;
  if (expiresAt && Date.parse(expiresAt) > (c.now ?? new Date()).getTime()) return;
  throw new WindowClosedError(c.customer, conversationId, expiresAt);
}
