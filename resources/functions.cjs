// serverless.yml `functions:` generated from the action registry: one Lambda per category that has actions,
// one `POST /<category>/<action>` route per action, the ingest function on the inbound topic, and the authorizer.
// Each function's environment holds exactly the settings its needs declaration implies (shared/config.ts settingsFor).
const { functionDirs, loadNeeds, loadRegistry, syncActionManifest, STANDALONE_FUNCTIONS } = require('./registry.cjs');

const authorizer = { name: 'apiKeyAuthorizer' };
/**
 * Routes WhatsApp itself calls, so without the API-key authorizer (the function authenticates the caller): declared
 * in functions/registry.ts `publicRoutes`, which help and the README list too.
 */
const publicRoutes = () => loadRegistry().publicRoutes;
const publicEvents = (dir) =>
  publicRoutes()
    .filter((r) => r.functionDir === dir)
    .map((r) => ({ httpApi: { method: r.method, path: r.path } }));
const roleOf = (key) => `${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaRole`;

/**
 * Switches decide permissions at package time (shared/needs.ts `when`), so their value is read here once and the
 * same value goes into the environment: role and code cannot disagree.
 */
const switchDefaults = { AUTO_MARK_READ: 'false', AUTO_REPLY_TEXT: '' };
const switchValue = (name) => process.env[name] ?? switchDefaults[name];

/** Where each setting's deployed value comes from. A setting missing here fails packaging. */
const deployedValue = {
  TABLE_NAME: '${self:custom.tableName}',
  MEDIA_BUCKET: '${self:custom.mediaBucket}',
  INGEST_DLQ_URL: () => process.env.INGEST_DLQ_URL || { Ref: 'IngestDeadLetterQueue' },
  SECRET_NAME_PREFIX: '${self:service}/${sls:stage}/',
  INBOUND_TOPIC_ARN: () => process.env.INBOUND_TOPIC_ARN || { Ref: 'InboundTopic' },
  FUNCTION_NAME_PREFIX: '${self:service}-${sls:stage}-',
  META_API_VERSION: "${env:META_API_VERSION, 'v23.0'}",
  ACCOUNT_CACHE_SECONDS: "${env:ACCOUNT_CACHE_SECONDS, '600'}",
  MEDIA_EXPIRATION_DAYS: '${self:custom.mediaExpirationDays}',
  S3_FORCE_PATH_STYLE: "${env:S3_FORCE_PATH_STYLE, 'false'}",
  LOG_LEVEL: "${env:LOG_LEVEL, 'info'}",
  // README, Configuration: read receipts and a once-a-day automatic answer from ingest.
  AUTO_MARK_READ: () => switchValue('AUTO_MARK_READ'),
  AUTO_REPLY_TEXT: () => switchValue('AUTO_REPLY_TEXT'),
  ENFORCE_CUSTOMER_SERVICE_WINDOW: "${env:ENFORCE_CUSTOMER_SERVICE_WINDOW, 'true'}",
  // Meta's Graph API (business profile, calling, groups; README "Graph API").
  GRAPH_BASE_URL: "${env:GRAPH_BASE_URL, 'https://graph.facebook.com'}",
  GRAPH_API_VERSION: "${env:GRAPH_API_VERSION, env:META_API_VERSION, 'v23.0'}",
  GRAPH_TOKEN_CACHE_SECONDS: "${env:GRAPH_TOKEN_CACHE_SECONDS, '300'}",
  GRAPH_MAX_ATTEMPTS: "${env:GRAPH_MAX_ATTEMPTS, '3'}",
  GRAPH_RETRY_BASE_MS: "${env:GRAPH_RETRY_BASE_MS, '300'}",
};

