/** True when a DynamoDB write failed only because its condition did not hold. */
export const isConditionFailure = (err: unknown): boolean => (err as Error | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * Runs a conditional write whose condition failing is a normal outcome (already stored, not newer, revoked…):
 * true when it was applied, false when its condition did not hold; other errors propagate.
 */
export async function conditionalWrite(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** One attribute as DynamoDB sends it, before the document client would unmarshall it. */
type RawAttribute = { S?: string; N?: string; BOOL?: boolean; SS?: string[] };

/**
 * The item a failed condition returned (ReturnValuesOnConditionCheckFailure: 'ALL_OLD'). The document client does
 * not unmarshall errors, so its attributes are raw: `{ S: '…' }`, `{ BOOL: true }`, `{ SS: [...] }`.
 */
export const oldItemOf = (err: unknown): Record<string, RawAttribute | undefined> | undefined =>
  (err as { Item?: Record<string, RawAttribute | undefined> } | undefined)?.Item;
