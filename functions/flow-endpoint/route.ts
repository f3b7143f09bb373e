import { definePublicRoute } from '../../shared/actions/registry';

/** The seed's `flow_data_exchange`: the endpoint WhatsApp calls while a customer fills a dynamic Flow. */
export const flowDataExchangeRoute = definePublicRoute({
  category: 'flows',
  action: 'flow_data_exchange',
  method: 'POST',
  path: '/flows/flow_data_exchange',
  functionDir: 'flow-endpoint',
  description:
    "The WhatsApp Flows data-exchange endpoint (register its URL as the Flow's endpoint): WhatsApp posts {encrypted_flow_data, encrypted_aes_key, initial_vector} while a customer fills a dynamic Flow; it answers ping, INIT, data_exchange and BACK through the screen handlers in functions/flow-endpoint/screens.ts, encrypted for WhatsApp (base64 text). Not for API clients: 432 on a bad signature, 421 when the body cannot be decrypted, 427 for a flow_token a screen handler refuses.",
  authentication:
    'No API key: X-Hub-Signature-256 (HMAC-SHA256 of the body with the Meta app secret) and encryption (RSA-OAEP-SHA256 for the AES-128-GCM key, with the private key from the Secrets Manager secret <prefix>flow-endpoint)',
});
