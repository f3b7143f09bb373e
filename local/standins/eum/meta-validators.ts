import type { MessageTypeValidator, MessageTypeValidators, MetaMessagePayload } from './outbound-message';

/**
 * What Meta's /messages endpoint rejects synchronously, per message type, so the stand-in refuses the payloads the
 * real service would (EUM Social relays Meta's refusal as a ValidationException carrying Meta's code). Written
 * independently of the backend's zod schemas on purpose: a payload that slips past our validation is still caught
 * here, as it would be by Meta. Each problem starts with Meta's error code.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const missing = (path: string) => `(#131008) Required parameter is missing: ${path}`;
const invalid = (path: string, why: string) => `(#131009) Parameter value is not valid: ${path} ${why}`;
const badParam = (path: string, why: string) => `(#100) Invalid parameter: ${path} ${why}`;

/** Collects problems with Meta's wording; every check returns whether the value was usable. */
class Check {
  readonly problems: string[] = [];

  text(v: unknown, path: string, max?: number, required = true): v is string {
    if (v === undefined || v === null || v === '') {
      if (required) this.problems.push(missing(path));
      return false;
    }
    if (typeof v !== 'string') return this.fail(badParam(path, 'must be a string'));
    if (max !== undefined && [...v].length > max) return this.fail(badParam(path, `must be at most ${max} characters long`));
    return true;
  }

  object(v: unknown, path: string, required = true): v is Obj {
    if (v === undefined) {
      if (required) this.problems.push(missing(path));
      return false;
    }
    if (!isObj(v)) return this.fail(badParam(path, 'must be an object'));
    return true;
  }

  array(v: unknown, path: string, min: number, max: number, what: string): v is unknown[] {
    if (v === undefined) return this.fail(missing(path));
    if (!Array.isArray(v)) return this.fail(badParam(path, 'must be an array'));
    if (v.length < min) return this.fail(invalid(path, `needs at least ${min} ${what}`));
    if (v.length > max) return this.fail(invalid(path, `allows at most ${max} ${what}`));
    return true;
  }

  unique(values: unknown[], path: string, what: string): void {
    const seen = new Set<unknown>();
    for (const v of values) {
      if (seen.has(v)) this.problems.push(invalid(path, `has duplicate ${what} '${String(v)}'`));
      seen.add(v);
    }
  }

  oneOf(v: unknown, path: string, allowed: readonly string[], required = true): boolean {
    if (v === undefined) return required ? this.fail(missing(path)) : true;
    if (typeof v !== 'string' || !allowed.includes(v)) return this.fail(invalid(path, `must be one of ${allowed.join(', ')}`));
    return true;
  }

  url(v: unknown, path: string): void {
    if (!this.text(v, path)) return;
    try {
      const u = new URL(v as string);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') this.problems.push(invalid(path, 'must be an http(s) URL'));
    } catch {
      this.problems.push(invalid(path, 'must be a URL'));
    }
  }

  fail(problem: string): false {
    this.problems.push(problem);
    return false;
  }
}

const run = (fn: (p: MetaMessagePayload, c: Check) => void): MessageTypeValidator => (payload) => {
  const c = new Check();
  fn(payload, c);
  return c.problems;
};

// ----- simple types -----------------------------------------------------------------------------------------------

const text = run((p, c) => {
  if (!c.object(p.text, 'text')) return;
  c.text(p.text.body, 'text.body', 4096);
  if (p.text.preview_url !== undefined && typeof p.text.preview_url !== 'boolean') c.fail(badParam('text.preview_url', 'must be a boolean'));
});

/** A media object: exactly one of a Meta media id or a link. */
function mediaObject(c: Check, m: unknown, path: string, captionAllowed: boolean): void {
  if (!c.object(m, path)) return;
  if (m.id === undefined && m.link === undefined) c.fail(missing(`${path}.id or ${path}.link`));
  else if (m.id !== undefined && m.link !== undefined) c.fail(badParam(path, 'takes either id or link, not both'));
  else if (m.link !== undefined) c.url(m.link, `${path}.link`);
  else c.text(m.id, `${path}.id`);
  if (m.caption !== undefined && captionAllowed) c.text(m.caption, `${path}.caption`, 1024);
}