function environmentOf(lib, dir) {
  const env = {};
  for (const name of lib.settingsFor(lib.needs[dir])) {
    // What one invocation's AWS calls may take (shared/aws/timeouts.ts clientBudgetSeconds): the function's `timeout`,
    // capped at API Gateway's 29 s behind it. Its AWS clients' timeouts derive from it.
    const value = name === 'FUNCTION_TIMEOUT_SECONDS' ? String(lib.clientBudgetSeconds(dir)) : deployedValue[name];
    if (value === undefined) throw new Error(`resources/functions.cjs has no deployed value for setting ${name} (needed by ${dir})`);
    env[name] = typeof value === 'function' ? value() : value;
  }
  return env;
}

function categoryFunctions(environment, timeout) {
  const { actionNames, categoryDescriptions } = loadRegistry();
  const functions = {};
  for (const { key, dir: category } of functionDirs().filter((f) => !STANDALONE_FUNCTIONS.includes(f.dir))) {
    const events = actionNames
      .filter((a) => a.category === category)
      .map((a) => ({ httpApi: { method: 'POST', path: `/${category}/${a.name}`, authorizer } }));
    // Unknown actions of a known category reach the category function, which answers 404 naming the valid ones.
    events.push({ httpApi: { method: 'POST', path: `/${category}/{action}`, authorizer } });
    if (category === 'config') {
      // The seed's one URL: POST / with {"action": ...}, forwarded to the action's category (functions/config/one-url.ts).
      events.push({ httpApi: { method: 'POST', path: '/', authorizer } });
      // Anything else (unknown category, wrong method) gets a 404 that points at `help`.
      events.push({ httpApi: { method: '*', path: '/{proxy+}', authorizer } });
    }
    functions[key] = {
      handler: `functions/${category}/handler.handler`,
      description: categoryDescriptions[category] ?? `WhatsApp ${category} actions`,
      role: roleOf(key),
      timeout: timeout(category),
      environment: environment(category),
      events,
    };
  }
  return functions;
}

module.exports = async () => {
  await syncActionManifest();
  const lib = loadNeeds(functionDirs().map((f) => f.dir));
  const environment = (dir) => environmentOf(lib, dir);
  // Every function's timeout comes from shared/aws/timeouts.ts, the table its AWS clients derive their own from.
  const timeout = (dir) => lib.functionTimeoutSeconds(dir);
  return {
    ...categoryFunctions(environment, timeout),
    ingest: {
      handler: 'functions/ingest/handler.handler',
      description: 'Stores inbound WhatsApp messages and delivery statuses published by EUM Social to SNS',
      role: roleOf('ingest'),
      timeout: timeout('ingest'),
      environment: environment('ingest'),
      events: [{ sns: { arn: { Ref: 'InboundTopic' }, topicName: '${self:custom.inboundTopicName}' } }],
      // If the whole invocation fails (after Lambda's two async retries) the event still lands in the same queue.
      destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] } } },
    },
    // The one route without the API-key authorizer: WhatsApp cannot send our key. It proves itself with
    // X-Hub-Signature-256 (the app secret) and encrypts for our private key; the function checks both.
    flowEndpoint: {
      handler: 'functions/flow-endpoint/handler.handler',
      description: 'WhatsApp Flows data-exchange endpoint (flow_data_exchange): signed and encrypted by WhatsApp, no API key',
      role: roleOf('flowEndpoint'),
      memorySize: 256,
      // WhatsApp waits 10 s for an answer.
      timeout: timeout('flow-endpoint'),
      environment: environment('flow-endpoint'),
      events: publicEvents('flow-endpoint'),
    },
    authorizer: {
      handler: 'functions/authorizer/handler.handler',
      description: 'API Gateway Lambda authorizer: Bearer API keys checked against their stored hashes',
      role: roleOf('authorizer'),
      memorySize: 256,
      timeout: timeout('authorizer'),
      environment: environment('authorizer'),
    },
  };
};

module.exports.roleOf = roleOf;
Object.defineProperty(module.exports, 'PUBLIC_ROUTES', { enumerable: true, get: () => publicRoutes().map((r) => ({ method: r.method, path: r.path })) });
module.exports.switchValue = switchValue;
