import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { ValidationError, type FieldProblem } from '../../shared/errors';
import { s3KeySchema, mediaKindSchema } from '../../shared/media/fields';
import { checkMimeType, checkSize, formatBytes, MEDIA_RULES, mimeEssence, type MediaKind } from '../../shared/media/limits';
import { checkMediaObject } from '../../shared/media/upload';
import { withAliases } from '../../shared/whatsapp/schema-helpers';

/** The checks the sends make, run without sending: problems become the answer instead of a 400. */
async function problemsOf(run: () => Promise<unknown> | unknown): Promise<FieldProblem[]> {
  try {
    await run();
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
}

const input = withAliases(
  z.object({
      s3Key: z.optional(s3KeySchema).check(
        z.describe('An object of the media bucket: its Content-Type and size are checked'),
      ),
      mimeType: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(255))).check(
        z.describe('Or: the MIME type of a file not uploaded yet'),
      ),
      size: z.optional(z.number().check(z.int('must be a whole number of bytes'), z.gte(0))).check(
        z.describe('Or: its size in bytes'),
      ),
      kind: z.optional(mediaKindSchema).check(
        z.describe('The kind it will be sent as; inferred from the type when absent'),
      ),
      animated: z.optional(z.boolean()).check(
        z.describe('Stickers given by mimeType/size: animated (500 KB) or static (100 KB)'),
      ),
    }).check(
    z.refine((v) => v.s3Key || (v.mimeType && v.size !== undefined), { message: 'give s3Key, or mimeType and size', path: ['s3Key'] }),
  ),
  { key: 's3Key', s3_key: 's3Key', contentType: 'mimeType', content_type: 'mimeType', mime_type: 'mimeType', fileSize: 'size', file_size: 'size', mediaType: 'kind', media_type: 'kind' },
);

export const validateMedia = defineAction({
  category: 'media',
  name: 'validate_media',
  description:
    "Checks a file against WhatsApp's limits before sending, with the same rules the sends apply: an object of the bucket (s3Key), or a file described by mimeType and size. Answers valid: true, or valid: false with each problem (wrong type for the kind, too large, empty). A missing object is a 404.",
  input,
  handler: async ({ s3Key, mimeType, size, kind, animated }) => {
    let resolved: MediaKind | undefined = kind;
    let facts: Record<string, unknown>;
    let problems: FieldProblem[];
    if (s3Key) {
      let checked: Awaited<ReturnType<typeof checkMediaObject>> | undefined;
      problems = await problemsOf(async () => (checked = await checkMediaObject(s3Key, kind)));
      facts = checked ? { s3Key, mimeType: checked.mimeType, size: checked.size, ...(checked.animated !== undefined ? { animated: checked.animated } : {}) } : { s3Key };
      resolved = checked?.kind ?? kind;
    } else {
      facts = { mimeType: mimeEssence(mimeType!), size };
      problems = await problemsOf(() => {
        resolved = checkMimeType(mimeType, kind, 'mimeType');
        checkSize(resolved, size!, 'size', animated);
      });
    }
    const rule = resolved ? MEDIA_RULES[resolved] : undefined;
    return {
      valid: problems.length === 0,
      ...(resolved ? { kind: resolved } : {}),
      ...facts,
      problems,
      ...(rule ? { limits: { mimeTypes: rule.mimeTypes, maxBytes: rule.maxBytes, maxSize: formatBytes(rule.maxBytes), ...(rule.staticMaxBytes ? { staticMaxBytes: rule.staticMaxBytes } : {}) } } : {}),
    };
  },
});