const media = (kind: string, captionAllowed: boolean) => run((p, c) => mediaObject(c, p[kind], kind, captionAllowed));

function coordinates(c: Check, l: Obj, path: string): void {
  for (const [axis, limit] of [['latitude', 90], ['longitude', 180]] as const) {
    const v = l[axis];
    if (v === undefined) c.fail(missing(`${path}.${axis}`));
    else if (typeof v !== 'number' || !Number.isFinite(v)) c.fail(badParam(`${path}.${axis}`, 'must be a number'));
    else if (Math.abs(v) > limit) c.fail(invalid(`${path}.${axis}`, `must be between -${limit} and ${limit}`));
  }
}

const location = run((p, c) => {
  if (c.object(p.location, 'location')) coordinates(c, p.location, 'location');
});

const contacts = run((p, c) => {
  if (!c.array(p.contacts, 'contacts', 1, 257, 'contacts')) return;
  (p.contacts as unknown[]).forEach((card, i) => {
    if (!c.object(card, `contacts[${i}]`)) return;
    if (c.object(card.name, `contacts[${i}].name`)) c.text(card.name.formatted_name, `contacts[${i}].name.formatted_name`);
  });
});

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const reaction = run((p, c) => {
  if (!c.object(p.reaction, 'reaction')) return;
  c.text(p.reaction.message_id, 'reaction.message_id');
  const emoji = p.reaction.emoji;
  if (emoji === undefined) c.fail(missing('reaction.emoji'));
  else if (typeof emoji !== 'string') c.fail(badParam('reaction.emoji', 'must be a string'));
  else if (emoji !== '' && ([...graphemes.segment(emoji)].length !== 1 || !/\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(emoji))) {
    c.fail(invalid('reaction.emoji', 'must be a single emoji'));
  }
});

// ----- interactive ------------------------------------------------------------------------------------------------

function header(c: Check, h: unknown, allowed: readonly string[]): void {
  if (h === undefined || !c.object(h, 'interactive.header')) return;
  if (!c.oneOf(h.type, 'interactive.header.type', allowed)) return;
  if (h.type === 'text') c.text(h.text, 'interactive.header.text', 60);
  else mediaObject(c, h[h.type as string], `interactive.header.${String(h.type)}`, false);
}

function frame(c: Check, i: Obj, bodyMax: number, headers: readonly string[]): void {
  if (c.object(i.body, 'interactive.body')) c.text(i.body.text, 'interactive.body.text', bodyMax);
  header(c, i.header, headers);
  if (i.footer !== undefined && c.object(i.footer, 'interactive.footer')) c.text(i.footer.text, 'interactive.footer.text', 60);
}

const ANY_HEADER = ['text', 'image', 'video', 'document'] as const;

function buttons(c: Check, i: Obj): void {
  frame(c, i, 1024, ANY_HEADER);
  if (!c.object(i.action, 'interactive.action')) return;
  if (!c.array(i.action.buttons, 'interactive.action.buttons', 1, 3, 'buttons')) return;
  const ids: unknown[] = [];
  (i.action.buttons as unknown[]).forEach((b, n) => {
    const path = `interactive.action.buttons[${n}]`;
    if (!c.object(b, path)) return;
    c.oneOf(b.type, `${path}.type`, ['reply']);
    if (!c.object(b.reply, `${path}.reply`)) return;
    c.text(b.reply.id, `${path}.reply.id`, 256);
    c.text(b.reply.title, `${path}.reply.title`, 20);
    ids.push(b.reply.id);
  });
  c.unique(ids, 'interactive.action.buttons', 'button id');
}

