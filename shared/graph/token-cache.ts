import type { GraphCredentials } from './token-names';

/** Tokens read in this process, until GRAPH_TOKEN_CACHE_SECONDS pass or Graph rejects one. */
export const cache = new Map<string, { credentials: GraphCredentials; until: number }>();

/** Graph said the token is invalid or expired: the next request reads the secret again (it may have been replaced). */
export function forgetGraphCredentials(wabaId?: string): void {
  if (wabaId === undefined) cache.clear();
  else cache.delete(wabaId);
}
