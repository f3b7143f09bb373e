import { randomBytes, randomUUID } from 'node:crypto';
import { errors } from './protocol';

/** What the stand-in remembers: secrets by name, each with its versions (AWSCURRENT / AWSPREVIOUS labels). */
export interface SecretVersion {
  versionId: string;
  secretString?: string;
  secretBinary?: string;
  createdAt: number;
  stages: string[];
}

export interface Secret {
  name: string;
  arn: string;
  description?: string;
  createdAt: number;
  changedAt: number;
  versions: SecretVersion[];
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** AWS appends a hyphen and six random characters to a secret's name in its ARN. */
const arnSuffix = () => [...randomBytes(6)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('');
const nowSeconds = () => Date.now() / 1000;

export class SecretsState {
  private readonly secrets = new Map<string, Secret>();

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  /** SecretId is the name or the full ARN; a partial ARN is not supported. */
  find(secretId: unknown): Secret {
    if (typeof secretId !== 'string' || secretId === '') throw errors.invalidParameter('SecretId is required.');
    const byName = this.secrets.get(secretId);
    if (byName) return byName;
    for (const s of this.secrets.values()) if (s.arn === secretId) return s;
    throw errors.notFound();
  }

  create(name: string, value: { secretString?: string; secretBinary?: string }, description?: string, versionId?: string): Secret {
    if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
      throw errors.invalidParameter('Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
    }
    if (this.secrets.has(name)) throw errors.exists(name);
    const at = nowSeconds();
    const secret: Secret = {
      name,
      arn: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${arnSuffix()}`,
      description,
      createdAt: at,
      changedAt: at,
      versions: [],
    };
    this.secrets.set(name, secret);
    if (value.secretString !== undefined || value.secretBinary !== undefined) this.putValue(secret, value, versionId);
    return secret;
  }

  /** The new version becomes AWSCURRENT; the one before it AWSPREVIOUS, as Secrets Manager does. */
  putValue(secret: Secret, value: { secretString?: string; secretBinary?: string }, versionId: string = randomUUID()): SecretVersion {
    const existing = secret.versions.find((v) => v.versionId === versionId);
    if (existing) return existing; // same ClientRequestToken: idempotent
    for (const v of secret.versions) {
      v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
      if (v.stages.includes('AWSCURRENT')) v.stages = [...v.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
    }
    const version: SecretVersion = { versionId, ...value, createdAt: nowSeconds(), stages: ['AWSCURRENT'] };
    secret.versions.push(version);
    secret.changedAt = version.createdAt;
    return version;
  }

  version(secret: Secret, versionId?: unknown, stage?: unknown): SecretVersion {
    const wanted = typeof stage === 'string' ? stage : 'AWSCURRENT';
    const found = typeof versionId === 'string'
      ? secret.versions.find((v) => v.versionId === versionId)
      : secret.versions.find((v) => v.stages.includes(wanted));
    if (!found) throw errors.notFound();
    return found;
  }

  delete(secret: Secret): void {
    this.secrets.delete(secret.name);
  }

  list(): Secret[] {
    return [...this.secrets.values()];
  }
}
