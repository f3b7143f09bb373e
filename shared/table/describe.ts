import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients';
import { getConfig } from '../config';

/** The table as DynamoDB describes it (get_infra): status, billing, size, indexes, TTL. */
export async function describeTable(client = dynamo()) {
  const TableName = getConfig().TABLE_NAME;
  const [{ Table: t }, ttl] = await Promise.all([
    client.send(new DescribeTableCommand({ TableName })),
    client.send(new DescribeTimeToLiveCommand({ TableName })).catch((err: Error) => ({ error: err.name })),
  ]);
  return {
    name: TableName,
    arn: t?.TableArn,
    status: t?.TableStatus,
    billingMode: t?.BillingModeSummary?.BillingMode ?? (t?.ProvisionedThroughput?.ReadCapacityUnits ? 'PROVISIONED' : 'PAY_PER_REQUEST'),
    approximateItemCount: t?.ItemCount,
    approximateSizeBytes: t?.TableSizeBytes,
    keySchema: t?.KeySchema?.map((k) => `${k.AttributeName} (${k.KeyType})`),
    indexes: (t?.GlobalSecondaryIndexes ?? []).map((g) => ({
      name: g.IndexName,
      keys: g.KeySchema?.map((k) => k.AttributeName),
      status: g.IndexStatus,
    })),
    timeToLive:
      'error' in ttl
        ? { unavailable: ttl.error }
        : { status: ttl.TimeToLiveDescription?.TimeToLiveStatus, attribute: ttl.TimeToLiveDescription?.AttributeName },
  };
}
