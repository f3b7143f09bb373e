// serverless.yml `functions:` generated from the action registry: one Lambda per category that has actions,
// one `POST /<category>/<action>` route per action, the ingest function on the inbound topic, and the authorizer.
const { loadRegistry, functionKey } = require('./registry.cjs');

const authorizer = { name: 'apiKeyAuthorizer' };
const deadLetterQueueUrl = () => process.env.INGEST_DLQ_URL || { Ref: 'IngestDeadLetterQueue' };
/** Settings only some category functions need. */
const categoryEnvironment = {
  // get_infra reports the topic and the queue; POST / forwards to `<prefix><function key>`.
  config: () => ({
    INBOUND_TOPIC_ARN: process.env.INBOUND_TOPIC_ARN || { Ref: 'InboundTopic' },
    INGEST_DLQ_URL: deadLetterQueueUrl(),
    FUNCTION_NAME_PREFIX: '${self:service}-${sls:stage}-',
  }),
  // list_dead_letters / replay_dead_letters read the ingest dead-letter queue.
  webhooks: () => ({ INGEST_DLQ_URL: deadLetterQueueUrl() }),
};
const roleOf = (key) => `${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaRole`;

function categoryFunctions() {
  const { allActions, categoryDescriptions } = loadRegistry();
  const byCategory = new Map();
  for (const a of allActions) {
    if (!byCategory.has(a.category)) byCategory.set(a.category, []);
    byCategory.get(a.category).push(a);
  }
  const functions = {};
  for (const [category, actions] of byCategory) {
    const key = functionKey(category);
    const events = actions.map((a) => ({
      httpApi: { method: 'POST', path: `/${category}/${a.name}`, authorizer },
    }));
    // Unknown actions of a known category reach the category function, which answers 404 naming the valid ones.
    events.push({ httpApi: { method: 'POST', path: `/${category}/{action}`, authorizer } });
    if (category === 'config') {
      // Anything else (unknown category, wrong method) gets a 404 that points at `help`.
      events.push({ httpApi: { method: '*', path: '/{proxy+}', authorizer } });
    }
    functions[key] = {
      handler: `functions/${category}/handler.handler`,
      description: categoryDescriptions[category] ?? `WhatsApp ${category} actions`,
      role: roleOf(key),
      ...(categoryEnvironment[category] ? { environment: categoryEnvironment[category]() } : {}),
      events,
    };
  }
  return functions;
}

module.exports = async () => ({
  ...categoryFunctions(),
  ingest: {
    handler: 'functions/ingest/handler.handler',
    description: 'Stores inbound WhatsApp messages and delivery statuses published by EUM Social to SNS',
    role: roleOf('ingest'),
    timeout: 60,
    environment: { INGEST_DLQ_URL: deadLetterQueueUrl() },
    events: [{ sns: { arn: { Ref: 'InboundTopic' }, topicName: '${self:custom.inboundTopicName}' } }],
    // If the whole invocation fails (after Lambda's two async retries) the event still lands in the same queue.
    destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] } } },
  },
  authorizer: {
    handler: 'functions/authorizer/handler.handler',
    description: 'API Gateway Lambda authorizer: Bearer API keys checked against their stored hashes',
    role: roleOf('authorizer'),
    memorySize: 256,
  },
});

module.exports.roleOf = roleOf;
