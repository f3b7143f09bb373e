import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { topicArnFor, type LocalSettings } from './settings';

export const localUrl = (s: LocalSettings, port: number) => `http://${s.host}:${port}`;

/** Invocations of one function at once (LOCAL_CONCURRENCY): more only adds cold worker threads on a small machine. */
export const LOCAL_CONCURRENCY = Math.max(1, Number(process.env.LOCAL_CONCURRENCY ?? 4));

/** What a deployed function would be pointed at, as AWS_ENDPOINT_URL_<SERVICE> and the stack's names. */
export function awsEnv(s: LocalSettings, dlqUrl: string): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: localUrl(s, s.ports.dynamodb),
    AWS_ENDPOINT_URL_S3: localUrl(s, s.ports.s3),
    AWS_ENDPOINT_URL_SQS: localUrl(s, s.ports.sqs),
    AWS_ENDPOINT_URL_SOCIALMESSAGING: localUrl(s, s.ports.eum),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: localUrl(s, s.ports.secretsManager),
    GRAPH_BASE_URL: localUrl(s, s.ports.graph),
    // POST / forwards to category functions through serverless offline's Lambda API; get_infra reads the topic.
    AWS_ENDPOINT_URL_LAMBDA: localUrl(s, s.ports.lambda),
    AWS_ENDPOINT_URL_SNS: localUrl(s, s.ports.sns),
    INBOUND_TOPIC_ARN: topicArnFor(s),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    WA_TABLE_NAME: s.tableName,
    WA_MEDIA_BUCKET: s.mediaBucket,
    INGEST_DLQ_URL: dlqUrl,
    S3_FORCE_PATH_STYLE: 'true',
  };
}
