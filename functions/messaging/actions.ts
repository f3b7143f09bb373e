import { defineCategoryActions } from '../../shared/actions/category';

/**
 * The messaging actions, by name, each with the module that declares it: a call loads only its action's module
 * (shared/actions/category.ts). The order is the one help and the README show.
 */
export const messagingActions = defineCategoryActions('messaging', {
  send_text: () => import('./send-text'),
  send_image: () => import('./send-media'),
  send_video: () => import('./send-media'),
  send_audio: () => import('./send-media'),
  send_document: () => import('./send-media'),
  send_sticker: () => import('./send-media'),
  send_location: () => import('./send-location'),
  send_contacts: () => import('./send-contacts'),
  send_reaction: () => import('./send-reaction'),
  send_interactive_buttons: () => import('./send-interactive-buttons'),
  send_interactive_list: () => import('./send-interactive-list'),
  send_cta_url: () => import('./send-cta-url'),
  send_flow: () => import('./send-flow'),
  send_location_request: () => import('./send-location-request'),
  send_template: () => import('./send-template'),
  mark_as_read: () => import('./mark-as-read'),
  resend_message: () => import('./resend-message'),
  delete_message: () => import('./delete-message'),
  mark_read: () => import('./aliases'),
  send_contact: () => import('./aliases'),
  send_reply: () => import('./aliases'),
  remove_reaction: () => import('./aliases'),
  send_media: () => import('./aliases'),
  send_interactive: () => import('./aliases'),
});
