import { sendText } from './send-text';

export const messagingActions = [sendText];
