import { graphCallWithToken, type GraphRequest } from './request';
import { forgetGraphCredentials, getGraphCredentials } from './tokens';

export { graphUrl, type GraphRequest } from './request';

/**
 * Calls Meta's Graph API with the WABA's stored token (tokens.ts) and returns its JSON body: retries, error mapping
 * and the wire details are in request.ts. Throws GraphTokenMissingError when the WABA has no token, UpstreamError
 * when Graph fails; a token Graph rejects (190) is forgotten, so a replaced one is read at once.
 */
export async function graphCall<T = Record<string, unknown>>(req: GraphRequest): Promise<T> {
  const { accessToken } = await getGraphCredentials(req.wabaId);
  return graphCallWithToken<T>(req, accessToken, () => forgetGraphCredentials(req.wabaId));
}
