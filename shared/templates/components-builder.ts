import { ValidationError } from '../errors';
import type { TemplateDefinitionItem } from '../table/templates';
import { bodyExpectation, isDynamicUrl, upper, type Obj, type SendComponent } from './send-check';
import { expectedParameters } from './variables';

/**
 * Builds Meta's send components for the template shortcuts (send_coupon_template & co.) from simple inputs and the
 * approved definition: button indexes come from the definition's BUTTONS, so callers never count positions. Each
 * built component remembers the input field it came from, so a mismatch found by the generic check
 * (send-check.ts) names that field, not "components.2".
 */
export type HeaderInput =
  | { type: 'text'; text: string }
  | { type: 'image' | 'video' | 'document'; link?: string; id?: string; filename?: string }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string };

export type BodyInput = string[] | Record<string, string>;

export interface CommonInput {
  header?: HeaderInput;
  bodyParameters?: BodyInput;
  urlSuffixes?: string[];
  quickReplyPayloads?: string[];
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export function headerParameter(h: HeaderInput, namedAs?: string): Obj {
  if (h.type === 'text') return { type: 'text', text: h.text, ...(namedAs ? { parameter_name: namedAs } : {}) };
  if (h.type === 'location') {
    const { type: _t, ...location } = h;
    return { type: 'location', location };
  }
  const { type, ...media } = h;
  return { type, [type]: media };
}

/** Body values as Meta's text parameters; an array fills a named template's variables in order of appearance. */
export function bodyParameters(values: BodyInput, text: string | undefined): Obj[] {
  if (!Array.isArray(values)) return Object.entries(values).map(([name, value]) => ({ type: 'text', text: value, parameter_name: name }));
  const { kind, names } = expectedParameters(text);
  const named = kind === 'named' && names.length === values.length;
  return values.map((value, i) => ({ type: 'text', text: value, ...(named ? { parameter_name: names[i] } : {}) }));
}

export class ComponentsBuilder {
  readonly defs: Obj[];
  readonly buttons: Obj[];
  private readonly built: Array<{ component: SendComponent; from: string }> = [];

  constructor(readonly item: TemplateDefinitionItem) {
    this.defs = ((item.definition?.components ?? []) as unknown[]).filter((c): c is Obj => typeof c === 'object' && c !== null);
    this.buttons = ((this.find('BUTTONS')?.buttons as Obj[] | undefined) ?? []).filter((b) => typeof b === 'object' && b !== null);
  }

  get label(): string {
    return `template ${this.item.templateName} (${this.item.language})`;
  }

  get category(): string {
    return upper(this.item.category ?? this.item.definition?.category);
  }

  find(type: string): Obj | undefined {
    return this.defs.find((d) => upper(d.type) === type);
  }

  layout(): string {
    return this.buttons.map((b, k) => `${k}: ${upper(b.type)}`).join(', ') || 'none';
  }

  fail(field: string, reason: string): never {
    throw new ValidationError([{ field, reason }], `${field}: ${reason}`);
  }

  add(component: SendComponent, from: string): this {
    this.built.push({ component, from });
    return this;
  }

  requireCategory(categories: string[], action: string): void {
    if (!categories.includes(this.category)) {
      this.fail('name', `${this.label} is ${this.category || 'of unknown category'}; ${action} sends ${categories.join(' or ')} templates (send_template sends any)`);
    }
  }

  /** The index of the template's button of one of `types`, or a 400 on `field` saying what buttons it has. */
  buttonIndex(types: string[], field: string, what: string): number {
    const index = this.buttons.findIndex((b) => types.includes(upper(b.type)));
    if (index < 0) this.fail(field, `${this.label} has no ${what} button (its buttons: ${this.layout()})`);
    return index;
  }

  /** Adds the button of one of `types` with its one parameter, or refuses on `field` when the template has none. */
  addButton(types: string[], field: string, what: string, subType: string, parameter: Obj): this {
    const index = this.buttonIndex(types, field, what);
    return this.add({ type: 'button', sub_type: subType, index: String(index), parameters: [parameter as never] }, field);
  }

  has(type: string): boolean {
    return this.built.some((b) => b.component.type === type);
  }

