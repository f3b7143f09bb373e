import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { queueDepth, receiveLetters, releaseLetter } from '../../shared/dead-letters/queue';

export const listDeadLetters = defineAction({
  category: 'webhooks',
  name: 'list_dead_letters',
  description:
    'Inbound events ingest could not process, from the dead-letter queue, with the reason for each. A listed letter can be replayed at once.',
  input: z.object({
    limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 20).check(
      z.describe('How many letters at most (1-100, default 20)'),
    ),
  }),
  handler: async ({ limit }) => {
    // SQS cannot peek: the listing receives the letters, then makes them visible again at once so that a replay
    // (or another listing) right after sees them.
    const letters = await receiveLetters(limit, 30);
    await Promise.all(letters.map(releaseLetter));
    const depth = await queueDepth();
    return {
      letters: letters.map(({ receiptHandle: _h, records, ...l }) => ({ ...l, recordCount: records.length })),
      count: letters.length,
      queued: depth.visible + depth.inFlight,
    };
  },
});
