import { createHash, randomUUID } from 'node:crypto';
import type { SNSMessageAttributes } from 'aws-lambda';

/** SNS's awsQuery wire format as the stand-in speaks it: form-encoded parameters in, XML out, query errors. */

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** SNS's limit for a message, body and attributes together. */
export const MAX_MESSAGE_BYTES = 262_144;
export const MAX_REQUEST_BYTES = 1_048_576;

/** An awsQuery error; `status` must match the model's httpError so the SDK picks the right exception class. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export const invalidParameter = (what: string) => new QueryError(400, 'InvalidParameter', `Invalid parameter: ${what}`);

export function queryResponse(action: string, result: string): string {
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function errorResponse(e: QueryError): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${XMLNS}"><Error><Type>${e.type}</Type><Code>${xml(e.code)}</Code>` +
    `<Message>${xml(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };

export function xml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => XML_ENTITIES[c] ?? c);
}

/** awsQuery accepts parameters in the query string (GET) or a form body (POST, what the SDK sends). */
export function requestParams(url: string | undefined, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(new URL(url ?? '/', 'http://x').search);
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
  return params;
}

/** awsQuery map serialization: MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue|BinaryValue. */
export function parseMessageAttributes(params: URLSearchParams): SNSMessageAttributes {
  const attributes: SNSMessageAttributes = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = params.get(`${prefix}.Name`) ?? '';
    const type = params.get(`${prefix}.Value.DataType`);
    const stringValue = params.get(`${prefix}.Value.StringValue`);
    const binaryValue = params.get(`${prefix}.Value.BinaryValue`); // already base64 on the wire, as in the event
    if (!name || !type) {
      throw new QueryError(400, 'ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value and type.`);
    }
    const value = type.startsWith('Binary') ? binaryValue : stringValue;
    if (value === null || !/^(String|Number|Binary)(\..+)?$/.test(type)) {
      throw new QueryError(400, 'ParameterValueInvalid', `The message attribute '${name}' has an invalid message attribute type or value.`);
    }
    attributes[name] = { Type: type, Value: value };
  }
  if (Object.keys(attributes).length > 10) {
    throw invalidParameter('Number of message attributes [11+] exceeds the allowed maximum [10].');
  }
  return attributes;
}

export function attributesSize(attributes: SNSMessageAttributes): number {
  return Object.entries(attributes).reduce(
    (sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.Type) + Buffer.byteLength(a.Value),
    0,
  );
}

/** Base64 of 256 bytes, the size of a real SNS RSA-SHA1 signature; it is not verifiable, only shaped like one. */
export function signatureFor(messageId: string, message: string, timestamp: string): string {
  const seed = createHash('sha256').update(`${messageId}\n${message}\n${timestamp}`).digest();
  const blocks = Array.from({ length: 8 }, (_, i) => createHash('sha256').update(seed).update(String(i)).digest());
  return Buffer.concat(blocks).toString('base64');
}

/** `arn:aws:lambda:<region>:<acct>:function:<name>[:qualifier]` → name; a plain name passes through. */
export function lambdaFunctionName(endpoint: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(endpoint);
  return match?.[1] ?? endpoint;
}
