import { listDeadLetters } from './list-dead-letters';
import { replayDeadLetters } from './replay-dead-letters';

export const webhookActions = [listDeadLetters, replayDeadLetters];
