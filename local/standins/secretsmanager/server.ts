import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerError, TARGET_PREFIX, errors, readJson, writeError, writeJson } from './protocol';
import { SecretsState, type Secret } from './state';

/**
 * Local AWS Secrets Manager speaking its awsJson1_1 wire protocol, so the unmodified
 * @aws-sdk/client-secrets-manager works against it with only the endpoint changed
 * (AWS_ENDPOINT_URL_SECRETS_MANAGER). Covers the operations this project uses: CreateSecret, PutSecretValue,
 * GetSecretValue, DescribeSecret, ListSecrets, DeleteSecret. Signatures are not checked.
 */
export interface SecretsManagerStandinOptions {
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  logger?: (line: string) => void;
}

export interface SecretsManagerStandin {
  url: string;
  port: number;
  state: SecretsState;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function value(req: Json): { secretString?: string; secretBinary?: string } {
  const secretString = str(req.SecretString);
  const secretBinary = str(req.SecretBinary);
  if (secretString !== undefined && secretBinary !== undefined) {
    throw errors.invalidParameter('You can specify either SecretString or SecretBinary, but not both.');
  }
  return { ...(secretString !== undefined ? { secretString } : {}), ...(secretBinary !== undefined ? { secretBinary } : {}) };
}

function describe(s: Secret): Json {
  return {
    ARN: s.arn,
    Name: s.name,
    ...(s.description ? { Description: s.description } : {}),
    CreatedDate: s.createdAt,
    LastChangedDate: s.changedAt,
    VersionIdsToStages: Object.fromEntries(s.versions.map((v) => [v.versionId, v.stages])),
  };
}

function operations(state: SecretsState): Record<string, (req: Json) => Json> {
  return {
    CreateSecret: (req) => {
      const name = str(req.Name);
      if (!name) throw errors.invalidParameter('Name is required.');
      const s = state.create(name, value(req), str(req.Description), str(req.ClientRequestToken));
      const current = s.versions.at(-1);
      return { ARN: s.arn, Name: s.name, ...(current ? { VersionId: current.versionId } : {}) };
    },
    PutSecretValue: (req) => {
      const s = state.find(req.SecretId);
      const v = value(req);
      if (v.secretString === undefined && v.secretBinary === undefined) throw errors.invalidRequest('You must provide either SecretString or SecretBinary.');
      const version = state.putValue(s, v, str(req.ClientRequestToken));
      return { ARN: s.arn, Name: s.name, VersionId: version.versionId, VersionStages: version.stages };
    },
    GetSecretValue: (req) => {
      const s = state.find(req.SecretId);
      const v = state.version(s, req.VersionId, req.VersionStage);
      return {
        ARN: s.arn,
        Name: s.name,
        VersionId: v.versionId,
        ...(v.secretString !== undefined ? { SecretString: v.secretString } : {}),
        ...(v.secretBinary !== undefined ? { SecretBinary: v.secretBinary } : {}),
        VersionStages: v.stages,
        CreatedDate: v.createdAt,
      };
    },
    DescribeSecret: (req) => describe(state.find(req.SecretId)),
    ListSecrets: () => ({ SecretList: state.list().map(describe) }),
    DeleteSecret: (req) => {
      const s = state.find(req.SecretId);
      state.delete(s);
      return { ARN: s.arn, Name: s.name, DeletionDate: Date.now() / 1000 };
    },
  };
}

export async function startSecretsManagerStandin(opts: SecretsManagerStandinOptions = {}): Promise<SecretsManagerStandin> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.logger ?? (() => {});
  const state = new SecretsState(opts.region ?? 'us-east-1', opts.accountId ?? '123456789012');
  const ops = operations(state);

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const target = String(req.headers['x-amz-target'] ?? '');
        if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) throw errors.unknownOperation(`${req.method} ${target || req.url}`);
        const op = target.slice(TARGET_PREFIX.length);
        const run = ops[op];
        if (!run) throw errors.unknownOperation(op);
        const out = run(await readJson(req));
        // Never log secret values: only the operation and the secret's name.
        log(`${op} ${String(out.Name ?? '')}`);
        writeJson(res, 200, out);
      } catch (err) {
        if (err instanceof SecretsManagerError) return writeError(res, err);
        writeError(res, new SecretsManagerError('InternalServiceError', (err as Error).message, 500));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
