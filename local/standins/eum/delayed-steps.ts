/**
 * Runs chains of asynchronous steps with a pause before each one (how the stand-in spaces out the status webhooks
 * of a send), and knows when all of them are done. Cancelling drops every chain that has not finished, so a reset
 * or close never lets stale statuses leak into the next test.
 */
export class DelayedSteps {
  private readonly running = new Set<Promise<void>>();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private generation = 0;

  constructor(private readonly onStepError: (error: unknown) => void) {}

  run(delayMs: number, steps: ReadonlyArray<() => Promise<void>>): void {
    const generation = this.generation;
    const chain = (async () => {
      for (const step of steps) {
        await this.sleep(delayMs);
        if (generation !== this.generation) return;
        try {
          await step();
        } catch (error) {
          this.onStepError(error);
        }
      }
    })();
    this.running.add(chain);
    void chain.finally(() => this.running.delete(chain));
  }

  /** Resolves once every chain (including ones started while waiting) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  cancelAll(): void {
    this.generation += 1;
    for (const sleeper of this.sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    this.sleepers.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(sleeper);
    });
  }
}
