import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { configure } from '../../shared/config';
import { flowEndpointKeys } from '../../shared/flows/endpoint-keys';
import { answerFlowRequest } from '../../shared/flows/exchange';
import { needs } from './needs';
import { flowScreens } from './screens';

configure(needs);

/**
 * `POST /flows/flow_data_exchange`: the HTTPS endpoint WhatsApp calls while a customer fills a dynamic Flow. It has
 * no API-key authorizer (WhatsApp cannot send one): X-Hub-Signature-256 authenticates the caller, and the body is
 * encrypted for our key. Answers are base64 text (Content-Type text/plain), or an empty 421/427/432.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const signature = event.headers?.['x-hub-signature-256'] ?? event.headers?.['X-Hub-Signature-256'];
  const answer = await answerFlowRequest(raw, signature, await flowEndpointKeys(), flowScreens);
  return { statusCode: answer.statusCode, headers: { 'content-type': 'text/plain' }, body: answer.body };
};
