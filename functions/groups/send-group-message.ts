import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { sendWhatsAppMessage, type MetaMessage } from '../../shared/eum/send';
import { AppError } from '../../shared/errors';
import { recordOutboundGroupMessage } from '../../shared/table/group-messages';
import { nowIso } from '../../shared/time';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { groupIdField } from './group-fields';

/** Groups take text, media and text/media templates only (reference §3.5); media here by WhatsApp media id or link. */
const mediaField = z.object({ mediaId: z.optional(z.string().check(z.minLength(1))), link: z.optional(z.url({ protocol: /^https$/, error: 'must be an https URL' })), caption: z.optional(z.string().check(
    z.maxLength(1024),
  )) }).check(
  z.refine((m) => Boolean(m.mediaId) !== Boolean(m.link), { message: 'give exactly one of mediaId (upload_media) or link' }),
);

export const sendGroupMessage = defineAction({
  category: 'groups',
  name: 'send_group_message',
  sends: true,
  description: "Sends a text or media message to a group through EUM Social (Meta's recipient_type group) and stores it with the group's messages.",
  input: z.object({
      groupId: groupIdField,
      text: z.optional(z.string().check(z.minLength(1), z.maxLength(4096, 'at most 4096 characters (Meta limit)'))),
      image: z.optional(mediaField),
      video: z.optional(mediaField),
      document: z.optional(mediaField),
      ...senderFields,
    }).check(
    z.refine((v) => [v.text, v.image, v.video, v.document].filter((x) => x !== undefined).length === 1, {
        message: 'give exactly one of text, image, video, document',
        path: ['text'],
      }),
  ),
  handler: async (input) => {
    const phone = await resolvePhone(input);
    const type = input.text !== undefined ? 'text' : input.image ? 'image' : input.video ? 'video' : 'document';
    const media = input.image ?? input.video ?? input.document;
    const content = input.text !== undefined ? { body: input.text } : { ...(media!.mediaId ? { id: media!.mediaId } : { link: media!.link }), ...(media!.caption ? { caption: media!.caption } : {}) };
    const payload: MetaMessage = { messaging_product: 'whatsapp', recipient_type: 'group', to: input.groupId, type, [type]: content };
    const messageId = await sendWhatsAppMessage(phone.phoneNumberId, payload);
    const sentAt = nowIso();
    const preview = input.text?.slice(0, 200) ?? `[${type}]${media?.caption ? ` ${media.caption.slice(0, 180)}` : ''}`;
    await recordOutboundGroupMessage({
      groupId: input.groupId,
      messageId,
      direction: 'OUTBOUND',
      receivedAt: sentAt,
      from: phone.phoneNumber.replace(/\D/g, ''),
      type,
      preview,
      text: input.text,
      payload,
      owner: { wabaId: phone.account.wabaId, metaPhoneNumberId: phone.metaPhoneNumberId, phoneNumberId: phone.phoneNumberId, phoneArn: phone.arn },
    }).catch((err: unknown) => {
      throw new AppError(`Message sent (messageId ${messageId}) but storing it failed. Do not resend.`, 500, { messageId, sent: true, retryable: false }, { cause: err });
    });
    return { groupId: input.groupId, messageId, type, status: 'accepted', sentAt };
  },
});
