import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { snsClient, sqsClient } from '../../shared/aws/clients';
import { getConfig } from '../../shared/config';
import { declaredLifecycle, lifecycleMatches, liveLifecycle } from '../../shared/media/lifecycle';
import { describeTable } from '../../shared/table/describe';
import { version as appVersion } from '../../package.json';
import { manifest } from './help';

/**
 * What this deployment runs on, read live from each service (refresh_infra). Each part is read on its own: one
 * that cannot be read (permissions, a local server without that API) says why instead of failing the whole answer.
 */
async function part<T>(read: () => Promise<T>): Promise<T | { unavailable: string }> {
  try {
    return await read();
  } catch (err) {
    return { unavailable: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

async function topic(arn: string | undefined) {
  if (!arn) return { unavailable: 'INBOUND_TOPIC_ARN is not set for this function' };
  return part(async () => {
    const { Attributes: a = {} } = await snsClient().send(new GetTopicAttributesCommand({ TopicArn: arn }));
    return { arn, subscriptionsConfirmed: Number(a.SubscriptionsConfirmed ?? 0), subscriptionsPending: Number(a.SubscriptionsPending ?? 0) };
  });
}

async function queue(url: string | undefined) {
  if (!url) return { unavailable: 'INGEST_DLQ_URL is not set for this function' };
  return part(async () => {
    const { Attributes: a = {} } = await sqsClient().send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages', 'MessageRetentionPeriod'] }),
    );
    return {
      url,
      arn: a.QueueArn,
      deadLetters: Number(a.ApproximateNumberOfMessages ?? 0),
      retentionSeconds: a.MessageRetentionPeriod ? Number(a.MessageRetentionPeriod) : undefined,
    };
  });
}

/** One function per category with actions, plus ingest and the authorizer; names as serverless deploys them. */
async function functionsOf(prefix: string | undefined) {
  // The action manifest (not the registry), so this function does not bundle every category's code.
  const byCategory = new Map<string, number>();
  for (const a of manifest.actions) byCategory.set(a.category, (byCategory.get(a.category) ?? 0) + 1);
  const key = (category: string) => category.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const named = (k: string) => (prefix ? `${prefix}${k}` : k);
  return [
    ...[...byCategory].map(([category, actions]) => ({ category, functionName: named(key(category)), actions })),
    { category: 'ingest', functionName: named('ingest'), trigger: 'SNS inbound topic' },
    { category: 'authorizer', functionName: named('authorizer'), trigger: 'API Gateway' },
  ];
}

export async function gatherInfra() {
  const cfg = getConfig();
  const [table, lifecycle, inboundTopic, deadLetterQueue, functions] = await Promise.all([
    part(() => describeTable()),
    liveLifecycle(),
    topic(cfg.INBOUND_TOPIC_ARN),
    queue(cfg.INGEST_DLQ_URL),
    functionsOf(cfg.FUNCTION_NAME_PREFIX),
  ]);
  return {
    region: process.env.AWS_REGION ?? null,
    table,
    mediaBucket: { name: cfg.MEDIA_BUCKET, lifecycle: { declared: declaredLifecycle(), live: lifecycle, matches: lifecycleMatches(lifecycle) } },
    inboundTopic,
    deadLetterQueue,
    functions,
    versions: {
      app: appVersion,
      node: process.version,
      runtime: process.env.AWS_EXECUTION_ENV ?? 'local',
      metaApiVersion: cfg.META_API_VERSION,
    },
    reportedBy: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local process',
  };
}
