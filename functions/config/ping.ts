import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';

export const ping = defineAction({
  category: 'config',
  name: 'ping',
  description: 'Liveness check: answers pong with the server time.',
  input: z.object({}),
  handler: async () => ({ message: 'pong', time: new Date().toISOString() }),
});
