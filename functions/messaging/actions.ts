import { messagingAliases } from './aliases';
import { deleteMessage } from './delete-message';
import { markAsRead } from './mark-as-read';
import { resendMessage } from './resend-message';
import { sendContacts } from './send-contacts';
import { sendCtaUrl } from './send-cta-url';
import { sendFlow } from './send-flow';
import { sendInteractiveButtons } from './send-interactive-buttons';
import { sendInteractiveList } from './send-interactive-list';
import { sendLocation } from './send-location';
import { sendLocationRequest } from './send-location-request';
import { sendReaction } from './send-reaction';
import { sendTemplate } from './send-template';
import { mediaSendActions } from './send-media';
import { sendText } from './send-text';

export const messagingActions = [
  sendText,
  ...mediaSendActions,
  sendLocation,
  sendContacts,
  sendReaction,
  sendInteractiveButtons,
  sendInteractiveList,
  sendCtaUrl,
  sendFlow,
  sendLocationRequest,
  sendTemplate,
  markAsRead,
  resendMessage,
  deleteMessage,
  ...messagingAliases,
];
