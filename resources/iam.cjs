// One IAM role per function, derived from its needs declaration (functions/<dir>/needs.ts, format in shared/needs.ts).
// Nothing here lists a function by name: a new category gets its role from its declaration or fails to package.
const { functionDirs, loadNeeds } = require('./registry.cjs');
const { roleOf, switchValue } = require('./functions.cjs');

const arn = (service, resource) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
});
const tableArn = { 'Fn::GetAtt': ['MessagesTable', 'Arn'] };
const bucketArn = { 'Fn::GetAtt': ['MediaBucket', 'Arn'] };
const queueArn = { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] };
const allow = (Action, Resource, Condition) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });

/** `message` -> `MSG#*`: the key builder of shared/table/keys.ts with every part a wildcard. */
function keyPatterns(lib, kinds) {
  return kinds.map((kind) => {
    const build = lib.keys[kind];
    if (typeof build !== 'function' || kind === 'inbox') throw new Error(`'${kind}' is not an item kind of shared/table/keys.ts`);
    return build(...Array(build.length).fill('*'));
  });
}
/** Only items whose partition key matches one of the kinds' patterns (the table is pk-only). */
const onlyKinds = (lib, kinds) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPatterns(lib, kinds) } });

function tableStatements(lib, t) {
  const s = [];
  if (t.read === 'any') s.push(allow(['dynamodb:GetItem'], tableArn));
  else if (t.read?.length) s.push(allow(['dynamodb:GetItem'], tableArn, onlyKinds(lib, t.read)));
  if (t.query?.length) {
    const indexArns = t.query.map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${lib.Index[i].name}`]] }));
    s.push(allow(['dynamodb:Query'], indexArns));
  }
  // ConditionCheckItem: a transaction may check an item of a kind it writes (statuses check that none waits).
  if (t.write?.length) s.push(allow(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'], tableArn, onlyKinds(lib, t.write)));
  if (t.delete?.length) s.push(allow(['dynamodb:DeleteItem'], tableArn, onlyKinds(lib, t.delete)));
  if (t.describe) s.push(allow(['dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive'], tableArn));
  return s;
}

function bucketStatements(lib, b) {
  const objects = (areas) => areas.map((a) => ({ 'Fn::Join': ['', [bucketArn, `/${lib.bucketAreas[a]}*`]] }));
  const s = [];
  if (b.read?.length) s.push(allow(['s3:GetObject'], objects(b.read)));
  if (b.write?.length) s.push(allow(['s3:PutObject'], objects(b.write)));
  if (b.delete?.length) s.push(allow(['s3:DeleteObject'], objects(b.delete)));
  // Names only; without it S3 answers 403 instead of 404 for a missing key.
  if (b.list) s.push(allow(['s3:ListBucket'], bucketArn));
  if (b.lifecycle) s.push(allow(['s3:GetLifecycleConfiguration'], bucketArn));
  return s;
}

function eumStatements(dir, needs) {
  const ops = needs.eum ?? [];
  // EUM moves media between WhatsApp and our bucket with the caller's credentials.
  for (const reader of ['PostWhatsAppMessageMedia', 'CreateWhatsAppMessageTemplateMedia']) {
    if (ops.includes(reader) && !needs.bucket?.read?.length) {
      throw new Error(`functions/${dir}/needs.ts: ${reader} reads the media bucket; declare bucket.read`);
    }
  }
  if (ops.includes('GetWhatsAppMessageMedia') && !needs.bucket?.write?.length) {
    throw new Error(`functions/${dir}/needs.ts: GetWhatsAppMessageMedia writes the media bucket; declare bucket.write`);
  }
  const unscoped = ops.filter((o) => o === 'ListLinkedWhatsAppBusinessAccounts').map((o) => `social-messaging:${o}`);
  const scoped = ops.filter((o) => o !== 'ListLinkedWhatsAppBusinessAccounts').map((o) => `social-messaging:${o}`);
  return [
    ...(unscoped.length ? [allow(unscoped, '*')] : []),
    ...(scoped.length ? [allow(scoped, [arn('social-messaging', 'waba/*'), arn('social-messaging', 'phone-number-id/*')])] : []),
  ];
}

/** The statements a declaration grants (exported for the packaging test, which compares roles against it). */
function statementsFor(lib, dir, needs, secretPrefix, functionPrefix) {
  const s = [];
  if (needs.table) s.push(...tableStatements(lib, needs.table));
  if (needs.bucket) s.push(...bucketStatements(lib, needs.bucket));
  s.push(...eumStatements(dir, needs));
  if (needs.deadLetters?.send) s.push(allow(['sqs:SendMessage'], queueArn));
  if (needs.deadLetters?.consume) {
    s.push(allow(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'], queueArn));
  }
  if (needs.deadLetters?.depth && !needs.deadLetters?.consume) s.push(allow(['sqs:GetQueueAttributes'], queueArn));
  if (needs.topic?.describe) s.push(allow(['sns:GetTopicAttributes'], { Ref: 'InboundTopic' }));
  // Only this stack's own functions.
  if (needs.invoke) s.push(allow(['lambda:InvokeFunction'], arn('lambda', `function:${functionPrefix}*`)));
  if (needs.secrets?.length) {
    // Secrets Manager appends six random characters to a secret's ARN.
    s.push(allow(['secretsmanager:GetSecretValue'], needs.secrets.map((n) => arn('secretsmanager', `secret:${secretPrefix}${n}-??????`))));
  }
  if (needs.secretsWrite?.length) {
    s.push(
      allow(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue'], needs.secretsWrite.map((n) => arn('secretsmanager', `secret:${secretPrefix}${n}-??????`))),
    );
  }
  return s;
}

module.exports = async ({ resolveVariable }) => {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const dirs = functionDirs();
  const lib = loadNeeds(dirs.map((d) => d.dir));
  const Resources = {};
  for (const { key, dir } of dirs) {
    const needs = lib.effectiveNeeds(lib.needs[dir], (setting) => lib.switchIsOn(setting, switchValue(setting)));
    const functionName = `${service}-${stage}-${key}`;
    Resources[roleOf(key)] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          {
            PolicyName: `${functionName}-policy`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                allow(['logs:CreateLogStream', 'logs:PutLogEvents'], arn('logs', `log-group:/aws/lambda/${functionName}:*`)),
                ...statementsFor(lib, dir, needs, `${service}/${stage}/`, `${service}-${stage}-`),
              ],
            },
          },
        ],
      },
    };
  }
  return { Resources };
};
module.exports.statementsFor = statementsFor;
