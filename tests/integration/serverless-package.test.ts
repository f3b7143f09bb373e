import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allActions } from '../../functions/registry';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'wa-package-'));
let resources: Record<string, { Type: string; Properties: any }>;
const ofType = (t: string) => Object.entries(resources).filter(([, r]) => r.Type === t);

/** `npx serverless package` with no AWS credentials and no network, as a user would run it. */
beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'ci', '--package', dir], {
    cwd: root,
    env,
    timeout: 120_000,
  });
  resources = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')).Resources;
}, 150_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serverless package', () => {
  it('has one Lambda per category with actions, plus ingest and the authorizer, on nodejs22.x arm64', () => {
    const fns = ofType('AWS::Lambda::Function').map(([, r]) => r.Properties);
    const names = fns.map((f) => f.FunctionName).sort();
    const categories = [...new Set(allActions.map((a) => a.category))];
    expect(names).toEqual([...categories, 'ingest', 'authorizer'].map((c) => `whatsapp-eum-ci-${c.replace(/-([a-z])/g, (_, x) => x.toUpperCase())}`).sort());
    for (const f of fns) {
      expect(f.Runtime).toBe('nodejs22.x');
      expect(f.Architectures).toEqual(['arm64']);
    }
  });

  it('has one route per action, every route behind the Lambda authorizer', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const keys = routes.map((r) => r.RouteKey);
    for (const a of allActions) expect(keys.filter((k) => k === `POST /${a.category}/${a.name}`)).toHaveLength(1);
    for (const r of routes) expect(r.AuthorizationType).toBe('CUSTOM');
    const [, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'REQUEST', EnableSimpleResponses: true, AuthorizerPayloadFormatVersion: '2.0' });
  });

  it('subscribes the ingest Lambda to the inbound topic', () => {
    const subs = ofType('AWS::SNS::Subscription').map(([, r]) => r.Properties);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ Protocol: 'lambda', TopicArn: { Ref: 'InboundTopic' } });
    expect(JSON.stringify(subs[0].Endpoint)).toContain('IngestLambdaFunction');
  });

  it('defines the table with pk only, the five GSIs, on-demand billing, TTL, PITR and encryption', () => {
    const [, table] = ofType('AWS::DynamoDB::Table')[0]!;
    const p = table.Properties;
    expect(p.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(p.GlobalSecondaryIndexes.map((g: any) => `${g.IndexName}:${g.KeySchema.map((k: any) => k.AttributeName).join(',')}`)).toEqual([
      'gsi-inbox:inboxPk,receivedAt',
      'gsi-conversation:conversationPk,receivedAt',
      'gsi-direction:direction,receivedAt',
      'gsi-from:from,receivedAt',
      'gsi-itemType:itemType,createdAt',
    ]);
    expect(p).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      TableName: 'whatsapp-eum-ci',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('keeps the media bucket private and encrypted, and gives each function its own least-privilege role', () => {
    const [, bucket] = ofType('AWS::S3::Bucket').find(([id]) => id === 'MediaBucket')!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toBeDefined();
    const roles = ofType('AWS::IAM::Role');
    expect(roles).toHaveLength(ofType('AWS::Lambda::Function').length);
    const statements = (id: string) => resources[id]!.Properties.Policies[0].PolicyDocument.Statement as any[];
    const actionsOf = (id: string) => statements(id).flatMap((s) => s.Action);
    expect(actionsOf('AuthorizerLambdaRole')).not.toContain('social-messaging:SendWhatsAppMessage');
    expect(actionsOf('AuthorizerLambdaRole')).toContain('dynamodb:GetItem');
    expect(actionsOf('AuthorizerLambdaRole')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('MessagingLambdaRole')).toContain('social-messaging:SendWhatsAppMessage');
    for (const [id] of roles) expect(actionsOf(id).some((a: string) => a.endsWith(':*') || a === '*')).toBe(false);
  });

  it('lets only the Graph functions read Graph tokens; config may write them, not read them', () => {
    const roles = ofType('AWS::IAM::Role').map(([id]) => id);
    const statements = (id: string) => resources[id]!.Properties.Policies[0].PolicyDocument.Statement as any[];
    const readers = roles.filter((id) => statements(id).some((s) => s.Action.includes('secretsmanager:GetSecretValue'))).sort();
    const graphCategories = ['BusinessProfile', 'Calling', 'Groups'].filter((c) => roles.includes(`${c}LambdaRole`));
    expect(readers).toEqual(graphCategories.map((c) => `${c}LambdaRole`).sort());
    const configSecrets = statements('ConfigLambdaRole').find((s) => s.Action.includes('secretsmanager:PutSecretValue'));
    expect(configSecrets.Action).not.toContain('secretsmanager:GetSecretValue');
    expect(JSON.stringify(configSecrets.Resource)).toContain('secret:whatsapp-eum/graph-token/*-??????');
    const [, fn] = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === 'whatsapp-eum-ci-config')!;
    expect(fn.Properties.Environment.Variables.GRAPH_TOKEN_SECRET_NAME).toBe('whatsapp-eum/graph-token/{wabaId}');
  });
});
