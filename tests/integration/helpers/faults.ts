import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { InternalServiceException } from '@aws-sdk/client-socialmessaging';

/**
 * Fault injection into the real AWS SDK clients the functions use (the process's own DynamoDB, S3, EUM Social, SQS
 * clients), through their middleware stacks: a rule fails the Nth matching call. The middleware sits at the
 * `initialize` step, above the SDK's retry loop, so an injected error is what the code sees once the SDK has given
 * up (throttling after its retries), and an `after` fault lets the call do its work first and then loses the answer
 * (a timeout or a crash after the write landed). No vitest import: the soak bench uses it too.
 */

/** What a middleware sees of one call: the command and the item keys it touches (`pk`s), for matching and reports. */
export interface SdkCall {
  command: string;
  keys: string[];
  input: Record<string, unknown>;
}

export interface Fault {
  /** A short name for reports (`throttled`, `conflict`, `network-after`…). */
  kind: string;
  /**
   * `before`: the call never reaches the service. `after`: the service handled it (the write landed, or its condition
   * failed); the caller gets the error instead of the answer.
   */
  when: 'before' | 'after';
  error: (call: SdkCall) => Error;
}

const meta = (httpStatusCode: number, attempts: number) => ({ httpStatusCode, attempts, totalRetryDelay: 0 });

/** DynamoDB throttled the call on every one of the SDK's attempts. */
export const throttled = (): Fault => ({
  kind: 'throttled',
  when: 'before',
  error: () =>
    new ProvisionedThroughputExceededException({
      message: 'Injected: the level of configured provisioned throughput for the table was exceeded (after the SDK retries)',
      $metadata: meta(400, 10),
    }),
});

/** On-demand tables throttle with ThrottlingException. */
export const throttling = (): Fault => ({
  kind: 'throttling',
  when: 'before',
  error: () => new ThrottlingException({ message: 'Injected: Throughput exceeds the current capacity of your table (after the SDK retries)', $metadata: meta(400, 10) }),
});

