import { extensionOfMime, formatBytes, MEDIA_RULES, MediaKinds } from '../../shared/media/limits';

/**
 * WhatsApp's media types and limits as this deployment enforces them (shared/media/limits.ts is the one source:
 * the sends and validate_media check against the same rules).
 */
export function mediaTypesInForce() {
  return MediaKinds.map((kind) => {
    const rule = MEDIA_RULES[kind];
    return {
      kind,
      mimeTypes: [...rule.mimeTypes],
      extensions: rule.mimeTypes.map((m) => extensionOfMime(m)).filter(Boolean) as string[],
      maxBytes: rule.maxBytes,
      maxSize: formatBytes(rule.maxBytes),
      ...(rule.staticMaxBytes ? { staticMaxBytes: rule.staticMaxBytes, staticMaxSize: formatBytes(rule.staticMaxBytes) } : {}),
      caption: kind === 'image' || kind === 'video' || kind === 'document',
    };
  });
}

export type MediaTypes = ReturnType<typeof mediaTypesInForce>;

/** JSON with sorted keys: a map read back from DynamoDB does not keep its key order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );

/** Which kinds differ between two lists (a kind missing on one side counts as different). */
export function changedKinds(before: MediaTypes | undefined, after: MediaTypes): string[] {
  if (!before) return after.map((t) => t.kind);
  const old = new Map(before.map((t) => [t.kind, canonical(t)]));
  const kinds = new Set([...old.keys(), ...after.map((t) => t.kind)]);
  return [...kinds].filter((k) => old.get(k) !== canonical(after.find((t) => t.kind === k)));
}
