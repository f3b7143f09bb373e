/**
 * Captures what a function writes to stdout and stderr while it runs (Powertools' Logger and Metrics write JSON
 * lines there through their own Console), and parses each JSON line.
 */
export interface CapturedOutput<T> {
  result: T;
  /** Everything written, verbatim. */
  raw: string;
  /** Each line that is a JSON object. */
  lines: Record<string, any>[];
}

export async function captureOutput<T>(fn: () => Promise<T>): Promise<CapturedOutput<T>> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write);
  for (const s of streams) {
    s.write = ((chunk: unknown) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    }) as typeof s.write;
  }
  let result: T;
  try {
    result = await fn();
  } finally {
    streams.forEach((s, i) => (s.write = originals[i]!));
  }
  const raw = chunks.join('');
  const lines = raw
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, any>];
      } catch {
        return [];
      }
    });
  return { result, raw, lines };
}

/** The metrics in the captured EMF blobs: one entry per metric and dimension set. */
export function emfMetrics(lines: Record<string, any>[]) {
  return lines
    .filter((l) => l._aws?.CloudWatchMetrics)
    .flatMap((l) =>
      (l._aws.CloudWatchMetrics as { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[]).flatMap((set) =>
        set.Dimensions.flatMap((dimensionSet) =>
          set.Metrics.map((m) => ({
            namespace: set.Namespace,
            name: m.Name,
            unit: m.Unit,
            value: l[m.Name],
            dimensions: Object.fromEntries(dimensionSet.map((d) => [d, l[d]])),
          })),
        ),
      ),
    );
}
