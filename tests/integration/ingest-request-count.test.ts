import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import { buildEnvelope, inboundTextValue, newWamid, statusValue } from '../../local/standins/eum/envelope';
import { dynamo } from '../../shared/table/client';
import { forgetKnownAliases } from '../../shared/table/message-statuses';
import { recordOutbound } from '../../shared/table/messages';
import { snsEvent, snsRecord, type Invoke } from '../helpers/events';
import { getItem } from './helpers/table';

/**
 * What ingest costs in DynamoDB requests, counted on the process's own client (the one every repository uses by
 * default): the bench reports the same figures at volume; this keeps them from creeping up unnoticed.
 */
let ingest: Invoke;
let requests: string[] = [];
const COUNTER = 'ingestRequestCounter';

beforeAll(async () => {
  ingest = (await import('../../functions/ingest/handler')).handler as unknown as Invoke;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      requests.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: COUNTER },
  );
});
afterAll(() => {
  dynamo().middlewareStack.remove(COUNTER);
});

const ingestEnvelope = (envelope: ReturnType<typeof buildEnvelope>) => ingest(snsEvent(snsRecord(JSON.stringify(envelope))));

describe('ingest: DynamoDB requests', () => {
  it('a new inbound text costs two requests: the message put and the conversation update', async () => {
    const wamid = newWamid();
    requests = [];

    await ingestEnvelope(buildEnvelope({ field: 'messages', value: inboundTextValue({ from: '15553330001', text: 'hello', name: 'Ana', wamid }) }));

    expect(requests).toEqual(['PutItemCommand', 'UpdateItemCommand']);
    expect(await getItem(`MSG#${wamid}`)).toMatchObject({ text: 'hello' });
  });

  it('a status that arrives in order costs one request', async () => {
    const eumId = randomUUID();
    const wamid = newWamid();
    await recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer: '15553330002', type: 'text', preview: 'p', payload: {} });
    requests = [];

    // `sent` writes the wamid alias with the status, once per message: one transaction.
    await ingestEnvelope(buildEnvelope({ field: 'messages', messageId: eumId, value: statusValue({ wamid, status: 'sent', recipientId: '15553330002' }) }));
    expect(requests).toEqual(['TransactWriteItemsCommand']);
    requests = [];

    await ingestEnvelope(buildEnvelope({ field: 'messages', messageId: eumId, value: statusValue({ wamid, status: 'delivered', recipientId: '15553330002' }) }));

    expect(requests).toEqual(['UpdateItemCommand']);
    expect(await getItem(`MSG#${eumId}`)).toMatchObject({ status: 'delivered' });
    requests = [];

    // `read` in order: again one conditional UpdateItem, the alias is not written again.
    await ingestEnvelope(buildEnvelope({ field: 'messages', messageId: eumId, value: statusValue({ wamid, status: 'read', recipientId: '15553330002' }) }));

    expect(requests).toEqual(['UpdateItemCommand']);
    expect(await getItem(`MSG#${eumId}`)).toMatchObject({ status: 'read' });
  });

  it("a status without the envelope's messageId costs one request where the alias exists; a process that never saw the alias reads it once", async () => {
    const eumId = randomUUID();
    const wamid = newWamid();
    await recordOutbound({ eumMessageId: eumId, phone: { arn: DEMO_PHONE.arn }, customer: '15553330003', type: 'text', preview: 'p', payload: {} });
    await ingestEnvelope(buildEnvelope({ field: 'messages', messageId: eumId, value: statusValue({ wamid, status: 'sent', recipientId: '15553330003' }) }));
    requests = [];

    // The alias this process wrote is known: the write alone.
    await ingestEnvelope(buildEnvelope({ field: 'messages', value: statusValue({ wamid, status: 'delivered', recipientId: '15553330003' }) }));

    expect(requests).toEqual(['UpdateItemCommand']);
    expect(await getItem(`MSG#${eumId}`)).toMatchObject({ status: 'delivered' });

    // Another Lambda instance (here: the same one after forgetting) reads the alias once, then knows it.
    forgetKnownAliases();
    requests = [];
    await ingestEnvelope(buildEnvelope({ field: 'messages', value: statusValue({ wamid, status: 'read', recipientId: '15553330003' }) }));
    expect(requests).toEqual(['GetItemCommand', 'UpdateItemCommand']);
    requests = [];
    await ingestEnvelope(buildEnvelope({ field: 'messages', value: statusValue({ wamid, status: 'played', recipientId: '15553330003' }) }));
    expect(requests).toEqual(['UpdateItemCommand']);
    expect(await getItem(`MSG#${eumId}`)).toMatchObject({ status: 'played', readAt: expect.any(String) });
  });
});
