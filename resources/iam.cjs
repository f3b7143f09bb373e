// One IAM role per function with only the calls that function makes (permissions.cjs).
const { loadRegistry, functionKey } = require('./registry.cjs');
const permissions = require('./permissions.cjs');
const { roleOf } = require('./functions.cjs');

const arn = (service, resource) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
});

function statementsFor(p, functionPrefix) {
  const s = [];
  if (p.dynamodb) {
    s.push({
      Effect: 'Allow',
      Action: p.dynamodb,
      Resource: [
        { 'Fn::GetAtt': ['MessagesTable', 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['MessagesTable', 'Arn'] }, '/index/*']] },
      ],
    });
  }
  if (p.socialMessaging) {
    const list = p.socialMessaging.filter((a) => a.endsWith(':ListLinkedWhatsAppBusinessAccounts'));
    const scoped = p.socialMessaging.filter((a) => !list.includes(a));
    if (list.length) s.push({ Effect: 'Allow', Action: list, Resource: '*' });
    if (scoped.length) {
      s.push({ Effect: 'Allow', Action: scoped, Resource: [arn('social-messaging', 'waba/*'), arn('social-messaging', 'phone-number-id/*')] });
    }
    // EUM reads (PostWhatsAppMessageMedia) and writes (GetWhatsAppMessageMedia) media in our bucket on our behalf,
    // with our credentials.
    const eumS3 = [
      ...(p.socialMessaging.some((a) => a.endsWith(':PostWhatsAppMessageMedia')) ? ['s3:GetObject'] : []),
      ...(p.socialMessaging.some((a) => a.endsWith(':GetWhatsAppMessageMedia')) ? ['s3:PutObject'] : []),
    ];
    if (eumS3.length) {
      s.push({ Effect: 'Allow', Action: eumS3, Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['MediaBucket', 'Arn'] }, '/*']] } });
    }
  }
  if (p.s3) {
    // ListBucket applies to the bucket itself, every other action to its objects.
    const bucketLevel = p.s3.filter((a) => a === 's3:ListBucket' || a === 's3:GetLifecycleConfiguration');
    const objectLevel = p.s3.filter((a) => !bucketLevel.includes(a));
    if (objectLevel.length) {
      s.push({ Effect: 'Allow', Action: objectLevel, Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['MediaBucket', 'Arn'] }, '/*']] } });
    }
    if (bucketLevel.length) s.push({ Effect: 'Allow', Action: bucketLevel, Resource: { 'Fn::GetAtt': ['MediaBucket', 'Arn'] } });
  }
  if (p.sqs) s.push({ Effect: 'Allow', Action: p.sqs, Resource: { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] } });
  if (p.sns) s.push({ Effect: 'Allow', Action: p.sns, Resource: { Ref: 'InboundTopic' } });
  // Only this stack's own functions (POST / forwards to the category functions).
  if (p.lambda) s.push({ Effect: 'Allow', Action: p.lambda, Resource: arn('lambda', `function:${functionPrefix}*`) });
  return s;
}

module.exports = async ({ resolveVariable }) => {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const { allActions } = loadRegistry();
  const keys = [...new Set(allActions.map((a) => functionKey(a.category))), 'ingest', 'authorizer'];
  const Resources = {};
  for (const key of keys) {
    const category = key === 'businessProfile' ? 'business-profile' : key;
    const p = permissions[category];
    if (!p) throw new Error(`resources/permissions.cjs has no entry for function '${key}'`);
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
                {
                  Effect: 'Allow',
                  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: arn('logs', `log-group:/aws/lambda/${functionName}:*`),
                },
                ...statementsFor(p, `${service}-${stage}-`),
              ],
            },
          },
        ],
      },
    };
  }
  return { Resources };
};
