import * as z from '../../zod';
import { hasEmoji, httpsUrl, limitedText, mediaIdField, metaLimit, requireUnique } from './common';

/**
 * Interactive messages (Meta `type: "interactive"`): reply buttons, lists, CTA URL buttons, Flows and location
 * requests. Inputs are camelCase like send_text; the builders produce Meta's Cloud API objects.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ----- header and footer ------------------------------------------------------------------------------------------

const MEDIA_HEADER_TYPES = ['image', 'video', 'document'] as const;

/** Accepts a plain string (a text header) and Meta's own shape `{type: "image", image: {link}}` as well as ours. */
function normalizeHeader(h: unknown): unknown {
  if (typeof h === 'string') return { type: 'text', text: h };
  if (!isObj(h) || typeof h.type !== 'string') return h;
  const inner = h[h.type];
  if ((MEDIA_HEADER_TYPES as readonly string[]).includes(h.type) && isObj(inner)) {
    const { [h.type]: _nested, ...rest } = h;
    return { ...rest, ...inner };
  }
  return h;
}

const textHeader = z.object({ type: z.literal('text'), text: limitedText(60) });

/** Media headers come as an https link or an existing WhatsApp media id (upload_media turns S3 objects into ids). */
const mediaSource = {
  link: z.optional(httpsUrl),
  id: z.optional(mediaIdField),
};

function exactlyOneSource(h: { type: string; link?: string; id?: string }, ctx: z.core.$RefinementCtx): void {
  if ((h.link === undefined) === (h.id === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['link'],
      message: `give exactly one of link (https URL) or id (a WhatsApp media id, e.g. from upload_media) for the ${h.type} header`,
    });
  }
}

const imageHeader = z.object({ type: z.literal('image'), ...mediaSource }).check(z.superRefine(exactlyOneSource));
const videoHeader = z.object({ type: z.literal('video'), ...mediaSource }).check(z.superRefine(exactlyOneSource));
const documentHeader = z.object({
    type: z.literal('document'),
    ...mediaSource,
    filename: z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(240, 'at most 240 characters'))),
  }).check(
  z.superRefine(exactlyOneSource),
);

const anyHeader = z.discriminatedUnion('type', [textHeader, imageHeader, videoHeader, documentHeader], {
  error: 'must be a header of type text, image, video or document',
});
export type HeaderInput = z.output<typeof anyHeader>;

export const anyHeaderField = z.optional(z.pipe(z.transform(normalizeHeader), anyHeader)).check(
  z.describe('Header: a string (text, up to 60 characters) or {type: "text"|"image"|"video"|"document", text | link (https) | id (WhatsApp media id)}'),
);

/** List messages take text headers only. */
export const textHeaderField = z.optional(z.pipe(z.transform(normalizeHeader), z.discriminatedUnion('type', [textHeader], { error: 'must be a header of type text (lists take no media header)' }))).check(
  z.describe('Text header (up to 60 characters): a string or {type: "text", text}'),
);

export function buildHeader(h: HeaderInput): Obj {
  if (h.type === 'text') return { type: 'text', text: h.text };
  const media: Obj = h.id !== undefined ? { id: h.id } : { link: h.link };
  if (h.type === 'document' && h.filename !== undefined) media.filename = h.filename;
  return { type: h.type, [h.type]: media };
}

export const footerField = z.optional(limitedText(60)).check(z.describe('Footer text'));

/** The parts every interactive type shares: header?, body, footer?. */
export function interactiveFrame(p: { header?: HeaderInput; body: string; footer?: string }): Obj {
  return {
    ...(p.header ? { header: buildHeader(p.header) } : {}),
    body: { text: p.body },
    ...(p.footer !== undefined ? { footer: { text: p.footer } } : {}),
  };
}

// ----- reply buttons ----------------------------------------------------------------------------------------------

/** Accepts Meta's `{type: "reply", reply: {id, title}}` as well as `{id, title}`. */
const normalizeButton = (b: unknown): unknown => (isObj(b) && isObj(b.reply) ? b.reply : b);

const replyButton = z.pipe(z.transform(normalizeButton), z.object({ id: limitedText(256), title: limitedText(20) }));

export const replyButtonsField = z.array(replyButton).check(
  z.minLength(1, 'at least 1 button'),
  z.maxLength(3, metaLimit(3, 'buttons')),
  z.superRefine((buttons, ctx) => requireUnique(buttons.map((b) => b.id), ctx, (i) => [i, 'id'], 'button id')),
  z.describe('1-3 reply buttons: [{id (up to 256 chars, unique), title (up to 20 chars)}]'),
);

