import { mkdirSync } from 'node:fs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../ports';

export interface RunningS3 {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** s3rver: an S3-compatible server on disk. Path-style URLs; it does not verify presigned signatures. */
export async function startS3Local(opts: { port: number; directory: string; buckets: string[]; log?: (line: string) => void }): Promise<RunningS3> {
  mkdirSync(opts.directory, { recursive: true });
  const S3rver = (await import('s3rver')).default as unknown as new (o: Record<string, unknown>) => {
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  };
  // s3rver knows only the key pair S3RVER/S3RVER; every local process here signs with local/local.
  const { DUMMY_ACCOUNT } = (await import('s3rver/lib/models/account.js')) as unknown as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
  const server = new S3rver({ port: opts.port, address: '127.0.0.1', directory: opts.directory, silent: true, resetOnClose: false });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  for (const Bucket of opts.buckets) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket }));
    } catch (err) {
      if (!/BucketAlready(OwnedByYou|Exists)/.test((err as Error).name)) throw err;
    }
  }
  s3.destroy();
  opts.log?.(`S3 (s3rver) ready on ${endpoint}, buckets: ${opts.buckets.join(', ')}`);
  return { endpoint, port, stop: () => server.close() };
}