  private usedButtons(): Set<number> {
    return new Set(this.built.filter((b) => b.component.type === 'button').map((b) => Number(b.component.index)));
  }

  /** Header, body, dynamic URL suffixes and quick-reply payloads: the parts every template kind may have. */
  addCommon(input: CommonInput, defs: Obj[] = this.defs, buttons: Obj[] = this.buttons, prefix = ''): this {
    const header = defs.find((d) => upper(d.type) === 'HEADER');
    const needsHeader = header && (upper(header.format) !== 'TEXT' || expectedParameters(header.text as string).names.length > 0);
    if (needsHeader && !input.header && !this.has('header')) {
      this.fail(`${prefix}header`, `${this.label}${prefix ? ` ${prefix.slice(0, -1)}` : ''} has a ${upper(header.format)} header: give header`);
    }
    if (input.header) {
      const named = expectedParameters(header?.text as string | undefined);
      this.add({ type: 'header', parameters: [headerParameter(input.header, named.kind === 'named' ? named.names[0] : undefined) as never] }, `${prefix}header`);
    }
    const body = defs.find((d) => upper(d.type) === 'BODY');
    const expected = bodyExpectation(body, prefix ? undefined : this.category).names.length;
    if (expected > 0 && !input.bodyParameters && !this.has('body')) this.fail(`${prefix}bodyParameters`, `the BODY of ${this.label} has ${plural(expected, 'variable')}: give bodyParameters`);
    if (input.bodyParameters) this.add({ type: 'body', parameters: bodyParameters(input.bodyParameters, body?.text as string | undefined) as never }, `${prefix}bodyParameters`);
    this.addUrlSuffixes(input.urlSuffixes ?? [], buttons, prefix);
    this.addQuickReplies(input.quickReplyPayloads ?? [], buttons, prefix);
    return this;
  }

  private addUrlSuffixes(suffixes: string[], buttons: Obj[], prefix: string): void {
    const used = this.usedButtons();
    const dynamic = buttons.flatMap((b, k) => (isDynamicUrl(b) && !used.has(k) ? [k] : []));
    if (suffixes.length !== dynamic.length) {
      const which = dynamic.map((k) => `button ${k}: ${String(buttons[k]!.url)}`).join(', ');
      this.fail(`${prefix}urlSuffixes`, `${this.label} has ${plural(dynamic.length, 'URL button')} with a variable${which ? ` (${which})` : ''}: give ${dynamic.length} urlSuffixes, got ${suffixes.length}`);
    }
    dynamic.forEach((k, n) => this.add({ type: 'button', sub_type: 'url', index: String(k), parameters: [{ type: 'text', text: suffixes[n]! } as never] }, `${prefix}urlSuffixes.${n}`));
  }

  private addQuickReplies(payloads: string[], buttons: Obj[], prefix: string): void {
    const replies = buttons.flatMap((b, k) => (upper(b.type) === 'QUICK_REPLY' ? [k] : []));
    if (payloads.length > replies.length) {
      this.fail(`${prefix}quickReplyPayloads`, `${this.label} has ${plural(replies.length, 'quick reply button')}; got ${payloads.length} payloads`);
    }
    payloads.forEach((payload, n) =>
      this.add({ type: 'button', sub_type: 'quick_reply', index: String(replies[n]), parameters: [{ type: 'payload', payload } as never] }, `${prefix}quickReplyPayloads.${n}`),
    );
  }

  /** Components in Meta's order: header, body, the rest, buttons by index. */
  components(): SendComponent[] {
    return this.ordered().map((b) => b.component);
  }

  private ordered() {
    const rank = (c: SendComponent) => ({ header: 0, body: 1, limited_time_offer: 2, carousel: 3 })[c.type] ?? 4 + Number(c.index ?? 0);
    return [...this.built].sort((a, b) => rank(a.component) - rank(b.component));
  }

  /** Renames a problem field "components.N…" to the input field that component came from. */
  fieldOf = (field: string): string => {
    const m = /^components\.(\d+)(.*)$/.exec(field);
    if (!m) return field === 'components' ? 'name' : field;
    const from = this.ordered()[Number(m[1])];
    if (!from) return field;
    return from.component.type === 'carousel' ? `cards${m[2]!.replace(/^\.cards/, '')}` : from.from;
  };
}
