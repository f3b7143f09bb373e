'use strict';
// The floor of a function's cold start, in a fresh `node`: load only the SDK packages whose clients the function
// used for the event, and make the same requests (recorded by cold-start-record.cjs) in the same order, those the
// function made concurrently together. Nothing else: no handler, no validation, no logging.
const tFirstLine = performance.now();
const fs = require('node:fs');

const MARKER = '__BENCH_RESULT__';
const [specPath, recordedToken, runToken] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));

/** The packages a client class needs, and how to build it as simply as the SDK allows. */
const CLIENTS = {
  DynamoDBDocumentClient: () => {
    const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
    const lib = require('@aws-sdk/lib-dynamodb');
    return { client: lib.DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), lib };
  },
  DynamoDBClient: () => ({ lib: require('@aws-sdk/client-dynamodb'), make: 'DynamoDBClient' }),
  SocialMessagingClient: () => ({ lib: require('@aws-sdk/client-socialmessaging'), make: 'SocialMessagingClient' }),
  S3Client: () => ({ lib: require('@aws-sdk/client-s3'), make: 'S3Client', config: { forcePathStyle: true } }),
  SQSClient: () => ({ lib: require('@aws-sdk/client-sqs'), make: 'SQSClient' }),
  SNSClient: () => ({ lib: require('@aws-sdk/client-sns'), make: 'SNSClient' }),
  SecretsManagerClient: () => ({ lib: require('@aws-sdk/client-secrets-manager'), make: 'SecretsManagerClient' }),
  LambdaClient: () => ({ lib: require('@aws-sdk/client-lambda'), make: 'LambdaClient' }),
};
const clients = new Map();
function clientFor(name) {
  if (!clients.has(name)) {
    const made = CLIENTS[name]?.();
    if (!made) throw new Error(`cold-start-floor: no recipe for ${name}`);
    clients.set(name, { client: made.client ?? new made.lib[made.make](made.config ?? {}), lib: made.lib });
  }
  return clients.get(name);
}

/** The recorded run's token becomes this run's, in every string of an input (keys, phone numbers, ids). */
const swap = (s) => (recordedToken && runToken ? s.split(recordedToken).join(runToken) : s);
function retoken(v) {
  if (typeof v === 'string') return swap(v);
  if (Array.isArray(v)) return v.map(retoken);
  if (v instanceof Set) return new Set([...v].map(retoken));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [swap(k), retoken(x)]));
  }
  return v;
}

function send(r) {
  if (r.kind === 'fetch') return fetch(swap(r.url), { method: r.method, headers: r.headers, body: r.body && swap(r.body) }).then((res) => res.arrayBuffer());
  const { client, lib } = clientFor(r.client);
  const input = r.input ? retoken(require('node:v8').deserialize(Buffer.from(r.input, 'base64'))) : {};
  if (r.kind === 'presign') return require('@aws-sdk/s3-request-presigner').getSignedUrl(client, new lib[r.command](input), r.options);
  return client.send(new lib[r.command](input));
}

(async () => {
  const batches = [];
  for (const r of spec.requests) (r.concurrent && batches.length ? batches[batches.length - 1] : (batches[batches.length] = [])).push(r);
  const failures = [];
  for (const batch of batches) {
    // A request that fails (a conditional write that finds its item) still made its round trip, as the function's did.
    await Promise.all(batch.map((r) => send(r).catch((err) => failures.push(`${r.command ?? r.url}: ${err.name}`))));
  }
  const tResponse = performance.now();
  const { user, system } = process.cpuUsage();
  fs.writeSync(1, `\n${MARKER}${JSON.stringify({ tFirstLine, tResponse, cpuMs: (user + system) / 1000, failures })}\n`);
  process.exit(0);
})().catch((err) => {
  fs.writeSync(1, `\n${MARKER}${JSON.stringify({ tFirstLine, error: String(err && err.stack || err) })}\n`);
  process.exit(1);
});