function list(c: Check, i: Obj): void {
  frame(c, i, 4096, ['text']);
  if (!c.object(i.action, 'interactive.action')) return;
  c.text(i.action.button, 'interactive.action.button', 20);
  if (!c.array(i.action.sections, 'interactive.action.sections', 1, 10, 'sections')) return;
  const sections = i.action.sections as unknown[];
  const ids: unknown[] = [];
  sections.forEach((s, n) => {
    const path = `interactive.action.sections[${n}]`;
    if (!c.object(s, path)) return;
    c.text(s.title, `${path}.title`, 24, sections.length > 1);
    if (!c.array(s.rows, `${path}.rows`, 1, 10, 'rows')) return;
    (s.rows as unknown[]).forEach((r, k) => {
      const rowPath = `${path}.rows[${k}]`;
      if (!c.object(r, rowPath)) return;
      c.text(r.id, `${rowPath}.id`, 200);
      c.text(r.title, `${rowPath}.title`, 24);
      c.text(r.description, `${rowPath}.description`, 72, false);
      ids.push(r.id);
    });
  });
  if (ids.length > 10) c.fail(invalid('interactive.action.sections', `allows at most 10 rows in total, got ${ids.length}`));
  c.unique(ids, 'interactive.action.sections', 'row id');
}

function ctaUrl(c: Check, i: Obj): void {
  frame(c, i, 1024, ANY_HEADER);
  if (!c.object(i.action, 'interactive.action')) return;
  c.oneOf(i.action.name, 'interactive.action.name', ['cta_url']);
  if (!c.object(i.action.parameters, 'interactive.action.parameters')) return;
  c.text(i.action.parameters.display_text, 'interactive.action.parameters.display_text', 20);
  c.url(i.action.parameters.url, 'interactive.action.parameters.url');
}

function flow(c: Check, i: Obj): void {
  frame(c, i, 1024, ANY_HEADER);
  if (!c.object(i.action, 'interactive.action')) return;
  c.oneOf(i.action.name, 'interactive.action.name', ['flow']);
  if (!c.object(i.action.parameters, 'interactive.action.parameters')) return;
  const f = i.action.parameters;
  const path = 'interactive.action.parameters';
  c.oneOf(f.flow_message_version, `${path}.flow_message_version`, ['3']);
  if (f.flow_id === undefined && f.flow_name === undefined) c.fail(missing(`${path}.flow_id or ${path}.flow_name`));
  if (f.flow_id !== undefined && f.flow_name !== undefined) c.fail(badParam(path, 'takes either flow_id or flow_name, not both'));
  c.text(f.flow_cta, `${path}.flow_cta`, 30);
  c.oneOf(f.mode, `${path}.mode`, ['draft', 'published'], false);
  c.oneOf(f.flow_action, `${path}.flow_action`, ['navigate', 'data_exchange'], false);
  const payload = f.flow_action_payload;
  if ((f.flow_action ?? 'navigate') === 'navigate') {
    if (c.object(payload, `${path}.flow_action_payload`)) c.text(payload.screen, `${path}.flow_action_payload.screen`);
  } else if (payload !== undefined) {
    c.fail(badParam(`${path}.flow_action_payload`, 'must be omitted when flow_action is data_exchange'));
  }
}

function locationRequest(c: Check, i: Obj): void {
  if (c.object(i.body, 'interactive.body')) c.text(i.body.text, 'interactive.body.text', 1024);
  if (c.object(i.action, 'interactive.action')) c.oneOf(i.action.name, 'interactive.action.name', ['send_location']);
}

function callPermissionRequest(c: Check, i: Obj): void {
  if (c.object(i.body, 'interactive.body')) c.text(i.body.text, 'interactive.body.text', 1024);
  if (c.object(i.action, 'interactive.action')) c.oneOf(i.action.name, 'interactive.action.name', ['call_permission_request']);
}

const INTERACTIVE: Record<string, (c: Check, i: Obj) => void> = {
  call_permission_request: callPermissionRequest,
  button: buttons,
  list,
  cta_url: ctaUrl,
  flow,
  location_request_message: locationRequest,
};

const interactive = run((p, c) => {
  if (!c.object(p.interactive, 'interactive')) return;
  const i = p.interactive;
  if (!c.text(i.type, 'interactive.type')) return;
  // Product, catalog, carousel and address messages have their own rules; they pass here.
  INTERACTIVE[i.type as string]?.(c, i);
});

// ----- template ---------------------------------------------------------------------------------------------------

const BUTTON_PARAMETER: Record<string, string> = { url: 'text', quick_reply: 'payload', copy_code: 'coupon_code', flow: 'action' };

