import { defineAlias } from '../../shared/actions/alias';
import { markAsRead } from './mark-as-read';
import { sendContacts } from './send-contacts';
import { sendCtaUrl } from './send-cta-url';
import { sendFlow } from './send-flow';
import { sendInteractiveButtons } from './send-interactive-buttons';
import { sendInteractiveList } from './send-interactive-list';
import { sendLocationRequest } from './send-location-request';
import { sendAudio, sendDocument, sendImage, sendSticker, sendVideo } from './send-media';
import { sendReaction } from './send-reaction';
import { sendText } from './send-text';

/** The seed's messaging names that an action here already does under a clearer name. */
export const messagingAliases = [
  defineAlias({ category: 'messaging', name: 'mark_read', of: markAsRead }),
  defineAlias({
    category: 'messaging',
    name: 'send_contact',
    of: sendContacts,
    // The seed sent one card as `contact`; a list of one is the same message.
    adapt: (input) => ('contact' in input && !('contacts' in input) ? { ...withoutKey(input, 'contact'), contacts: [input.contact] } : input),
    note: 'A single card may be given as contact.',
  }),
  defineAlias({
    category: 'messaging',
    name: 'send_reply',
    of: sendText,
    fields: { messageId: 'replyTo', message_id: 'replyTo' },
    requires: { replyTo: 'required: the message replied to (wamid or our messageId)' },
    note: 'A text reply: replyTo (or the seed\'s replyToMessageId / messageId) is required.',
  }),
  defineAlias({
    category: 'messaging',
    name: 'remove_reaction',
    of: sendReaction,
    preset: { emoji: '' },
    note: 'Removes the reaction we sent to messageId.',
  }),
  defineAlias({
    category: 'messaging',
    name: 'send_media',
    by: 'mediaType',
    fields: { media_type: 'mediaType', type: 'mediaType' },
    choices: { image: sendImage, video: sendVideo, audio: sendAudio, document: sendDocument, sticker: sendSticker },
  }),
  defineAlias({
    category: 'messaging',
    name: 'send_interactive',
    by: 'type',
    fields: { interactiveType: 'type', interactive_type: 'type' },
    choices: {
      button: sendInteractiveButtons,
      buttons: sendInteractiveButtons,
      list: sendInteractiveList,
      cta_url: sendCtaUrl,
      flow: sendFlow,
      location_request_message: sendLocationRequest,
    },
  }),
];

function withoutKey(input: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = input;
  return rest;
}
