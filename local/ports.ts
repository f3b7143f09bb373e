/** Ports of the local cloud. Defaults are each ecosystem's own; every one can be moved with an env var. */
const port = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got '${raw}'`);
  return n;
};

export const localPorts = () => ({
  http: port('HTTP_PORT', 3000),
  lambda: port('LAMBDA_PORT', 3002),
  dynamodb: port('DYNAMODB_PORT', 8000),
  sns: port('SNS_PORT', 4002),
  s3: port('S3_PORT', 4569),
  sqs: port('SQS_PORT', 9324),
  eum: port('EUM_PORT', 4010),
  graph: port('GRAPH_PORT', 4011),
  secretsManager: port('SECRETS_MANAGER_PORT', 4012),
});
export type LocalPorts = ReturnType<typeof localPorts>;

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
