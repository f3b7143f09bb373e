import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { graphTarget } from '../../shared/graph/target';
import { recordCallAction } from '../../shared/table/calls';
import { nowIso } from '../../shared/time';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { sdpField } from './sdp';

export const updateCallStatus = defineAction({
  category: 'calling',
  name: 'update_call_status',
  description:
    'Acts on a call: pre_accept or accept (a customer-initiated call, with your SDP answer), reject, or terminate. The outcome arrives with the call webhooks (get_call_logs).',
  input: z.object({
      callId: z.string().check(
        z.minLength(1),
        z.maxLength(200),
        z.regex(/^[\w.=:-]+$/, 'must be a call id (wacid.…)'),
      ),
      status: z.enum(['pre_accept', 'accept', 'reject', 'terminate']),
      sdp: z.optional(sdpField).check(z.describe('Your SDP answer: required for pre_accept and accept')),
      ...senderFields,
    }).check(
    z.refine((v) => (v.status === 'pre_accept' || v.status === 'accept' ? Boolean(v.sdp) : true), { message: 'required for pre_accept and accept', path: ['sdp'] }),
  ),
  handler: async (input, ctx) => {
    const t = await graphTarget(input);
    const withSdp = input.status === 'pre_accept' || input.status === 'accept';
    await graphCall({
      wabaId: t.wabaId,
      method: 'POST',
      path: `${t.metaPhoneNumberId}/calls`,
      json: { messaging_product: 'whatsapp', call_id: input.callId, action: input.status, ...(withSdp ? { session: { sdp_type: 'answer', sdp: input.sdp } } : {}) },
    });
    const at = nowIso();
    await recordCallAction({
      callId: input.callId,
      owner: { wabaId: t.wabaId, phoneArn: t.phone.arn, phoneNumberId: t.phone.phoneNumberId },
      action: input.status,
      at,
      eventId: `action:${input.status}:${ctx.requestId}`,
    });
    return { callId: input.callId, action: input.status, at };
  },
});
