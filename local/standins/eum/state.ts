import { DelayedSteps } from './delayed-steps';
import type { MetaStatusName } from './envelope';
import { FaultQueue } from './faults';
import { FlowState } from './flows/state';
import { TemplateState } from './templates/state';
import { MediaStore } from './media-store';
import type { MetaMessagePayload } from './outbound-message';

/**
 * What the EUM Social stand-in remembers: accepted sends, the status envelopes it produced, faults waiting to be
 * injected, WhatsApp media, the status chains still to run, and when each customer last wrote. `reset()` forgets
 * all but the last between tests.
 */

export interface RecordedSend {
  /** EUM's id, returned by SendWhatsAppMessage and repeated as the envelope's messageId. */
  messageId: string;
  /** Meta's id, reported in statuses[].id; absent for mark-as-read requests, which create no message. */
  wamid?: string;
  kind: 'message' | 'mark_read';
  originationPhoneNumberId: string;
  metaApiVersion: string;
  message: MetaMessagePayload;
  receivedAt: string;
}

export interface PublishedStatus {
  messageId: string;
  wamid: string;
  status: MetaStatusName;
  /** The SNS message body exactly as published. */
  body: string;
  publishedAt: string;
  /** Set when the publish callback / SNS rejected the message. */
  error?: string;
}

export class EumState {
  /** Live list of accepted SendWhatsAppMessage calls (cleared in place by reset). */
  readonly sends: RecordedSend[] = [];
  /** Live list of status envelopes produced (whether or not a publisher was configured). */
  readonly published: PublishedStatus[] = [];
  readonly faults = new FaultQueue();
  readonly media = new MediaStore();
  /** Kept across reset: who wrote when is the customers' doing, not a recording of this stand-in. */
  readonly windows = new CustomerWindows();
  /** Account-level webhook envelopes published (template status updates), in order. */
  readonly events: Array<{ field: string; value: Record<string, unknown>; body: string }> = [];
  /** The WABA's message templates (hello_world from the start) and WhatsApp Flows. */
  readonly templates = new TemplateState();
  readonly flows = new FlowState();
  readonly steps: DelayedSteps;

  constructor(onStepError: (error: unknown) => void) {
    this.steps = new DelayedSteps(onStepError);
  }

  /** Clears sends, published statuses, pending faults, media, templates and Flows, and cancels what is scheduled. */
  reset(): void {
    this.steps.cancelAll();
    this.sends.length = 0;
    this.published.length = 0;
    this.faults.clear();
    this.media.clear();
    this.events.length = 0;
    this.templates.reset();
    this.flows.reset();
  }
}

const WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Meta's memory of when each customer last wrote: a free-form message is delivered only within 24 hours of it
 * (the customer-service window); outside it only templates go, anything else fails with 131047. Keyed by phone
 * digits and by business-scoped user id, as a customer can be addressed either way.
 */
export class CustomerWindows {
  private readonly lastWrote = new Map<string, number>();

  record(keys: ReadonlyArray<string | undefined>, at: Date): void {
    for (const key of keys) {
      if (!key) continue;
      const normalized = normalizeCustomer(key);
      this.lastWrote.set(normalized, Math.max(this.lastWrote.get(normalized) ?? 0, at.getTime()));
    }
  }

  isOpen(key: string, now = Date.now()): boolean {
    const wrote = this.lastWrote.get(normalizeCustomer(key));
    return wrote !== undefined && now - wrote < WINDOW_MS;
  }
}

/** '+1 555-123' and '1555123' are the same customer; a business-scoped id (`US.123…`) is kept as it is. */
function normalizeCustomer(key: string): string {
  return /^[+\d\s().-]+$/.test(key) ? key.replace(/\D/g, '') : key;
}
