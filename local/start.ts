/**
 * `npm start`: the whole system on this machine. Ctrl-C stops every child process and frees every port.
 * Ports: HTTP_PORT (3000), LAMBDA_PORT (3002), DYNAMODB_PORT (8000), SNS_PORT (4002), S3_PORT (4569), SQS_PORT (9324),
 * EUM_PORT (4010), GRAPH_PORT (4011), SECRETS_MANAGER_PORT (4012). API key: LOCAL_API_KEY (default printed below).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { startLocalCloud } from './cloud';
import { DEFAULT_LOCAL_API_KEY, localSettings } from './settings';
import { DEMO_APP_ID, DEMO_GRAPH_TOKEN } from './standins/graph/state';

const verbose = process.argv.includes('--verbose') || process.env.LOCAL_VERBOSE === '1';

/** Until the cloud is up, a signal ends the start at once; the children are killed on the way out (cloud.ts). */
const abortStart = (signal: NodeJS.Signals) => {
  console.log(`\n${signal} while starting: stopping`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const launchedBy = process.ppid;
for (const signal of SIGNALS) process.on(signal, abortStart);

async function main() {
  const s = localSettings();
  // Without --verbose, serverless offline's output is reduced to function errors, one line each (offline.ts).
  const cloud = await startLocalCloud(s, (line) => console.log(line), verbose);
  const key = s.apiKey;
  const b = cloud.baseUrl;
  console.log(`
Local cloud ready in ${(performance.now() / 1000).toFixed(1)} s   [${cloud.timings}]
  API base URL   ${b}
  API key        ${key}${key === DEFAULT_LOCAL_API_KEY ? '   (default; set LOCAL_API_KEY to change it)' : ''}
  DynamoDB Local http://${s.host}:${s.ports.dynamodb}   table ${s.tableName}
  S3 (s3rver)    http://${s.host}:${s.ports.s3}   bucket ${s.mediaBucket}
  SNS            http://${s.host}:${s.ports.sns}   topic ${cloud.topicArn}
  SQS            http://${s.host}:${s.ports.sqs}   dead-letter queue ${s.dlqName}
  EUM Social     http://${s.host}:${s.ports.eum}   (stand-in: demo WABA 1234567890123456, phone +1 555-010-0000)
  Graph API      http://${s.host}:${s.ports.graph}   (stand-in; demo token ${DEMO_GRAPH_TOKEN})
  Secrets Mgr    http://${s.host}:${s.ports.secretsManager}   (stand-in; holds the Graph token set_graph_token stores)

Try (a customer writes first: free-form messages need an open 24-hour customer-service window):
  npm run simulate -- --from +15551234567 --text "hi"
  curl -s -X POST ${b}/messaging/send_text -H 'Authorization: Bearer ${key}' -H 'content-type: application/json' \\
    -d '{"to": "+15551234567", "text": "Hello from the local cloud"}'
  curl -s -X POST ${b}/conversations/get_conversations -H 'Authorization: Bearer ${key}' -d '{}'
  curl -s -X POST ${b}/config/help -H 'Authorization: Bearer ${key}' -d '{}'

Business profile, calling and groups go through Meta's Graph API with the WABA's token; store the demo one first:
  curl -s -X POST ${b}/config/set_graph_token -H 'Authorization: Bearer ${key}' -d '{"token": "${DEMO_GRAPH_TOKEN}", "appId": "${DEMO_APP_ID}"}'

Ctrl-C stops everything.
LOCAL CLOUD READY ${b}`);

  let stopping = false;
  const stop = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: stopping the local cloud…`);
    await cloud.stop();
    console.log('stopped');
    process.exit(code);
  };
  for (const signal of SIGNALS) {
    process.off(signal, abortStart);
    process.on(signal, () => void stop(signal, 0));
  }
  // Under npm, npm's shell is the parent, and a SIGTERM sent to npm reaches that shell, not this process: when the
  // shell is gone, stop as if told to, rather than run on with nobody to stop it.
  if (process.env.npm_lifecycle_event) setInterval(() => process.ppid !== launchedBy && void stop('npm stopped', 0), 500).unref();
  // A child that dies takes the cloud with it: half a cloud answering 502 is harder to notice than an exit.
  void cloud.failed.then((reason) => stop(reason, 1));
  const crash = (err: unknown) => void stop(`crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

main().catch((err) => {
  console.error(`local cloud failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
