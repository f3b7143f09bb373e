import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { defaultTable, type Table } from './client';

/** The table as DynamoDB describes it (get_infra): status, billing, size, indexes, TTL. */
export async function describeTable(db: Table = defaultTable()) {
  const TableName = db.name;
  const [{ Table: t }, ttl] = await Promise.all([
    db.client.send(new DescribeTableCommand({ TableName })),
    db.client.send(new DescribeTimeToLiveCommand({ TableName })).catch((err: Error) => ({ error: err.name })),
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
