import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';

/** The table definition CloudFormation deploys (resources/table.yml), as CreateTable input for a local engine. */
export function tableDefinition(tableName: string): { create: CreateTableCommandInput; ttlAttribute?: string } {
  const doc = parse(readFileSync(join(__dirname, '..', 'resources', 'table.yml'), 'utf8'));
  const props = doc.Resources.MessagesTable.Properties;
  return {
    create: {
      TableName: tableName,
      BillingMode: props.BillingMode,
      AttributeDefinitions: props.AttributeDefinitions,
      KeySchema: props.KeySchema,
      GlobalSecondaryIndexes: props.GlobalSecondaryIndexes,
    },
    ttlAttribute: props.TimeToLiveSpecification?.Enabled ? props.TimeToLiveSpecification.AttributeName : undefined,
  };
}

/** Creates the table if it does not exist yet (idempotent), with its TTL attribute. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existed'> {
  const { create, ttlAttribute } = tableDefinition(tableName);
  let status: string | undefined;
  try {
    status = (await client.send(new CreateTableCommand(create))).TableDescription?.TableStatus;
  } catch (err) {
    if (err instanceof ResourceInUseException) return 'existed';
    throw err;
  }
  // DynamoDB Local creates tables ACTIVE; the wait is for an engine that does not.
  for (let i = 0; i < 50 && status !== 'ACTIVE'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus;
  }
  if (ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }),
    );
  }
  return 'created';
}
