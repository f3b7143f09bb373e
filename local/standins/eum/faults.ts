import * as z from 'zod';
import { EUM_ERROR_NAMES, EumError } from './protocol';

/**
 * Faults injected into upcoming SendWhatsAppMessage calls, to test how callers cope with EUM and Meta failures.
 * - `error`: the HTTP attempt fails synchronously with that EUM exception. One count per attempt, so the SDK's own
 *   retries consume counts (count 2 + maxAttempts 3 = success on the third attempt).
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

  /** Called at the start of every SendWhatsAppMessage attempt: throws the injected EUM error, if one is next. */
  throwIfErrorDue(): void {
    const next = this.queue[0];
    if (!next?.error) return;
    this.consume(next);
    const { type, status, message } = next.error;
    throw new EumError(type, message ?? `Injected ${type}`, status);
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
