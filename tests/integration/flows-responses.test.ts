import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowReplyValue } from '../../local/simulate-flow';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { envelopeBody, type MetaMessagesValue } from '../../local/standins/eum/envelope';
import type { EumStandin } from '../../local/standins/eum/server';
import { inboundAnyValue } from '../../local/standins/eum/webhook-values';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { customerWrites } from './helpers/customer';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';

/**
 * Completed Flows, from the customer's nfm_reply through ingest to get_flow_responses and flow_completion: answers are
 * listed per Flow, per customer and all together, newest first and paginated, and a handled answer can be left out.
 */
let eum: EumStandin;
let published: string[];
let flows: Invoke;
let ingest: Invoke;

const flowJson = {
  version: '7.3',
  screens: [{ id: 'RATE', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextInput', name: 'rating', label: 'Rating' }] } }],
};
const ANA = '15557770101';
const BEN = '15557770102';
let surveyId: string;
let feedbackId: string;

beforeAll(async () => {
  ({ eum, published } = await startEumForTest());
  flows = (await import('../../functions/flows/handler')).handler as unknown as Invoke;
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  surveyId = (await call('create_flow', { name: 'Survey', categories: ['SURVEY'], flowJson, publish: true })).flowId;
  feedbackId = (await call('create_flow', { name: 'Feedback', categories: ['OTHER'], flowJson: JSON.stringify(flowJson), publish: true })).flowId;
  await customerWrites(ANA, { text: 'hi', name: 'Ana' });
  await customerWrites(BEN, { text: 'hi', name: 'Ben' });
});
afterAll(() => eum.close());

const call = (action: string, body: Record<string, unknown> = {}) => flows({ action, ...body }, lambdaContext);
/** Meta's timestamps have whole seconds: each answer gets its own, minutes apart, so "newest first" is certain. */
const deliver = async (value: MetaMessagesValue, minutesAgo?: number) => {
  if (minutesAgo !== undefined) value.messages![0]!.timestamp = String(Math.floor(Date.now() / 1000) - minutesAgo * 60);
  const out = await ingest(snsEvent(snsRecord(envelopeBody({ field: 'messages', value }))), lambdaContext);
  expect(out?.failed ?? 0).toBe(0);
};

/** Sends a Flow and lets ingest see its `sent` status (which names the wamid the customer's reply will quote). */
async function sendFlow(to: string, flowId: string, flowToken: string, statuses: 'ingest' | 'hold' = 'ingest'): Promise<void> {
  const res = await call('send_flow_message', { to, body: 'Tell us', flowId, flowCta: 'Open', flowToken, flowActionPayload: { screen: 'RATE' } });
  expect(res.statusCode).toBe(200);
  const wamid = eum.sends.at(-1)!.wamid!;
  for (let i = 0; i < 100 && !published.some((b) => b.includes(wamid)); i++) await new Promise((r) => setTimeout(r, 20));
  if (statuses === 'ingest') await ingestStatuses();
}

async function ingestStatuses(): Promise<void> {
  for (const body of published.splice(0)) await ingest(snsEvent(snsRecord(body)), lambdaContext);
}

describe('get_flow_responses and flow_completion', () => {
  let anaAnswer: string;

  it('stores a Flow reply once with its Flow, token, customer and answers, whatever the redeliveries', async () => {
    await sendFlow(ANA, surveyId, 'survey-ana');
    const reply = await flowReplyValue(eum.url, ANA, { rating: '5' }, 'Ana');
    await deliver(reply, 40);
    await deliver(reply, 40);
    anaAnswer = reply.messages![0]!.id;

    const byFlow = await call('get_flow_responses', { flowId: surveyId });
    expect(byFlow).toMatchObject({ statusCode: 200, count: 1 });
    expect(byFlow.responses[0]).toMatchObject({
      messageId: anaAnswer,
      customer: ANA,
      contactName: 'Ana',
      conversationId: `CONV#${DEMO_PHONE.arn}#${ANA}`,
      flowId: surveyId,
      flowToken: 'survey-ana',
      response: { rating: '5' },
      handled: false,
    });
    expect(byFlow.responses[0].receivedAt).toEqual(expect.any(String));
    expect(await getItem(`MSG#${anaAnswer}`)).toMatchObject({ flowResponse: { rating: '5' }, flowToken: 'survey-ana' });
  });

  it('lists per customer, per Flow within a customer, by token, and all together newest first', async () => {
    await sendFlow(BEN, feedbackId, 'feedback-ben');
    await deliver(await flowReplyValue(eum.url, BEN, { rating: '2', comment: 'slow' }, 'Ben'), 30);
    await sendFlow(ANA, feedbackId, 'feedback-ana');
    await deliver(await flowReplyValue(eum.url, ANA, { rating: '4' }, 'Ana'), 20);

    const all = await call('get_flow_responses');
    expect(all.responses.map((r: { flowToken: string }) => r.flowToken)).toEqual(['feedback-ana', 'feedback-ben', 'survey-ana']);
    const ana = await call('get_flow_responses', { customer: `+${ANA}` });
    expect(ana.responses.map((r: { flowToken: string }) => r.flowToken)).toEqual(['feedback-ana', 'survey-ana']);
    const anaSurvey = await call('get_flow_responses', { customer: ANA, flowId: surveyId });
    expect(anaSurvey.responses.map((r: { flowToken: string }) => r.flowToken)).toEqual(['survey-ana']);
    const feedback = await call('get_flow_responses', { flowId: feedbackId });
    expect(feedback.responses.map((r: { customer: string }) => r.customer)).toEqual([ANA, BEN]);
    const token = await call('get_flow_responses', { flow_token: 'feedback-ben' });
    expect(token.responses).toEqual([expect.objectContaining({ customer: BEN, response: { rating: '2', comment: 'slow' } })]);
    expect((await call('get_flow_responses', { flowId: '42' })).responses).toEqual([]);
  });

  it('pages with limit and nextCursor; a cursor of another list is a 400 on cursor', async () => {
    const first = await call('get_flow_responses', { limit: 2 });
    expect(first.count).toBe(2);
    const second = await call('get_flow_responses', { limit: 2, cursor: first.nextCursor });
    expect(second.responses.map((r: { flowToken: string }) => r.flowToken)).toEqual(['survey-ana']);
    const other = await call('get_flow_responses', { flowId: feedbackId, cursor: first.nextCursor });
    expect(other).toMatchObject({ statusCode: 400, fields: [{ field: 'cursor' }] });
  });

  it('flow_completion marks one handled (the first time stays), and unhandledOnly leaves it out', async () => {
    const done = await call('flow_completion', { messageId: anaAnswer, note: 'called back' });
    expect(done).toMatchObject({ statusCode: 200, messageId: anaAnswer, response: { handled: true, handledNote: 'called back' } });
    const again = await call('flow_completion', { wamid: anaAnswer, note: 'closed' });
    expect(again.handledAt).toBe(done.handledAt);
    expect(again.response.handledNote).toBe('closed');

    const open = await call('get_flow_responses', { unhandledOnly: true });
    expect(open.responses.map((r: { flowToken: string }) => r.flowToken)).toEqual(['feedback-ana', 'feedback-ben']);
    const unknown = await call('flow_completion', { messageId: 'wamid.UNKNOWN' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.error).toContain('get_flow_responses');
  });

  it('an answer that beat its Flow message\'s status gets its Flow when that message is known, and lists under it', async () => {
    const CARL = '15557770103';
    await customerWrites(CARL, { text: 'hi', name: 'Carl' });
    await sendFlow(CARL, surveyId, 'survey-carl', 'hold');
    await deliver(await flowReplyValue(eum.url, CARL, { rating: '3' }, 'Carl'), 7);
    const early = await call('get_flow_responses', { customer: CARL });
    expect(early.responses).toEqual([expect.objectContaining({ flowToken: 'survey-carl', response: { rating: '3' } })]);
    expect(early.responses[0].flowId).toBeUndefined();
    expect((await call('get_flow_responses', { flowId: surveyId })).responses.map((r: { customer: string }) => r.customer)).toEqual([ANA]);

    await ingestStatuses(); // the sent status names the Flow message's wamid
    const later = await call('get_flow_responses', { customer: CARL });
    expect(later.responses[0]).toMatchObject({ flowId: surveyId, flowMessageId: expect.any(String) });
    expect((await call('get_flow_responses', { flowId: surveyId })).responses.map((r: { customer: string }) => r.customer)).toEqual([CARL, ANA]);
  });

  it('a per-Flow read and flow_completion place an answer that beat its Flow message\'s status, once', async () => {
    const DORA = '15557770104';
    const EVA = '15557770105';
    await customerWrites(DORA, { text: 'hi', name: 'Dora' });
    await customerWrites(EVA, { text: 'hi', name: 'Eva' });
    await sendFlow(DORA, feedbackId, 'feedback-dora', 'hold');
    const doraReply = await flowReplyValue(eum.url, DORA, { rating: '1' }, 'Dora');
    await deliver(doraReply, 3);
    await sendFlow(EVA, surveyId, 'survey-eva', 'hold');
    const evaReply = await flowReplyValue(eum.url, EVA, { rating: '5' }, 'Eva');
    await deliver(evaReply, 2);
    expect(await getItem(`FLOW_RESPONSE#${doraReply.messages![0]!.id}`)).not.toHaveProperty('flowId');
    await ingestStatuses(); // only now are the Flow messages' wamids known

    // two concurrent reads of the Flow: each lists Dora's answer once, and it is placed once
    const [a, b] = await Promise.all([call('get_flow_responses', { flowId: feedbackId }), call('get_flow_responses', { flowId: feedbackId })]);
    for (const read of [a, b]) expect(read.responses.map((r: { customer: string }) => r.customer)).toEqual([DORA, ANA, BEN]);
    expect(a.responses[0]).toMatchObject({ flowId: feedbackId, flowToken: 'feedback-dora', flowMessageId: expect.any(String) });

    const done = await call('flow_completion', { messageId: evaReply.messages![0]!.id });
    expect(done).toMatchObject({ statusCode: 200, response: { customer: EVA, flowId: surveyId, handled: true } });
    const survey = await call('get_flow_responses', { flowId: surveyId });
    expect(survey.responses.map((r: { customer: string }) => r.customer)).toEqual([EVA, '15557770103', ANA]);
  });

  it('keeps a reply to a Flow message it cannot place, without flowId; an address reply is not a Flow answer', async () => {
    const orphan = inboundAnyValue({
      from: BEN,
      type: 'interactive',
      body: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify({ flow_token: 'elsewhere', ok: true }) } },
      extra: { context: { from: DEMO_PHONE.phoneNumber.replace(/\D/g, ''), id: 'wamid.SENTELSEWHERE' } },
    });
    await deliver(orphan, 10);
    const address = inboundAnyValue({
      from: BEN,
      type: 'interactive',
      body: { type: 'nfm_reply', nfm_reply: { name: 'address_message', response_json: JSON.stringify({ values: { city: 'Lisbon' } }) } },
    });
    await deliver(address, 5);

    const ben = await call('get_flow_responses', { customer: BEN });
    expect(ben.responses.map((r: { flowToken: string }) => r.flowToken)).toEqual(['elsewhere', 'feedback-ben']);
    expect(ben.responses[0]).toMatchObject({ response: { ok: true }, replyTo: 'wamid.SENTELSEWHERE' });
    expect(ben.responses[0].flowId).toBeUndefined();
  });
});
