import { createHash } from 'node:crypto';

/**
 * SQS's awsJson1_0 wire format as the stand-in speaks it: query-compatible errors, message attribute checks and the
 * MD5 digests AWS returns (the SDK verifies them).
 */

export type Json = Record<string, unknown>;

/** A message attribute as it travels in awsJson: binary values are base64 strings. */
export interface SqsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
  StringListValues?: string[];
  BinaryListValues?: string[];
}

/** Queue attribute defaults AWS applies when CreateQueue omits them. */
export const DEFAULT_QUEUE_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: '30',
  DelaySeconds: '0',
  MessageRetentionPeriod: '345600',
  MaximumMessageSize: '1048576',
  ReceiveMessageWaitTimeSeconds: '0',
};
/** SQS's payload limit since August 2025 (body + attributes). */
export const MAX_MESSAGE_BYTES = 1_048_576;
export const MAX_REQUEST_BYTES = 8 * 1_048_576;

/**
 * A query-compatible SQS error: the JSON body carries `__type`, and `x-amzn-query-error` carries the legacy
 * awsQuery code, which the SDK (awsQueryCompatible) maps to the modelled exception class.
 */
export class SqsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly queryCode: string,
    message: string,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export const errors = {
  queueDoesNotExist: () =>
    new SqsError(400, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.'),
  invalidParameter: (message: string) => new SqsError(400, 'InvalidParameterValueException', 'InvalidParameterValue', message),
  missingParameter: (name: string) =>
    new SqsError(400, 'MissingRequiredParameterException', 'MissingParameter', `The request must contain the parameter ${name}.`),
  receiptHandleInvalid: (handle: string) =>
    new SqsError(404, 'ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`),
  messageNotInflight: () =>
    new SqsError(400, 'MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 'Message is not in flight.'),
  queueNameExists: (name: string) =>
    new SqsError(400, 'QueueNameExists', 'QueueAlreadyExists', `A queue already exists with the same name (${name}) and different attributes.`),
  emptyBatch: () => new SqsError(400, 'EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one entry in the request.'),
  tooManyEntries: () =>
    new SqsError(400, 'TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10.'),
  idsNotDistinct: () =>
    new SqsError(400, 'BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.'),
  invalidBatchEntryId: () =>
    new SqsError(400, 'InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'),
  invalidContents: () => new SqsError(400, 'InvalidMessageContents', 'InvalidMessageContents', 'Invalid characters found in the message body.'),
  serialization: (message: string) => new SqsError(400, 'SerializationException', 'SerializationException', message),
  unsupported: (op: string) =>
    new SqsError(400, 'UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', `The stand-in does not support ${op}.`),
};

/** The response body and headers of an error, as the SDK expects them. */
export function errorResponse(e: SqsError): { body: Json; headers: Record<string, string> } {
  return {
    body: { __type: `com.amazonaws.sqs#${e.type}`, message: e.message },
    headers: { 'x-amzn-query-error': `${e.queryCode};${e.fault}` },
  };
}

/** The request body as an object, or the SerializationException SQS answers. */
export function parseRequest(bytes: Buffer): Json {
  let input: unknown;
  try {
    input = JSON.parse(bytes.toString('utf8') || '{}');
  } catch {
    throw errors.serialization('Malformed JSON body');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw errors.serialization('Body must be a JSON object');
  return input as Json;
}

export function validateAttributes(raw: unknown, what: string): Record<string, SqsMessageAttribute> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw errors.invalidParameter(`Invalid ${what}s.`);
  const out: Record<string, SqsMessageAttribute> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) out[name] = validateAttribute(name, value, what);
  if (Object.keys(out).length > 10) throw errors.invalidParameter(`Number of ${what}s exceeds the allowed maximum [10].`);
  return out;
}

function validateAttribute(name: string, value: unknown, what: string): SqsMessageAttribute {
  const a = (value ?? {}) as SqsMessageAttribute;
  if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw errors.invalidParameter(`The ${what} name '${name}' is invalid.`);
  }
  if (typeof a.DataType !== 'string' || !/^(String|Number|Binary)(\..+)?$/.test(a.DataType)) {
    throw errors.invalidParameter(`The type of ${what} '${name}' is invalid.`);
  }
  const isBinary = a.DataType.startsWith('Binary');
  const ok = isBinary ? typeof a.BinaryValue === 'string' : typeof a.StringValue === 'string' && a.StringValue !== '';
  if (!ok) throw errors.invalidParameter(`The ${what} '${name}' must contain a non-empty value of type '${a.DataType}'.`);
  return isBinary ? { DataType: a.DataType, BinaryValue: a.BinaryValue } : { DataType: a.DataType, StringValue: a.StringValue };
}

export function attributesSize(attributes: Record<string, SqsMessageAttribute>): number {
  return Object.entries(attributes).reduce(
    (sum, [name, a]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(a.DataType) +
      (a.StringValue !== undefined ? Buffer.byteLength(a.StringValue) : 0) +
      (a.BinaryValue !== undefined ? Buffer.from(a.BinaryValue, 'base64').length : 0),
    0,
  );
}

/** `All` and `.*` match everything; `prefix.*` matches by prefix; otherwise exact name. */
export function attributeNameMatches(pattern: string, name: string): boolean {
  if (pattern === 'All' || pattern === '.*') return true;
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

export function md5(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * MD5OfMessageAttributes exactly as SQS computes it (and the Java/.NET SDKs verify it): attributes sorted by name;
 * for each, length-prefixed (4-byte big-endian) name and data type, one transport byte (1 string, 2 binary,
 * 3 string list, 4 binary list), then the length-prefixed value(s).
 */
export function md5OfMessageAttributes(attributes: Record<string, SqsMessageAttribute>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    parts.push(len, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(a.DataType, 'utf8'));
    if (a.StringValue !== undefined) {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(a.StringValue, 'utf8'));
    } else if (a.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(Buffer.from(a.BinaryValue, 'base64'));
    } else if (a.StringListValues !== undefined) {
      parts.push(Buffer.from([3]));
      for (const v of a.StringListValues) lengthPrefixed(Buffer.from(v, 'utf8'));
    } else if (a.BinaryListValues !== undefined) {
      parts.push(Buffer.from([4]));
      for (const v of a.BinaryListValues) lengthPrefixed(Buffer.from(v, 'base64'));
    }
  }
  return md5(Buffer.concat(parts));
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function intParam(value: unknown, name: string, min: number, max: number, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback === undefined) throw errors.missingParameter(name);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw errors.invalidParameter(`Value ${String(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}.`);
  }
  return value;
}