function templateParameter(c: Check, param: unknown, path: string): void {
  if (!c.object(param, path) || !c.text(param.type, `${path}.type`)) return;
  const type = param.type as string;
  if (type === 'text') {
    if (c.text(param.text, `${path}.text`) && /[\n\t]| {5,}/.test(param.text as string)) {
      c.fail(`(#132018) There was an issue with the parameters in your template: ${path}.text cannot have new-line/tab characters or more than 4 consecutive spaces`);
    }
  } else if (type === 'currency') {
    if (c.object(param.currency, `${path}.currency`)) {
      c.text(param.currency.fallback_value, `${path}.currency.fallback_value`);
      c.text(param.currency.code, `${path}.currency.code`);
      if (!Number.isInteger(param.currency.amount_1000)) c.fail(badParam(`${path}.currency.amount_1000`, 'must be an integer'));
    }
  } else if (type === 'date_time') {
    if (c.object(param.date_time, `${path}.date_time`)) c.text(param.date_time.fallback_value, `${path}.date_time.fallback_value`);
  } else if (type === 'image' || type === 'video' || type === 'document') {
    mediaObject(c, param[type], `${path}.${type}`, false);
  } else if (type === 'location') {
    if (c.object(param.location, `${path}.location`)) coordinates(c, param.location, `${path}.location`);
  } else if (type === 'payload') {
    c.text(param.payload, `${path}.payload`);
  } else if (type === 'coupon_code') {
    c.text(param.coupon_code, `${path}.coupon_code`, 15);
  } else if (type === 'action') {
    c.object(param.action, `${path}.action`);
  }
}

const template = run((p, c) => {
  if (!c.object(p.template, 'template')) return;
  const t = p.template;
  c.text(t.name, 'template.name', 512);
  if (c.object(t.language, 'template.language')) c.text(t.language.code, 'template.language.code');
  if (t.components === undefined) return;
  if (!c.array(t.components, 'template.components', 0, 20, 'components')) return;
  const counts: Record<string, number> = {};
  const indexes: unknown[] = [];
  (t.components as unknown[]).forEach((comp, n) => {
    const path = `template.components[${n}]`;
    if (!c.object(comp, path) || !c.text(comp.type, `${path}.type`)) return;
    const type = String(comp.type).toLowerCase();
    counts[type] = (counts[type] ?? 0) + 1;
    if (type === 'carousel' || type === 'limited_time_offer') return; // own shapes; not checked here
    if (!['header', 'body', 'button'].includes(type)) return void c.fail(invalid(`${path}.type`, 'must be header, body, button, carousel or limited_time_offer'));
    if (type === 'button') {
      if (!c.oneOf(comp.sub_type, `${path}.sub_type`, ['url', 'quick_reply', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call', 'order_details'])) return;
      if (comp.index === undefined) c.fail(missing(`${path}.index`));
      else if (!/^\d+$/.test(String(comp.index))) c.fail(invalid(`${path}.index`, 'must be the button position'));
      indexes.push(String(comp.index));
    }
    if (comp.parameters === undefined) return;
    if (!c.array(comp.parameters, `${path}.parameters`, 0, type === 'header' ? 1 : 100, 'parameters')) return;
    (comp.parameters as unknown[]).forEach((param, k) => {
      const paramPath = `${path}.parameters[${k}]`;
      const expected = type === 'button' ? BUTTON_PARAMETER[comp.sub_type as string] : undefined;
      if (expected && isObj(param) && param.type !== expected) return void c.fail(invalid(`${paramPath}.type`, `must be ${expected} for a ${String(comp.sub_type)} button`));
      templateParameter(c, param, paramPath);
    });
  });
  for (const type of ['header', 'body']) {
    if ((counts[type] ?? 0) > 1) c.fail(invalid('template.components', `has more than one ${type}`));
  }
  c.unique(indexes, 'template.components', 'button index');
});

/** The stand-in's default `messageValidators`: Meta's synchronous checks per message type. */
export const metaValidators: MessageTypeValidators = {
  text,
  image: media('image', true),
  video: media('video', true),
  document: media('document', true),
  audio: media('audio', false),
  sticker: media('sticker', false),
  location,
  contacts,
  reaction,
  interactive,
  template,
};