/** Another transaction held one of the items: a transaction is cancelled (TransactionConflict), a single write refused. */
export const transactionConflict = (): Fault => ({
  kind: 'conflict',
  when: 'before',
  error: (call) => {
    if (call.command !== 'TransactWriteItemsCommand') {
      return new TransactionConflictException({ message: 'Injected: Transaction is ongoing for the item', $metadata: meta(400, 1) });
    }
    const items = (call.input.TransactItems as unknown[] | undefined) ?? [];
    const reasons = items.map((_, i) => (i === 0 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' }));
    return new TransactionCanceledException({
      message: `Injected: Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      $metadata: meta(400, 1),
      CancellationReasons: reasons,
    });
  },
});

/**
 * The connection broke, on every one of the SDK's attempts (which then adds `$metadata` to the error, as here).
 * `after`: the request had reached the service and done its work (an ambiguous failure).
 */
export const networkError = (opts: { after?: boolean } = {}): Fault => ({
  kind: opts.after ? 'network-after' : 'network',
  when: opts.after ? 'after' : 'before',
  error: () => Object.assign(new Error('Injected: socket hang up'), { code: 'ECONNRESET', $metadata: { attempts: 3, totalRetryDelay: 0 } }),
});

/** The run ends right after this call did its work (a Lambda timeout or crash between two steps). */
export const runStopped = (): Fault => ({
  kind: 'run-stopped',
  when: 'after',
  error: (call) => Object.assign(new Error(`Injected: the run stopped after ${call.command} ${call.keys.join(',')}`), { name: 'RunStopped' }),
});

/** S3 failed with a 5xx (InternalError, SlowDown…) on every attempt. */
export const s3Error = (code = 'InternalError', httpStatusCode = 500): Fault => ({
  kind: `s3:${code}`,
  when: 'before',
  error: () => new S3ServiceException({ name: code, $fault: 'server', message: `Injected: ${code}`, $metadata: meta(httpStatusCode, 3) }),
});

/** EUM Social answered 500 on every attempt. */
export const eumInternalError = (): Fault => ({
  kind: 'eum:InternalServiceException',
  when: 'before',
  error: () => new InternalServiceException({ message: 'Injected: internal error', $metadata: meta(500, 3) }),
});

export interface FaultRule {
  /** The SDK command name (`PutItemCommand`, `TransactWriteItemsCommand`, `ListObjectsV2Command`…); any when absent. */
  command?: string | string[];
  /** Only calls this accepts, e.g. `(c) => c.keys.some((k) => k.startsWith('CONV#'))`. */
  where?: (call: SdkCall) => boolean;
  /** The first matching call that fails, counted from 1 (default 1). */
  nth?: number;
  /** How many consecutive matching calls fail from there (default 1; Infinity: all of them). */
  times?: number;
  /** Instead of nth/times: each matching call fails with this probability (drawn with `random`, Math.random by default). */
  chance?: number;
  random?: () => number;
  /** The fault, or a choice of fault for each failing call. */
  fault: Fault | ((call: SdkCall) => Fault);
}

/** The parts of an SDK client this needs (every v3 client and the DynamoDB document client have them). */
export interface ClientWithMiddleware {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  middlewareStack: { add: (mw: any, opts: any) => void; remove: (name: string) => boolean };
}

export interface FaultInjector {
  /** Every call the client made while injected, in order. */
  calls: SdkCall[];
  /** The faults thrown, in order. */
  injected: { kind: string; call: SdkCall }[];
  /** How many faults of each kind were thrown (kept with `log: false` too). */
  counts: Record<string, number>;
  /** Replaces the rules (their counts start again). */
  set(rules: FaultRule[]): void;
  /** Forgets calls and faults seen so far (the rules stay, their counts too). */
  clearLog(): void;
  remove(): void;
}

/** A key attribute as the document client gives it (plain) or as the wire has it (`{S: …}`). */
const keyValue = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof (v as { S?: unknown })?.S === 'string' ? (v as { S: string }).S : undefined;

/** The `pk`s a DynamoDB call touches; an S3 call's key or prefix; nothing for other calls. */
export function keysOf(input: Record<string, unknown>): string[] {
  const one = (x: Record<string, unknown> | undefined) => keyValue((x?.Key as Record<string, unknown>)?.pk ?? (x?.Item as Record<string, unknown>)?.pk);
  const transact = (input.TransactItems as Record<string, Record<string, unknown>>[] | undefined)?.map((t) => one(Object.values(t)[0]));
  const found = transact ?? [one(input), keyValue(input.Key), keyValue(input.Prefix)];
  return found.filter((k): k is string => typeof k === 'string');
}

let injectors = 0;

/**
 * Adds a fault-injecting middleware to a client; `remove()` takes it out again. `log: false` keeps no call log
 * (a long soak would hold every call's input), only the count of faults by kind in `injected`'s place.
 */
export function injectFaults(client: ClientWithMiddleware, rules: FaultRule[] = [], opts: { log?: boolean } = {}): FaultInjector {
  const log = opts.log ?? true;
  const name = `faultInjector${++injectors}`;
  let active = rules.map((r) => ({ ...r, seen: 0 }));
  const injector: FaultInjector = {
    calls: [],
    injected: [],
    counts: {},
    set: (next) => {
      active = next.map((r) => ({ ...r, seen: 0 }));
    },
    clearLog: () => {
      injector.calls.length = 0;
      injector.injected.length = 0;
      injector.counts = {};
    },
    remove: () => {
      client.middlewareStack.remove(name);
    },
  };
  const due = (call: SdkCall): Fault | undefined => {
    let fault: Fault | undefined;
    for (const rule of active) {
      const commands = rule.command === undefined ? undefined : [rule.command].flat();
      if (commands && !commands.includes(call.command)) continue;
      if (rule.where && !rule.where(call)) continue;
      rule.seen++;
      const first = rule.nth ?? 1;
      const fails = rule.chance !== undefined ? (rule.random ?? Math.random)() < rule.chance : rule.seen >= first && rule.seen < first + (rule.times ?? 1);
      if (!fault && fails) fault = typeof rule.fault === 'function' ? rule.fault(call) : rule.fault;
    }
    return fault;
  };
  client.middlewareStack.add(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (next: (args: any) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const call: SdkCall = { command: context.commandName ?? '?', keys: keysOf(args.input ?? {}), input: args.input ?? {} };
      if (log) injector.calls.push(call);
      const fault = due(call);
      if (!fault) return next(args);
      injector.counts[fault.kind] = (injector.counts[fault.kind] ?? 0) + 1;
      if (log) injector.injected.push({ kind: fault.kind, call });
      // After: whatever the service answered (a failed condition too) is lost with the connection or the run.
      if (fault.when === 'after') await next(args).catch(() => undefined);
      throw fault.error(call);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return injector;
}

/** What Lambda did with one asynchronous invocation (SNS → ingest): its attempts and how it ended. */
export interface LambdaOutcome {
  attempts: number;
  /** The error of each failed attempt. */
  errors: unknown[];
  /** The handler's answer on the attempt that succeeded. */
  result?: unknown;
  /** Every attempt failed: Lambda hands the event to the on-failure destination. */
  exhausted: boolean;
}

/**
 * Invokes a handler as Lambda invokes an SNS subscriber (asynchronously): a failed invocation is retried, twice by
 * default, then the event goes to the on-failure destination (`exhausted`).
 */
export async function invokeLikeLambda(
  handler: (event: unknown, context?: unknown) => Promise<unknown>,
  event: unknown,
  opts: { attempts?: number; context?: unknown } = {},
): Promise<LambdaOutcome> {
  const max = opts.attempts ?? 3;
  const errors: unknown[] = [];
  for (let attempt = 1; attempt <= max; attempt++) {
    try {
      const result = await handler(event, opts.context);
      return { attempts: attempt, errors, result, exhausted: false };
    } catch (err) {
      errors.push(err);
    }
  }
  return { attempts: max, errors, exhausted: true };
}

/**
 * Each injected fault makes ingest log an error line, as it should in production; a fault test makes hundreds on
 * purpose. Those lines (and only those) are dropped from stdout and stderr until the returned function is called.
 * (The Powertools logger resets its level on every invocation, so its level cannot be lowered from outside.)
 */
export function silenceIngestLogs(): () => void {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  streams.forEach((stream, i) => {
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      if (typeof chunk === 'string' && chunk.includes(EXPECTED_FAULT_LOG)) return true;
      return (writes[i] as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as NodeJS.WriteStream['write'];
  });
  return () => streams.forEach((stream, i) => (stream.write = writes[i]!));
}
const EXPECTED_FAULT_LOG = '"message":"ingest record failed on a transient fault';
