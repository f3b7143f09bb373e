import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Secrets Manager's wire format: awsJson1_1. Every operation is `POST /` with `X-Amz-Target: secretsmanager.<Op>`
 * and a JSON body; errors are HTTP 400 with `{"__type": "<Exception>", "message"}`, which the SDK turns into the
 * modelled exception class. Timestamps are epoch seconds (numbers).
 */
export const CONTENT_TYPE = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'secretsmanager.';

export class SecretsManagerError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const errors = {
  notFound: () => new SecretsManagerError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  exists: (name: string) => new SecretsManagerError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`),
  invalidParameter: (message: string) => new SecretsManagerError('InvalidParameterException', message),
  invalidRequest: (message: string) => new SecretsManagerError('InvalidRequestException', message),
  unknownOperation: (op: string) => new SecretsManagerError('UnknownOperationException', `The stand-in does not support ${op}.`),
  serialization: () => new SecretsManagerError('SerializationException', 'The request body is not valid JSON.'),
};

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw errors.serialization();
}

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
  res.end(text);
}

export function writeError(res: ServerResponse, err: SecretsManagerError): void {
  res.setHeader('x-amzn-errortype', err.type);
  writeJson(res, err.status, { __type: err.type, message: err.message });
}
