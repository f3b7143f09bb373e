import type { LinkedAccount } from './demo-account';
import type { GroupDirectory } from './operations/group-sends';
import type { MessageTypeValidators } from './outbound-message';
import type { S3Transfer } from './s3-transfer';
import type { EumState } from './state';

/**
 * What every EUM operation gets: the linked account it serves, the stand-in's memory, its S3 side, and where status
 * envelopes go. An operation is `METHOD /path` (exactly as the SDK's schema binds it) → `{ name, run }`.
 */
export interface EumContext {
  account: LinkedAccount;
  state: EumState;
  s3: S3Transfer;
  /** Per-type checks of outbound Meta payloads (meta-validators.ts by default). */
  validators: MessageTypeValidators;
  /** Pause between the send response and the first status, and between statuses. */
  statusDelayMs: number;
  /** How long Meta's review of a created or edited template takes before APPROVED/REJECTED is published. */
  templateReviewDelayMs: number;
  /** The stand-in's own URL once it listens (Flow asset download links). */
  baseUrl?: string;
  /** Publishes one SNS message body (EUM's envelope); absent = envelopes are only recorded. */
  deliver?: (snsMessageBody: string) => Promise<void>;
  log: (line: string) => void;
  /** Who is in each WhatsApp group (the Graph stand-in's groups); absent = participants are simulated per group. */
  groups?: GroupDirectory;
}

export interface EumRequest {
  query: URLSearchParams;
  body: unknown;
}

export interface EumOperation {
  /** The SDK command's operation name, for logs. */
  name: string;
  run(ctx: EumContext, request: EumRequest): Promise<object>;
}

/** Keyed by `METHOD /path`, e.g. `POST /v1/whatsapp/send`. */
export type EumRoutes = Record<string, EumOperation>;
