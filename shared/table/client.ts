import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig } from '../aws/clients';
import { getConfig } from '../config';

/**
 * The only place a DynamoDB client is created for production code. One document client per process, created on
 * first use; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB (read by the SDK), nothing here knows about local runs.
 */
let documentClient: DynamoDBDocumentClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig()), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}

/**
 * What every repository function works on: a client and the table's name. Each takes one as its last parameter,
 * defaulting to the process's own (as Powertools' DynamoDBPersistenceLayer takes its client), so a unit test can
 * pass a client mocked with aws-sdk-client-mock and a table name of its own.
 */
export interface Table {
  client: DynamoDBDocumentClient;
  name: string;
}

export const defaultTable = (): Table => ({ client: dynamo(), name: getConfig().TABLE_NAME });
