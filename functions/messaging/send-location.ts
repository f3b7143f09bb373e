import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { buildLocation, locationFields, locationPreview } from '../../shared/whatsapp/schemas/location';

export const sendLocation = defineAction({
  category: 'messaging',
  name: 'send_location',
  sends: true,
  description: 'Sends a location pin (latitude, longitude, optional name and address).',
  input: withAliases(z.object({ ...sendFields, ...locationFields }), { ...sendAliases, lat: 'latitude', lng: 'longitude', lon: 'longitude' }),
  handler: async (input) => sendOutbound({ ...input, type: 'location', content: buildLocation(input), preview: locationPreview(input) }),
});
