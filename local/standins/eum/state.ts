import { DelayedSteps } from './delayed-steps';
import type { MetaStatusName } from './envelope';
import { FaultQueue } from './faults';
import { FlowState } from './flows/state';
import { TemplateState } from './templates/state';
import { MediaStore } from './media-store';
import type { MetaMessagePayload } from './outbound-message';

/**
 * What the EUM Social stand-in remembers: accepted sends, the status envelopes it produced, faults waiting to be
 * injected, WhatsApp media, and the status chains still to run. `reset()` forgets it all between tests.
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
