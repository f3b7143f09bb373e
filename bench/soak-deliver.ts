/**
 * Delivery as SNS and Lambda do it, for the soak: a queue of work (SNS records, plus the replies' stores) run with a
 * fixed number in flight. A failed invocation is retried the way Lambda retries an asynchronous one, later and in
 * between other work (here: put back at a random later place in the queue), twice; after its third failure the
 * event goes to the on-failure destination (`exhausted`), which the operator replays at the end.
 */
import type { SNSEventRecord } from 'aws-lambda';

export type Work = { kind: 'record'; record: SNSEventRecord; attempt: number } | { kind: 'task'; run: () => Promise<unknown> };

export interface DeliveryStats {
  /** SNS deliveries (each record's copies). */
  deliveries: number;
  /** Handler invocations, retries included. */
  invocations: number;
  /** Invocations that failed (and were retried, or exhausted). */
  failed: number;
  /** Events whose three attempts all failed: handed to the on-failure destination. */
  exhausted: SNSEventRecord[];
  /** Records the handler sent to the dead-letter queue as poison. */
  poison: number;
  seconds: number;
}

export type Ingest = (record: SNSEventRecord) => Promise<{ failed?: number } | undefined>;

const LAMBDA_ATTEMPTS = 3;

/** Runs every piece of work, in the given order, with `concurrency` in flight; `random` places retries. */
export async function deliverAll(
  work: Work[],
  ingest: Ingest,
  opts: { concurrency: number; random: () => number; label: string },
): Promise<DeliveryStats> {
  // Taken from the end (pop is O(1) where shift would move every element each time).
  const queue = [...work].reverse();
  const stats: DeliveryStats = { deliveries: work.filter((w) => w.kind === 'record').length, invocations: 0, failed: 0, exhausted: [], poison: 0, seconds: 0 };
  let inFlight = 0;
  const started = performance.now();

  const runOne = async (w: Work) => {
    if (w.kind === 'task') {
      await w.run();
      return;
    }
    stats.invocations++;
    try {
      const out = await ingest(w.record);
      stats.poison += out?.failed ?? 0;
    } catch {
      stats.failed++;
      if (w.attempt >= LAMBDA_ATTEMPTS) stats.exhausted.push(w.record);
      else queue.splice(Math.floor(opts.random() * (queue.length + 1)), 0, { ...w, attempt: w.attempt + 1 });
    }
  };

  const timer = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    console.log(`  ${opts.label}: ${stats.invocations} invocations (${stats.failed} failed), ${queue.length} deliveries waiting, ${s.toFixed(0)} s`);
  }, 30_000);
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      for (;;) {
        const w = queue.pop();
        if (!w) {
          // Others may still put a retry back: wait for them before leaving.
          if (inFlight === 0) return;
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        inFlight++;
        try {
          await runOne(w);
        } finally {
          inFlight--;
        }
      }
    }),
  );
  clearInterval(timer);
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}
