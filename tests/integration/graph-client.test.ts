import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import type { GraphStandin } from '../../local/standins/graph/server';
import { DEMO_GRAPH_TOKEN } from '../../local/standins/graph/state';
import { UpstreamError } from '../../shared/errors';
import { graphCall } from '../../shared/graph/client';
import { GraphTokenMissingError, forgetGraphCredentials, graphTokenSecretName } from '../../shared/graph/tokens';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { startGraphForTest, storeDemoToken } from './helpers/graph';

let eum: EumStandin;
let graph: GraphStandin;
let config: Invoke;
const wabaId = DEMO_WABA.wabaId;
const sm = () => new SecretsManagerClient({});

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  graph = await startGraphForTest();
  config = (await import('../../functions/config/handler')).handler as unknown as Invoke;
});
afterAll(async () => {
  await eum.close();
  await graph.close();
});
beforeEach(() => {
  graph.state.faults = [];
  forgetGraphCredentials();
});

const fault = (body: Record<string, unknown>) =>
  fetch(`${graph.url}/_standin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const readWaba = () => graphCall<{ id: string; name: string }>({ wabaId, path: wabaId, query: { fields: 'id,name' } });

describe('Secrets Manager stand-in (real SDK client)', () => {
  it('creates, versions, reads and describes a secret; a missing one is ResourceNotFoundException', async () => {
    const name = `sm-test/${Date.now()}`;
    const created = await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    expect(created.ARN).toMatch(new RegExp(`:secret:${name}-[A-Za-z0-9]{6}$`));
    await sm().send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: 'two' }));
    const got = await sm().send(new GetSecretValueCommand({ SecretId: name }));
    expect(got.SecretString).toBe('two');
    expect(got.CreatedDate).toBeInstanceOf(Date);
    const previous = await sm().send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }));
    expect(previous.SecretString).toBe('one');
    const described = await sm().send(new DescribeSecretCommand({ SecretId: name }));
    expect(Object.values(described.VersionIdsToStages ?? {})).toHaveLength(2);
    await expect(sm().send(new CreateSecretCommand({ Name: name, SecretString: 'x' }))).rejects.toMatchObject({ name: 'ResourceExistsException' });
    await expect(sm().send(new GetSecretValueCommand({ SecretId: `${name}-nope` }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('set_graph_token and the token lookup', () => {
  it('a WABA without a token gets an error naming the secret to create', async () => {
    const err = await readWaba().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphTokenMissingError);
    expect((err as GraphTokenMissingError).statusCode).toBe(404);
    expect((err as Error).message).toContain(graphTokenSecretName(wabaId));
    expect((err as Error).message).toContain('set_graph_token');
  });

  it('refuses a token Graph rejects, naming the field, and stores nothing', async () => {
    const res = await config({ action: 'set_graph_token', token: 'EAAnot-a-token-Graph-knows-123' }, lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(res.fields[0].field).toBe('token');
    expect(res.error).toContain('190');
    await expect(sm().send(new GetSecretValueCommand({ SecretId: graphTokenSecretName(wabaId) }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('rejects bad input and an unknown WABA with the valid choices', async () => {
    const short = await config({ action: 'set_graph_token', token: 'abc' }, lambdaContext);
    expect(short.statusCode).toBe(400);
    expect(short.fields[0]).toMatchObject({ field: 'token' });
    const unknown = await config({ action: 'set_graph_token', token: DEMO_GRAPH_TOKEN, metaWabaId: '999' }, lambdaContext);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.validChoices).toEqual([wabaId]);
  });

  it('stores a working token (created, then a new version), never echoing it', async () => {
    const first = await config({ action: 'set_graph_token', token: DEMO_GRAPH_TOKEN, appId: '987654321098765' }, lambdaContext);
    expect(first).toMatchObject({ statusCode: 200, metaWabaId: wabaId, created: true, verified: { id: wabaId, name: DEMO_WABA.wabaName } });
    expect(JSON.stringify(first)).not.toContain(DEMO_GRAPH_TOKEN);
    const second = await config({ action: 'set_graph_token', token: DEMO_GRAPH_TOKEN }, lambdaContext);
    expect(second).toMatchObject({ statusCode: 200, created: false });
    expect(await readWaba()).toMatchObject({ id: wabaId });
  });
});

describe('Graph client retries and errors', () => {
  beforeAll(() => storeDemoToken(wabaId));

  it('retries throttling (80007) and succeeds within its attempts', async () => {
    await fault({ code: 80007, status: 400, message: '(#80007) Rate limit hit for WABA', times: 2 });
    const before = graph.state.requests.length;
    expect(await readWaba()).toMatchObject({ id: wabaId });
    expect(graph.state.requests.length - before).toBe(3);
  });

  it.each([4, 17, 32, 613, 130429])('persistent throttling %i is a retryable 429 after 3 attempts', async (code) => {
    await fault({ code, status: 400, message: `(#${code}) throttled`, times: 3 });
    const err = (await readWaba().catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.statusCode).toBe(429);
    expect(err.retryable).toBe(true);
    expect(err.details).toMatchObject({ attempts: 3, graphError: { code } });
  });

  it('retries a 5xx and reports it retryable when it persists', async () => {
    await fault({ code: 2, status: 503, message: 'Service temporarily unavailable', times: 1 });
    expect(await readWaba()).toMatchObject({ id: wabaId });
    await fault({ code: 1, status: 500, message: 'An unknown error occurred', times: 3 });
    const err = (await readWaba().catch((e: unknown) => e)) as UpstreamError;
    expect(err.statusCode).toBe(502);
    expect(err.retryable).toBe(true);
  });

  it('an expired token (190) is not retried, says how to fix it, and a new token is read at once', async () => {
    await fetch(`${graph.url}/_standin/tokens`, { method: 'POST', body: JSON.stringify({ token: 'EAAexpired-token-0123456789', expired: true }), headers: { 'content-type': 'application/json' } });
    await config({ action: 'set_graph_token', token: 'EAAexpired-token-0123456789', verify: false }, lambdaContext);
    const before = graph.state.requests.length;
    const err = (await readWaba().catch((e: unknown) => e)) as UpstreamError;
    expect(graph.state.requests.length - before).toBe(1);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/expired/);
    expect(err.details).toMatchObject({ fix: 'set_graph_token', graphError: { code: 190, subcode: 463 } });
    await storeDemoToken(wabaId);
    expect(await readWaba()).toMatchObject({ id: wabaId });
  });

  it("Meta's invalid-parameter error is a 400 carrying Meta's message and trace id", async () => {
    await fault({ code: 100, status: 400, message: '(#100) Param about must be at most 139 characters', times: 1 });
    const err = (await readWaba().catch((e: unknown) => e)) as UpstreamError;
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('Param about');
    expect((err.details.graphError as { fbtraceId?: string }).fbtraceId).toBeTruthy();
  });
});