export function buildReplyButtons(p: { header?: HeaderInput; body: string; footer?: string; buttons: { id: string; title: string }[] }): Obj {
  return {
    type: 'button',
    ...interactiveFrame(p),
    action: { buttons: p.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
  };
}

// ----- list -------------------------------------------------------------------------------------------------------

export const MAX_LIST_ROWS = 10;

const listRow = z.object({ id: limitedText(200), title: limitedText(24), description: z.optional(limitedText(72)) });
const listSection = z.object({ title: z.optional(limitedText(24)), rows: z.array(listRow).check(
  z.minLength(1, 'at least 1 row'),
) });

export const listSectionsField = z.array(listSection).check(
  z.minLength(1, 'at least 1 section'),
  z.maxLength(10, metaLimit(10, 'sections')),
  z.superRefine((sections, ctx) => {
      const total = sections.reduce((n, s) => n + s.rows.length, 0);
      if (total > MAX_LIST_ROWS) ctx.addIssue({ code: 'custom', path: [], message: `at most ${MAX_LIST_ROWS} rows in total across all sections (Meta limit); got ${total}` });
      if (sections.length > 1) {
        sections.forEach((s, i) => {
          if (s.title === undefined) ctx.addIssue({ code: 'custom', path: [i, 'title'], message: 'required when the list has more than one section (Meta rule)' });
        });
      }
      const ids = sections.flatMap((s, i) => s.rows.map((r, j) => ({ id: r.id, path: [i, 'rows', j, 'id'] })));
      requireUnique(ids.map((r) => r.id), ctx, (k) => ids[k]!.path, 'row id');
    }),
  z.describe('1-10 sections [{title? (up to 24 chars; required with 2+ sections), rows: [{id (up to 200, unique), title (up to 24), description? (up to 72)}]}], at most 10 rows in total'),
);

export type ListSection = z.output<typeof listSection>;

export function buildList(p: { header?: HeaderInput; body: string; footer?: string; button: string; sections: ListSection[] }): Obj {
  return {
    type: 'list',
    ...interactiveFrame(p),
    action: {
      button: p.button,
      sections: p.sections.map((s) => ({
        ...(s.title !== undefined ? { title: s.title } : {}),
        rows: s.rows.map((r) => ({ id: r.id, title: r.title, ...(r.description !== undefined ? { description: r.description } : {}) })),
      })),
    },
  };
}

// ----- CTA URL button ---------------------------------------------------------------------------------------------

export function buildCtaUrl(p: { header?: HeaderInput; body: string; footer?: string; displayText: string; url: string }): Obj {
  return {
    type: 'cta_url',
    ...interactiveFrame(p),
    action: { name: 'cta_url', parameters: { display_text: p.displayText, url: p.url } },
  };
}

// ----- Flow -------------------------------------------------------------------------------------------------------

/** Meta advises CTA labels of 30 characters or less, without emoji. */
export const FLOW_CTA_MAX = 30;

export const flowFields = {
  flowId: z.optional(z.string().check(z.regex(/^\d+$/, 'must be a numeric Flow id'))).check(
    z.describe('Id of the Flow (give flowId or flowName)'),
  ),
  flowName: z.optional(z.string().check(z.minLength(1, 'must not be empty'))).check(
    z.describe('Name of the Flow (give flowId or flowName)'),
  ),
  flowCta: z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(FLOW_CTA_MAX, metaLimit(FLOW_CTA_MAX, 'characters')),
    z.refine((s) => !hasEmoji(s), 'must not contain emoji (Meta rule)'),
    z.describe('Label of the button that opens the Flow'),
  ),
  flowToken: z.optional(z.string().check(z.minLength(1, 'must not be empty'))).check(
    z.describe('Your token identifying this Flow session (echoed in the reply)'),
  ),
  mode: z.optional(z.enum(['draft', 'published'])).check(
    z.describe('published (Meta default) or draft (for testing)'),
  ),
  flowAction: z.optional(z.enum(['navigate', 'data_exchange'])).check(
    z.describe('navigate (Meta default) or data_exchange'),
  ),
  flowActionPayload: z.optional(z.object({
      screen: z.string().check(z.minLength(1, 'must not be empty')),
      data: z.optional(z.record(z.string(), z.unknown()).check(
        z.refine((d) => Object.keys(d).length > 0, 'must be a non-empty object when given (Meta rule)'),
      )),
    })).check(
    z.describe('{screen, data?}: the first screen; required for navigate, not allowed with data_exchange'),
  ),
};

type FlowInput = {
  flowId?: string;
  flowName?: string;
  flowCta: string;
  flowToken?: string;
  mode?: 'draft' | 'published';
  flowAction?: 'navigate' | 'data_exchange';
  flowActionPayload?: { screen: string; data?: Record<string, unknown> };
};

/** Meta's combinations: exactly one of flow_id / flow_name; a payload with navigate, none with data_exchange. */
export function refineFlow(f: FlowInput, ctx: z.core.$RefinementCtx): void {
  if ((f.flowId === undefined) === (f.flowName === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['flowId'], message: 'give exactly one of flowId or flowName' });
  }
  const action = f.flowAction ?? 'navigate';
  if (action === 'navigate' && !f.flowActionPayload) {
    ctx.addIssue({ code: 'custom', path: ['flowActionPayload'], message: 'required when flowAction is navigate (the default): {screen, data?}' });
  }
  if (action === 'data_exchange' && f.flowActionPayload) {
    ctx.addIssue({ code: 'custom', path: ['flowActionPayload'], message: 'not allowed when flowAction is data_exchange (Meta rule)' });
  }
}

export function buildFlow(p: FlowInput & { header?: HeaderInput; body: string; footer?: string }): Obj {
  const parameters: Obj = {
    flow_message_version: '3',
    ...(p.flowId !== undefined ? { flow_id: p.flowId } : { flow_name: p.flowName }),
    flow_cta: p.flowCta,
    ...(p.flowToken !== undefined ? { flow_token: p.flowToken } : {}),
    ...(p.mode !== undefined ? { mode: p.mode } : {}),
    ...(p.flowAction !== undefined ? { flow_action: p.flowAction } : {}),
    ...(p.flowActionPayload ? { flow_action_payload: p.flowActionPayload } : {}),
  };
  return { type: 'flow', ...interactiveFrame(p), action: { name: 'flow', parameters } };
}

// ----- location request -------------------------------------------------------------------------------------------

export const buildLocationRequest = (body: string): Obj => ({
  type: 'location_request_message',
  body: { text: body },
  action: { name: 'send_location' },
});
