/** Meta timestamps are unix seconds as strings; items store ISO-8601 UTC so GSI sort keys order correctly. */
export function isoFromUnixSeconds(seconds: string | number | undefined, fallback = new Date()): string {
  const n = typeof seconds === 'string' ? Number(seconds) : seconds;
  if (n === undefined || !Number.isFinite(n)) return fallback.toISOString();
  return new Date(n * 1000).toISOString();
}

export const nowIso = (): string => new Date().toISOString();

/** DynamoDB TTL attribute value: epoch seconds. */
export const epochSecondsIn = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;
