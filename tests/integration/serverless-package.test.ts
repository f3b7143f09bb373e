import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionNames } from '../../functions/registry';
import { settingsFor, switchIsOn } from '../../shared/config';
import { effectiveNeeds } from '../../shared/needs';

// The derivations under test, as packaging runs them (resources/*.cjs are CommonJS).
const { functionDirs, loadNeeds } = require('../../resources/registry.cjs');
const { statementsFor } = require('../../resources/iam.cjs');
const iamResources = require('../../resources/iam.cjs');

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
    const categories = [...new Set(actionNames.map((a) => a.category))];
    expect(names).toEqual([...categories, 'ingest', 'authorizer', 'flow-endpoint'].map((c) => `whatsapp-eum-ci-${c.replace(/-([a-z])/g, (_, x) => x.toUpperCase())}`).sort());
    for (const f of fns) {
      expect(f.Runtime).toBe('nodejs22.x');
      expect(f.Architectures).toEqual(['arm64']);
    }
  });

  it('has one route per action, every route behind the Lambda authorizer but the Flows data endpoint', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const keys = routes.map((r) => r.RouteKey);
    for (const a of actionNames) expect(keys.filter((k) => k === `POST /${a.category}/${a.name}`)).toHaveLength(1);
    // WhatsApp calls flow_data_exchange without our API key; the function checks its signature instead.
    const open = routes.filter((r) => r.AuthorizationType !== 'CUSTOM');
    expect(open.map((r) => [r.RouteKey, r.AuthorizationType ?? 'NONE'])).toEqual([['POST /flows/flow_data_exchange', 'NONE']]);
    const [, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'REQUEST', EnableSimpleResponses: true, AuthorizerPayloadFormatVersion: '2.0' });
  });

  it('subscribes the ingest Lambda to the inbound topic', () => {
    const subs = ofType('AWS::SNS::Subscription').map(([, r]) => r.Properties);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ Protocol: 'lambda', TopicArn: { Ref: 'InboundTopic' } });
    expect(JSON.stringify(subs[0].Endpoint)).toContain('IngestLambdaFunction');
  });

  it('encrypts the inbound topic with a key EUM Social may use, and denies every other publisher', () => {
    const topic = resources.InboundTopic!.Properties;
    expect(topic.KmsMasterKeyId).toEqual({ Ref: 'InboundTopicKey' });
    const keyStatements = resources.InboundTopicKey!.Properties.KeyPolicy.Statement as any[];
    expect(keyStatements.find((s) => s.Principal.Service === 'social-messaging.amazonaws.com')).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    const policy = resources.InboundTopicPolicy!.Properties.PolicyDocument.Statement as any[];
    expect(policy.find((s) => s.Sid === 'DenyOtherPublishers')).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Condition: { StringNotEquals: { 'aws:PrincipalServiceName': 'social-messaging.amazonaws.com' } },
    });
    expect(policy.filter((s) => s.Effect === 'Allow').map((s) => s.Principal)).toEqual([{ Service: 'social-messaging.amazonaws.com' }]);
  });

  it('alarms when dead letters wait and when ingest invocations fail', () => {
    const alarms = Object.fromEntries(ofType('AWS::CloudWatch::Alarm').map(([id, r]) => [id, r.Properties]));
    expect(alarms.DeadLettersWaitingAlarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'OperationsAlarmTopic' }],
    });
    expect(alarms.IngestErrorsAlarm).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'IngestLambdaFunction' } }],
      Threshold: 0,
      AlarmActions: [{ Ref: 'OperationsAlarmTopic' }],
    });
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
    expect(ofType('AWS::IAM::Role')).toHaveLength(ofType('AWS::Lambda::Function').length);
  });

  it("gives each function a role holding exactly what its needs declaration grants, and its declared settings", () => {
    const lib = loadNeeds(functionDirs().map((f: { dir: string }) => f.dir));
    for (const { key, dir } of functionDirs() as { key: string; dir: string }[]) {
      // Packaged with no switch on: ingest's auto-reply permissions are absent.
      const needs = effectiveNeeds(lib.needs[dir], () => false);
      const role = resources[`${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaRole`]!;
      const [logs, ...granted] = role.Properties.Policies[0].PolicyDocument.Statement;
      expect(logs.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(granted, dir).toEqual(statementsFor(lib, dir, needs, 'whatsapp-eum/ci/', 'whatsapp-eum-ci-'));
      for (const s of granted) expect(s.Action.some((a: string) => a.endsWith(':*') || a === '*'), dir).toBe(false);
      const fn = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === `whatsapp-eum-ci-${key}`)![1];
      const env = Object.keys(fn.Properties.Environment.Variables).filter((k) => k !== 'NODE_OPTIONS');
      expect(env.sort(), dir).toEqual(settingsFor(lib.needs[dir]));
    }
  });

  it('lets only the authorizer read API keys and no function write them', () => {
    const statements = (id: string) => resources[id]!.Properties.Policies[0].PolicyDocument.Statement as any[];
    const [authorizerRead] = statements('AuthorizerLambdaRole').filter((s) => s.Action.includes('dynamodb:GetItem'));
    expect(authorizerRead.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APIKEY#*'] } });
    expect(statements('AuthorizerLambdaRole').flatMap((s) => s.Action)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'dynamodb:GetItem']);
    for (const [id] of ofType('AWS::IAM::Role')) {
      for (const s of statements(id).filter((x) => x.Action.some((a: string) => /dynamodb:(Put|Update|Delete|ConditionCheck)Item/.test(a)))) {
        // Every write (and a transaction's check of an item) is limited to declared item kinds, none of which is an API key.
        expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], id).toBeDefined();
        expect(s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'].some((k: string) => k.startsWith('APIKEY#')), id).toBe(false);
      }
      const actions = statements(id).flatMap((s) => s.Action);
      expect(actions, id).not.toContain('dynamodb:BatchGetItem');
    }
  });

  it('scopes media bucket objects by area: ingest writes only inbound/, messaging only reads', () => {
    const s3Of = (id: string) =>
      (resources[id]!.Properties.Policies[0].PolicyDocument.Statement as any[])
        .filter((s) => s.Action.some((a: string) => a.startsWith('s3:') && a !== 's3:ListBucket'))
        .map((s) => `${s.Action.join(',')} ${[s.Resource].flat().map((r: any) => r['Fn::Join'][1][1]).join(' ')}`);
    expect(s3Of('IngestLambdaRole')).toEqual(['s3:PutObject /inbound/*']);
    expect(s3Of('MessagingLambdaRole')).toEqual(['s3:GetObject /uploads/* /media/* /inbound/*']);
    expect(s3Of('ConversationsLambdaRole')).toEqual(['s3:GetObject /inbound/* /exports/*', 's3:PutObject /exports/*']);
  });

  it('grants ingest SendWhatsAppMessage only when an automatic answer or read receipt is switched on', async () => {
    const eumActions = async (env: Record<string, string | undefined>) => {
      const saved = { AUTO_MARK_READ: process.env.AUTO_MARK_READ, AUTO_REPLY_TEXT: process.env.AUTO_REPLY_TEXT };
      Object.assign(process.env, env);
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
      try {
        const { Resources } = await iamResources({ resolveVariable: async (v: string) => (v === 'self:service' ? 'whatsapp-eum' : 'ci') });
        return (Resources.IngestLambdaRole.Properties.Policies[0].PolicyDocument.Statement as any[]).flatMap((s) => s.Action);
      } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    expect(await eumActions({ AUTO_MARK_READ: undefined, AUTO_REPLY_TEXT: undefined })).not.toContain('social-messaging:SendWhatsAppMessage');
    expect(await eumActions({ AUTO_MARK_READ: 'false', AUTO_REPLY_TEXT: '  ' })).not.toContain('social-messaging:SendWhatsAppMessage');
    expect(await eumActions({ AUTO_MARK_READ: 'true', AUTO_REPLY_TEXT: undefined })).toContain('social-messaging:SendWhatsAppMessage');
    expect(await eumActions({ AUTO_MARK_READ: undefined, AUTO_REPLY_TEXT: 'Thanks, we answer within the hour' })).toContain(
      'social-messaging:SendWhatsAppMessage',
    );
    expect(switchIsOn('AUTO_MARK_READ', '1')).toBe(true);
  });

  it('lets only the Graph functions read Graph tokens; config may write them, not read them', () => {
    const roles = ofType('AWS::IAM::Role').map(([id]) => id);
    const statements = (id: string) => resources[id]!.Properties.Policies[0].PolicyDocument.Statement as any[];
    // The Flows data endpoint reads its own secret (flow-endpoint), never a Graph token.
    const readsGraphTokens = (s: any) => s.Action.includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes('graph-token');
    const readers = roles.filter((id) => statements(id).some(readsGraphTokens)).sort();
    const graphCategories = ['BusinessProfile', 'Calling', 'Groups', 'Templates'].filter((c) => roles.includes(`${c}LambdaRole`));
    expect(readers).toEqual(graphCategories.map((c) => `${c}LambdaRole`).sort());
    const configSecrets = statements('ConfigLambdaRole').find((s) => s.Action.includes('secretsmanager:PutSecretValue'));
    expect(configSecrets.Action).not.toContain('secretsmanager:GetSecretValue');
    expect(JSON.stringify(configSecrets.Resource)).toContain('secret:whatsapp-eum/ci/graph-token/*-??????');
    const [, fn] = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === 'whatsapp-eum-ci-config')!;
    expect(fn.Properties.Environment.Variables.SECRET_NAME_PREFIX).toBe('whatsapp-eum/ci/');
  });
});
