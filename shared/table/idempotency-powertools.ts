/**
 * The parts of Powertools idempotency shared/table/idempotency.ts uses, imported on the first send with a key. A
 * dynamic import of the package itself would keep every export of it in the bundle; this module names three.
 */
export { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
export { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
