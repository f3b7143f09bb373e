import * as z from 'zod';
import { EUM_ERROR_NAMES, EumError } from './protocol';

/**
 * Faults injected into upcoming SendWhatsAppMessage calls, to test how callers cope with EUM and Meta failures.
 * - `error`: the HTTP attempt fails synchronously with that EUM exception. One count per attempt, so the SDK's own
 *   retries consume counts (count 2 + maxAttempts 3 = success on the third attempt).
 *   With `afterSend` the message is sent first (recorded, statuses follow) and the error is the answer: the failure
 *   a client cannot tell from a refusal. `hangUp` closes the connection instead of answering (a socket reset).
 * - `metaError`: the send is accepted, then Meta reports it `failed` with that error instead of sent/delivered/read.
 * Faults are used in the order they were injected.
 */

export const FaultSpecSchema = z
  .object({
    count: z.number().int().min(1).default(1),
    error: z
      .object({
        type: z.enum(EUM_ERROR_NAMES),
        status: z.number().int().min(400).max(599).optional(),
        message: z.string().optional(),
        afterSend: z.boolean().default(false),
        hangUp: z.boolean().default(false),
      })
      .optional(),
    metaError: z
      .object({ code: z.number().int(), title: z.string().min(1), details: z.string().optional() })
      .optional(),
  })
  .refine((f) => (f.error === undefined) !== (f.metaError === undefined), {
    message: 'a fault needs exactly one of `error` or `metaError`',
  });

export type FaultSpec = z.input<typeof FaultSpecSchema>;
type Fault = z.output<typeof FaultSpecSchema>;
export type MetaErrorFault = NonNullable<Fault['metaError']>;

export class FaultQueue {
  private readonly queue: Fault[] = [];

  /** Throws a ZodError when the spec is malformed. */
  add(spec: FaultSpec): void {
    this.queue.push(FaultSpecSchema.parse(spec));
  }

  /**
   * Called at the start of every SendWhatsAppMessage attempt (`afterSend: false`) and again once the message is
   * sent (`afterSend: true`): throws the injected EUM error due at that point, if one is next.
   */
  throwIfErrorDue(afterSend = false): void {
    const next = this.queue[0];
    if (!next?.error || next.error.afterSend !== afterSend) return;
    this.consume(next);
    const { type, status, message, hangUp } = next.error;
    throw Object.assign(new EumError(type, message ?? `Injected ${type}`, status), { hangUp });
  }

  /** Called once a send is accepted: the Meta error its delivery should fail with, if one is next. */
  takeMetaError(): MetaErrorFault | undefined {
    const next = this.queue[0];
    if (!next?.metaError) return undefined;
    this.consume(next);
    return next.metaError;
  }

  get pending(): ReadonlyArray<Readonly<Fault>> {
    return this.queue;
  }

  clear(): void {
    this.queue.length = 0;
  }

  private consume(fault: Fault): void {
    fault.count -= 1;
    if (fault.count <= 0) this.queue.shift();
  }
}
