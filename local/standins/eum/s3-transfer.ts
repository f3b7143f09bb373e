import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { EumError } from './protocol';

/**
 * The S3 side of the media operations: EUM reads uploads from, and writes downloads to, the caller's bucket
 * (or a presigned URL). Failures become the EUM exceptions a caller would see, with the S3 reason in the message.
 */

export interface S3Endpoint {
  endpoint: string;
  region?: string;
  /** Defaults to true: local S3 servers (s3rver) only understand path-style URLs. */
  forcePathStyle?: boolean;
  /** Defaults to local/local. s3rver only knows the key id `S3RVER`, so pass {S3RVER, S3RVER} for it. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface S3Location {
  bucketName: string;
  key: string;
}

export interface FetchedObject {
  bytes: Buffer;
  contentType: string | undefined;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NoSuchBucket', 'NotFound']);

export class S3Transfer {
  private client: S3Client | undefined;

  constructor(private readonly endpoint: S3Endpoint | undefined) {}

  async read(location: S3Location): Promise<FetchedObject> {
    try {
      const out = await this.s3().send(new GetObjectCommand({ Bucket: location.bucketName, Key: location.key }));
      if (!out.Body) throw new EumError('InvalidParametersException', `S3 object ${uri(location)} has no body`);
      return { bytes: Buffer.from(await out.Body.transformToByteArray()), contentType: out.ContentType };
    } catch (error) {
      throw asEumError(error, `read ${uri(location)}`);
    }
  }

  async write(location: S3Location, bytes: Buffer, contentType: string): Promise<void> {
    try {
      await this.s3().send(
        new PutObjectCommand({ Bucket: location.bucketName, Key: location.key, Body: bytes, ContentType: contentType }),
      );
    } catch (error) {
      throw asEumError(error, `write ${uri(location)}`);
    }
  }

  destroy(): void {
    this.client?.destroy();
    this.client = undefined;
  }

  private s3(): S3Client {
    if (!this.endpoint) {
      throw new EumError(
        'InvalidParametersException',
        'This EUM stand-in has no S3 endpoint configured (start it with the s3 option or AWS_ENDPOINT_URL_S3)',
      );
    }
    this.client ??= new S3Client({
      endpoint: this.endpoint.endpoint,
      region: this.endpoint.region ?? 'us-east-1',
      forcePathStyle: this.endpoint.forcePathStyle ?? true,
      credentials: this.endpoint.credentials ?? LOCAL_CREDENTIALS,
      // Local S3 servers predate the flexible-checksum headers newer SDKs add by default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    return this.client;
  }
}

/** GET a presigned URL with the caller's headers (sourceS3PresignedUrl). */
export async function fetchPresigned(url: string, headers: Record<string, string>): Promise<FetchedObject> {
  const response = await requestPresigned(url, { method: 'GET', headers });
  return {
    bytes: Buffer.from(await response.arrayBuffer()),
    contentType: headerValue(headers, 'content-type') ?? response.headers.get('content-type') ?? undefined,
  };
}

/** PUT bytes to a presigned URL with the caller's headers (destinationS3PresignedUrl). */
export async function putPresigned(url: string, headers: Record<string, string>, bytes: Buffer, contentType: string): Promise<void> {
  await requestPresigned(url, {
    method: 'PUT',
    headers: { 'content-type': contentType, ...headers },
    body: bytes,
  });
}

async function requestPresigned(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new EumError('InvalidParametersException', `Could not reach the presigned URL: ${describe(error)}`);
  }
  if (!response.ok) {
    throw new EumError('InvalidParametersException', `The presigned URL answered HTTP ${response.status} to ${init.method}`);
  }
  return response;
}

const uri = (location: S3Location): string => `s3://${location.bucketName}/${location.key}`;

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const match = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return match === undefined ? undefined : headers[match];
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function asEumError(error: unknown, action: string): EumError {
  if (error instanceof EumError) return error;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    if (NOT_FOUND_CODES.has(error.name) || status === 404) {
      return new EumError('InvalidParametersException', `Could not ${action}: it does not exist (${error.name})`);
    }
    if (status === 403) return new EumError('AccessDeniedException', `Could not ${action}: access denied (${error.name})`);
    if (status >= 400 && status < 500) return new EumError('InvalidParametersException', `Could not ${action}: ${describe(error)}`);
  }
  // Network failures and S3 5xx: the service's dependency failed, which the SDK retries like AWS would.
  return new EumError('DependencyException', `Could not ${action}: ${describe(error)}`);
}
