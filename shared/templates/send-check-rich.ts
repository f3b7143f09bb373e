import type { FieldProblem } from '../errors';

/**
 * The send-time check of the two template parts that are not header/body/buttons (reference §1.7): a CAROUSEL's
 * cards (each card is a small template of its own: header media, body, buttons) and a LIMITED_TIME_OFFER's expiry.
 */
type Obj = Record<string, unknown>;
type Send = { type: string; [key: string]: unknown };
type ListCheck = (defs: Obj[], sends: never[], at: (i: number) => string, category?: unknown, where?: string) => FieldProblem[];

const upper = (v: unknown) => String(v ?? '').toUpperCase();
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : []);

function carouselProblems(def: Obj | undefined, send: { c: Send; i: number } | undefined, at: (i: number) => string, list: ListCheck): FieldProblem[] {
  if (!def) return send ? [{ field: at(send.i), reason: 'the template has no CAROUSEL: leave the carousel component out' }] : [];
  const defCards = objects(def.cards);
  if (!send) return [{ field: at(-1), reason: `the template is a carousel of ${defCards.length} cards: add {type: "carousel", cards: [${defCards.length} cards]}` }];
  const cards = objects(send.c.cards);
  const field = `${at(send.i)}.cards`;
  if (cards.length !== defCards.length) return [{ field, reason: `the template's carousel has ${defCards.length} cards; got ${cards.length} (Meta requires the same number)` }];
  const problems: FieldProblem[] = [];
  cards.forEach((card, k) => {
    const index = card.card_index === undefined ? k : Number(card.card_index);
    if (index !== k) problems.push({ field: `${field}.${k}.card_index`, reason: `cards are sent in order: card ${k} needs card_index ${k}` });
    const components = objects(card.components) as never[];
    const cardAt = (j: number) => (j < 0 ? `${field}.${k}.components` : `${field}.${k}.components.${j}`);
    problems.push(...list(objects(defCards[k]?.components), components, cardAt, undefined, `card ${k}: `));
  });
  return problems;
}

function offerProblems(def: Obj | undefined, send: { c: Send; i: number } | undefined, at: (i: number) => string): FieldProblem[] {
  if (!def) return send ? [{ field: at(send.i), reason: 'the template has no LIMITED_TIME_OFFER: leave the limited_time_offer component out' }] : [];
  const offer = (def.limited_time_offer ?? {}) as Obj;
  if (offer.has_expiration !== true) {
    return send ? [{ field: at(send.i), reason: "the template's limited-time offer has no expiration: leave the limited_time_offer component out" }] : [];
  }
  const param = objects(send?.c.parameters)[0];
  const ms = (param?.limited_time_offer as Obj | undefined)?.expiration_time_ms;
  if (!send || ms === undefined) {
    return [{ field: send ? `${at(send.i)}.parameters` : at(-1), reason: 'the template\'s limited-time offer expires: add {type: "limited_time_offer", parameters: [{type: "limited_time_offer", limited_time_offer: {expiration_time_ms}}]}' }];
  }
  return [];
}

/** Problems with the carousel and limited-time-offer parts of a send; `list` checks one card's components. */
export function richComponentProblems(defs: Obj[], sends: Send[], at: (i: number) => string, list: ListCheck): FieldProblem[] {
  const find = (type: string) => defs.find((d) => upper(d.type) === type);
  const sendOf = (type: string) => sends.map((c, i) => ({ c, i })).find((s) => s.c.type === type);
  return [...carouselProblems(find('CAROUSEL'), sendOf('carousel'), at, list), ...offerProblems(find('LIMITED_TIME_OFFER'), sendOf('limited_time_offer'), at)];
}
