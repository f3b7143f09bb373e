import { startGraphStandin, type GraphStandin, type GraphStandinOptions } from '../../../local/standins/graph/server';
import { DEMO_GRAPH_TOKEN } from '../../../local/standins/graph/state';
import { resetConfigForTests } from '../../../shared/config';
import { storeGraphCredentials } from '../../../shared/graph/token-store';
import { forgetGraphCredentials } from '../../../shared/graph/tokens';

/**
 * Starts a Graph API stand-in for one test file and points the functions at it (GRAPH_BASE_URL). Webhooks it would
 * publish are only recorded (`graph.published`), so a test chooses when ingest sees them.
 */
export async function startGraphForTest(opts: Pick<GraphStandinOptions, 'templates'> = {}): Promise<GraphStandin> {
  const graph = await startGraphStandin({ port: 0, ...opts });
  process.env.GRAPH_BASE_URL = graph.url;
  resetConfigForTests();
  forgetGraphCredentials();
  return graph;
}

/** Stores the stand-in's demo token for a WABA, as `set_graph_token` would. */
export async function storeDemoToken(wabaId: string, appId?: string): Promise<void> {
  await storeGraphCredentials(wabaId, { accessToken: DEMO_GRAPH_TOKEN, ...(appId ? { appId } : {}) });
  forgetGraphCredentials(wabaId);
}
