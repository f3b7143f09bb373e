import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { resolvePhone } from '../../shared/eum/accounts';
import { ValidationError } from '../../shared/errors';
import { mediaIdSchema, s3KeySchema } from '../../shared/media/fields';
import type { MediaKind } from '../../shared/media/limits';
import { checkMediaObject, uploadFromS3 } from '../../shared/media/upload';
import { sendOutbound } from '../../shared/whatsapp/outbound';
import { recipientKey } from '../../shared/whatsapp/recipient';
import { withAliases } from '../../shared/whatsapp/schema-helpers';
import { httpsUrl, sendAliases, sendFields } from '../../shared/whatsapp/schemas/common';
import { assertWindowOpen } from '../../shared/whatsapp/window';

/**
 * send_image, send_video, send_audio, send_document, send_sticker: one builder, because they differ only in which
 * of caption / filename / voice Meta allows. The media is an object of our bucket (uploaded to WhatsApp first, after
 * the type and size checks), an existing WhatsApp media id, or an https link Meta fetches itself.
 */

const SOURCES = ['s3Key', 'mediaId', 'link'] as const;

interface KindSpec {
  caption: boolean;
  filename: boolean;
  voice: boolean;
  description: string;
}

const KINDS: Record<MediaKind, KindSpec> = {
  image: { caption: true, filename: false, voice: false, description: 'Sends an image (jpeg/png, up to 5 MB) with an optional caption.' },
  video: { caption: true, filename: false, voice: false, description: 'Sends a video (mp4/3gpp, up to 16 MB) with an optional caption.' },
  audio: {
    caption: false,
    filename: false,
    voice: true,
    description: 'Sends audio (aac/amr/mpeg/mp4/ogg, up to 16 MB); voice: true sends it as a voice note (OGG/OPUS). No caption.',
  },
  document: {
    caption: true,
    filename: true,
    voice: false,
    description: 'Sends a document (txt, pdf, Word, Excel, PowerPoint, up to 100 MB) with an optional caption and file name.',
  },
  sticker: { caption: false, filename: false, voice: false, description: 'Sends a WebP sticker (100 KB static, 500 KB animated). No caption.' },
};

const mediaSourceFields = {
  s3Key: z.optional(s3KeySchema).check(z.describe('Key of an object in the media bucket; uploaded to WhatsApp first')),
  mediaId: z.optional(mediaIdSchema).check(z.describe('An existing WhatsApp media id (upload_media)')),
  link: z.optional(httpsUrl).check(z.describe('A public https URL Meta downloads the media from')),
};

const captionField = z.optional(z.string().check(
  z.minLength(1, 'must not be empty'),
  z.maxLength(1024, 'at most 1024 characters (Meta limit)'),
)).check(
  z.describe('Text shown under the media'),
);
const filenameField = z.optional(z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty'),
  z.maxLength(240, 'at most 240 characters'),
)).check(
  z.describe('File name shown to the customer'),
);
const voiceField = z.optional(z.boolean()).check(
  z.describe('Send as a voice note (the file must be audio/ogg with the OPUS codec)'),
);

/** Rejects fields Meta does not allow on this kind, rather than dropping them silently. */
const rejectFieldsFor = (kind: MediaKind, spec: KindSpec) => (input: unknown, ctx: z.core.ParsePayload) => {
  if (!input || typeof input !== 'object') return input;
  const allowedOn = { caption: 'image, video and document', filename: 'document', voice: 'audio' } as const;
  for (const field of ['caption', 'filename', 'voice'] as const) {
    if (!spec[field] && field in input) {
      z.addIssue(ctx, { path: [field], message: `not allowed on ${kind} messages (Meta allows ${field} on ${allowedOn[field]} only)` });
    }
  }
  return input;
};

function schemaFor(kind: MediaKind, spec: KindSpec) {
  const object = z.object({
      ...sendFields,
      ...mediaSourceFields,
      ...(spec.caption ? { caption: captionField } : {}),
      ...(spec.filename ? { filename: filenameField } : {}),
      ...(spec.voice ? { voice: voiceField } : {}),
    }).check(
    z.superRefine((v, ctx) => {
        const given = SOURCES.filter((s) => v[s] !== undefined);
        if (given.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            path: [SOURCES.join('|')],
            message: given.length ? `give only one of s3Key, mediaId or link (got ${given.join(' and ')})` : 'give one of s3Key, mediaId or link',
          });
        }
      }),
  );
  return withAliases(z.pipe(z.transform(rejectFieldsFor(kind, spec)), object), {
    ...sendAliases,
    s3_key: 's3Key',
    key: 's3Key',
    media_id: 'mediaId',
    url: 'link',
    fileName: 'filename',
    file_name: 'filename',
  });
}

type MediaSendInput = z.output<ReturnType<typeof schemaFor>> & { caption?: string; filename?: string; voice?: boolean };

async function sendMedia(kind: MediaKind, input: MediaSendInput) {
  let phoneNumberId = input.phoneNumberId;
  let mediaId = input.mediaId;
  if (input.s3Key) {
    const phone = await resolvePhone({ metaWabaId: input.metaWabaId, phoneNumberId: input.phoneNumberId });
    phoneNumberId = phone.phoneNumberId;
    // sendOutbound checks the window too, but only after the upload: a refused send should not upload anything.
    await assertWindowOpen({ phoneArn: phone.arn, customer: recipientKey(input.to), type: kind, enforceWindow: input.enforceWindow });
    if (input.voice) {
      // Meta plays only OGG/OPUS as a voice note; anything else would fail after the send was accepted.
      const { mimeType } = await checkMediaObject(input.s3Key, kind);
      if (mimeType !== 'audio/ogg') {
        throw new ValidationError([{ field: 'voice', reason: `voice notes must be audio/ogg (OPUS); ${input.s3Key} is ${mimeType}` }]);
      }
    }
    mediaId = (await uploadFromS3({ phoneNumberId, s3Key: input.s3Key, kind })).mediaId;
  }
  const content = {
    ...(mediaId ? { id: mediaId } : { link: input.link! }),
    ...(input.caption !== undefined ? { caption: input.caption } : {}),
    ...(input.filename !== undefined ? { filename: input.filename } : {}),
    ...(input.voice ? { voice: true } : {}),
  };
  const label = input.caption ?? input.filename ?? '';
  const sent = await sendOutbound({
    ...input,
    phoneNumberId,
    type: kind,
    content,
    preview: `[${input.voice ? 'voice' : kind}]${label ? ` ${label}` : ''}`.slice(0, 200),
  });
  return { ...sent, type: kind, ...(mediaId ? { mediaId } : {}), ...(input.s3Key ? { uploadedFrom: input.s3Key } : {}) };
}

function mediaSendAction(kind: MediaKind) {
  const spec = KINDS[kind];
  return defineAction({
    category: 'messaging',
    name: `send_${kind}`,
    sends: true,
    description: `${spec.description} Give exactly one of s3Key, mediaId or link.`,
    input: schemaFor(kind, spec),
    handler: (input) => sendMedia(kind, input as MediaSendInput),
  });
}

export const sendImage = mediaSendAction('image');
export const sendVideo = mediaSendAction('video');
export const sendAudio = mediaSendAction('audio');
export const sendDocument = mediaSendAction('document');
export const sendSticker = mediaSendAction('sticker');
export const mediaSendActions = [sendImage, sendVideo, sendAudio, sendDocument, sendSticker];
