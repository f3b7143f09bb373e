import * as z from 'zod';
import { defineAction } from '../../shared/actions/registry';
import { queueDepth, receiveLetters } from '../../shared/dead-letters/queue';

export const listDeadLetters = defineAction({
  category: 'webhooks',
  name: 'list_dead_letters',
  description:
    'Inbound events ingest could not process, from the dead-letter queue, with the reason for each. Listing hides the listed letters from other readers for a few seconds (SQS cannot peek).',
  input: z.object({
    limit: z.number().int().min(1).max(100).default(20).describe('How many letters at most (1-100, default 20)'),
  }),
  handler: async ({ limit }) => {
    const letters = await receiveLetters(limit, 5);
    const depth = await queueDepth();
    return {
      letters: letters.map(({ receiptHandle: _h, records, ...l }) => ({ ...l, recordCount: records.length })),
      count: letters.length,
      queued: depth.visible + depth.inFlight,
    };
  },
});
