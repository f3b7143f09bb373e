import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The key under which `npm start` keeps serverless.yml as resolved (local/offline-config-cache.cjs): a kept
 * configuration must never be reused after something it was resolved from changed, and should be reused when only
 * the offline ports did.
 */

interface ConfigCache {
  cacheKey(argv: string[], envNames: string[], env: Record<string, string | undefined>): string;
  recordEnvReads(): { stop(): { names: string[]; env: Record<string, string | undefined> } };
}
const { cacheKey, recordEnvReads } = createRequire(__filename)('../../local/offline-config-cache.cjs') as ConfigCache;

const argv = ['offline', 'start', '--stage', 'local', '--httpPort', '40001', '--lambdaPort', '40002', '--host', '127.0.0.1'];
const env = { WA_TABLE_NAME: 'orders', INGEST_DLQ_URL: 'http://127.0.0.1:9324/123456789012/dlq', UNRELATED: 'a' };
const names = ['INGEST_DLQ_URL', 'WA_TABLE_NAME'];

describe('the kept serverless configuration', () => {
  const realEnv = process.env;
  afterEach(() => {
    process.env = realEnv;
  });

  it('is keyed the same for another offline port, host or an environment variable resolution never read', () => {
    const key = cacheKey(argv, names, env);
    const elsewhere = ['offline', 'start', '--stage', 'local', '--httpPort', '41999', '--lambdaPort', '40002', '--host', '0.0.0.0'];
    expect(cacheKey(elsewhere, names, env)).toBe(key);
    expect(cacheKey(argv, names, { ...env, UNRELATED: 'b' })).toBe(key);
  });

  it('is keyed differently when a variable read while resolving changed, appeared or went, or the stage changed', () => {
    const key = cacheKey(argv, names, env);
    expect(cacheKey(argv, names, { ...env, WA_TABLE_NAME: 'other' })).not.toBe(key);
    expect(cacheKey(argv, names, { ...env, INGEST_DLQ_URL: undefined })).not.toBe(key);
    expect(cacheKey(argv, [...names, 'LOG_LEVEL'], { ...env, LOG_LEVEL: 'debug' })).not.toBe(cacheKey(argv, [...names, 'LOG_LEVEL'], env));
    expect(cacheKey(argv.map((a) => (a === 'local' ? 'prod' : a)), names, env)).not.toBe(key);
  });

  it('records the variables read by name, with their values from before the framework set any, not a whole copy of the environment', () => {
    process.env = { ...realEnv, WA_TABLE_NAME: 'orders', SOMETHING_ELSE: 'x' };
    const recording = recordEnvReads();
    void process.env.WA_TABLE_NAME;
    void ('AUTO_MARK_READ' in process.env);
    process.env.SET_BY_FRAMEWORK = 'later';
    void process.env.SET_BY_FRAMEWORK;
    const copy = { ...process.env }; // as child_process does for a child's environment
    const keys = Object.keys(process.env).map((k) => process.env[k]); // and as a for-each over its keys does
    void process.env.INGEST_DLQ_URL; // by name, in the same tick as the copies
    const { names: read, env: before } = recording.stop();
    expect(copy.SOMETHING_ELSE).toBe('x');
    expect(keys).toContain('x');
    expect(read).toEqual(['AUTO_MARK_READ', 'INGEST_DLQ_URL', 'SET_BY_FRAMEWORK', 'WA_TABLE_NAME']);
    expect(before.SET_BY_FRAMEWORK).toBeUndefined();
    expect(process.env.SET_BY_FRAMEWORK).toBe('later');
  });
});
