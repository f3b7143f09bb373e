/**
 * Where `npm start`'s seconds go: when each phase ended, in seconds since the process started (Node's
 * performance.now() counts from there, so tsx compiling and loading local/ is the first phase), printed as one line
 * once the cloud is ready. Phases run in parallel: they overlap and do not add up.
 */
export class StartTimings {
  private readonly started = 0;
  private readonly ends = new Map<string, number>([['modules loaded', performance.now()]]);
  private readonly notes = new Map<string, string>();

  /** Records that `phase` ended now (the first time only). */
  mark(phase: string, note?: string): void {
    if (!this.ends.has(phase)) this.ends.set(phase, performance.now() - this.started);
    if (note) this.notes.set(phase, note);
  }

  /** Runs `work` and marks `phase` when it resolves. */
  async time<T>(phase: string, work: Promise<T>, note?: (value: T) => string): Promise<T> {
    const value = await work;
    this.mark(phase, note?.(value));
    return value;
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** e.g. `bundles 0.0 s (unchanged) · DynamoDB Local 2.9 s · … · first answer 4.6 s` (each: seconds since start). */
  line(): string {
    return [...this.ends]
      .sort((a, b) => a[1] - b[1])
      .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s${this.notes.has(phase) ? ` (${this.notes.get(phase)})` : ''}`)
      .join(' · ');
  }
}
