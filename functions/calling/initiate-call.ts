import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ConflictError } from '../../shared/errors';
import { graphCall } from '../../shared/graph/client';
import { graphTarget } from '../../shared/graph/target';
import { recordCallAction } from '../../shared/table/calls';
import { nowIso } from '../../shared/time';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { callPermissionOf } from './call-permission';
import { sdpField } from './sdp';

export const initiateCall = defineAction({
  category: 'calling',
  name: 'initiate_call',
  description:
    'Starts a business-initiated WhatsApp call with your SDP offer. Refuses (409) a customer who has not granted call permission: ask first with send_call_permission_request.',
  input: z.object({
    to: z.pipe(z.string().check(z.regex(/^\+?[\d\s().-]{6,20}$/, 'must be the customer phone number (E.164) or wa_id')), z.transform((v) => v.replace(/\D/g, ''))),
    sdp: sdpField.check(z.describe('Your WebRTC SDP offer (RFC 8866)')),
    bizOpaqueCallbackData: z.optional(z.string().check(z.maxLength(512, 'at most 512 characters (Meta limit)'))).check(
      z.describe('Echoed back in the call webhooks'),
    ),
    ...senderFields,
  }),
  handler: async (input, ctx) => {
    const t = await graphTarget(input);
    const permission = await callPermissionOf(t, input.to);
    if (!permission.canStartCall) {
      throw new ConflictError(
        `Customer ${input.to} has not granted call permission (status ${permission.status}). Ask with send_call_permission_request; the call can start once they accept.`,
        { permission, next: 'send_call_permission_request' },
      );
    }
    const out = await graphCall<{ calls?: { id: string }[] }>({
      wabaId: t.wabaId,
      method: 'POST',
      path: `${t.metaPhoneNumberId}/calls`,
      json: { messaging_product: 'whatsapp', to: input.to, action: 'connect', session: { sdp_type: 'offer', sdp: input.sdp }, ...(input.bizOpaqueCallbackData ? { biz_opaque_callback_data: input.bizOpaqueCallbackData } : {}) },
    });
    const callId = out.calls?.[0]?.id ?? '';
    const at = nowIso();
    if (callId) {
      await recordCallAction({
        callId,
        owner: { wabaId: t.wabaId, phoneArn: t.phone.arn, phoneNumberId: t.phone.phoneNumberId },
        action: 'connect',
        at,
        eventId: `action:connect:${ctx.requestId}`,
        customer: input.to,
        bizOpaqueCallbackData: input.bizOpaqueCallbackData,
      });
    }
    return { callId, to: input.to, status: 'CONNECTING', startedAt: at, permission: permission.status };
  },
});
