import { defineNeeds, graphTokenWriter, linkedAccounts } from '../../shared/needs';

/** set_graph_token: stores Graph tokens (checked against Graph first), never reads one back. get_config: the linked accounts (cached in the table) and the non-secret settings it reports. */
export const needs = defineNeeds(linkedAccounts, graphTokenWriter, {
  table: {
    // get/refresh_quality: the QUALITY items; get/refresh_infra and get/refresh_media_types: their snapshots.
    read: ['quality', 'configSnapshot'],
    write: ['quality', 'configSnapshot'],
    // get_infra describes the table.
    describe: true,
  },
  // get_infra reports the bucket's lifecycle, the dead-letter queue's depth and the inbound topic.
  bucket: { lifecycle: true },
  deadLetters: { depth: true },
  topic: { describe: true },
  // POST / (the seed's one URL) forwards each request to its category's function.
  invoke: true,
  // get_phone_info, refresh_quality, get_best_practices read a number's live details.
  eum: ['GetLinkedWhatsAppBusinessAccountPhoneNumber'],
  settings: ['MEDIA_BUCKET', 'ENFORCE_CUSTOMER_SERVICE_WINDOW'],
});
