import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordCallEvent } from '../../shared/table/calls';
import type { Table } from '../../shared/table/client';
import { claimAutoReply } from '../../shared/table/conversations';
import { decideInbound, forgetKnownConversations, recordInboundOnConversation, UNREAD_WINDOW, unreadKey } from '../../shared/table/conversation-unread';
import { keys } from '../../shared/table/keys';
import { applyStatus } from '../../shared/table/message-statuses';

/**
 * Repositories with a mocked client: which requests a condition leads to, and what each outcome means. The same
 * paths run against DynamoDB Local in tests/integration (status-order, ingest, ingest-types); these pin the request
 * shapes and the branches a real table rarely reaches.
 */
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const db: Table = { client, name: 'unit-table' };
const ddb = mockClient(client);

const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item ? { Item: item as never } : {}) });
const transactionCancelled = () =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });

beforeEach(() => ddb.reset());

describe('message statuses (status ranking)', () => {
  const delivered = { wamid: 'wamid.A', status: 'delivered', at: '2026-01-01T00:00:05.000Z', eumMessageId: 'eum-1' };
  const sent = { ...delivered, status: 'sent', at: '2026-01-01T00:00:04.000Z' };
  const stored = (rank: number, extra: Record<string, unknown> = {}) =>
    conditionFailed({ pk: { S: keys.message('eum-1') }, direction: { S: 'OUTBOUND' }, statusRank: { N: String(rank) }, ...extra } as never);

  it('an in-order status after the first is one conditional UpdateItem that relies on the alias written once', async () => {
    ddb.on(UpdateCommand).resolves({});

    expect(await applyStatus(delivered, db)).toBe('applied');

    expect(ddb.calls()).toHaveLength(1);
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.Key).toEqual({ pk: keys.message('eum-1') });
    expect(update.ConditionExpression).toContain('statusRank < :rank');
    expect(update.ConditionExpression).toContain('waMessageId = :wamid');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':status': 'delivered', ':rank': 20, ':wamid': 'wamid.A' });
  });

  it('the first status (sent) is one transaction that also writes the wamid alias', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    expect(await applyStatus(sent, db)).toBe('applied');

    expect(ddb.calls()).toHaveLength(1);
    const [update, alias] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update!.UpdateExpression).toContain('waMessageId = if_not_exists(waMessageId, :wamid)');
    expect(alias!.Put!.Item).toMatchObject({ pk: keys.messageAlias('wamid.A'), targetPk: keys.message('eum-1') });
  });

  it('a status that does not outrank the stored one only records its history, never the status', async () => {
    ddb.on(UpdateCommand).rejectsOnce(stored(30, { waMessageId: { S: 'wamid.A' } })).resolves({});

    expect(await applyStatus(delivered, db)).toBe('stale');

    const history = ddb.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(history.UpdateExpression).not.toMatch(/#status|statusRank =/);
    expect(history.UpdateExpression).toContain('#timeAttr = if_not_exists(#timeAttr, :at)');
    expect(history.ConditionExpression).toContain('statusRank >= :rank');
    expect(history.ExpressionAttributeNames).toEqual({ '#timeAttr': 'deliveredAt' });
  });

  it('a status that outranks the stored one but finds no alias yet writes it with the status', async () => {
    ddb.on(UpdateCommand).rejects(stored(10));
    ddb.on(TransactWriteCommand).resolves({});

    expect(await applyStatus(delivered, db)).toBe('applied');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('a status whose message is not stored yet is kept as pending (with a TTL), in one transaction that checks the send is still missing', async () => {
    ddb.on(UpdateCommand, { Key: { pk: keys.message('eum-1') } }).rejects(conditionFailed());
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand).resolves({});

    expect(await applyStatus(delivered, db)).toBe('pending');

    const [keep, check] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const pending = keep!.Update!;
    expect(pending.Key).toEqual({ pk: keys.pendingStatus('eum-1') });
    expect(pending.ExpressionAttributeNames).toEqual({ '#s': 'status_delivered', '#ttl': 'ttl' });
    expect(pending.ExpressionAttributeValues![':event']).toEqual(delivered);
    expect(pending.ExpressionAttributeValues![':ttl']).toBeGreaterThan(Date.now() / 1000);
    expect(check!.ConditionCheck).toMatchObject({ Key: { pk: keys.message('eum-1') }, ConditionExpression: 'attribute_not_exists(pk)' });
    // Only a look for a message migrated from the seed (stored under its wamid); nothing to re-read afterwards.
    const gets = ddb.commandCalls(GetCommand).map((c) => c.args[0].input);
    expect(gets).toHaveLength(1);
    expect(gets[0]).toMatchObject({ Key: { pk: keys.message(delivered.wamid) }, ConsistentRead: true });
  });

  it('errors other than a failed condition propagate', async () => {
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(applyStatus(delivered, db)).rejects.toThrow('ProvisionedThroughputExceeded');
  });
});

describe('conversation unread count', () => {
  const inbound = {
    conversationPk: keys.conversation('arn:phone', '15550001'),
    phone: { arn: 'arn:phone' },
    customer: '15550001',
    wamid: 'wamid.B',
    at: '2026-01-01T00:00:10.000Z',
    preview: 'hello',
    type: 'text',
    isNew: true,
  };
  beforeEach(() => forgetKnownConversations());

  it('a newer message is one update: it becomes the last message, counts once and joins the dedupe window', async () => {
    ddb.on(UpdateCommand).resolves({});

    await recordInboundOnConversation(inbound, db);

    expect(ddb.calls()).toHaveLength(1);
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.UpdateExpression).toContain('lastMessage = :preview');
    expect(input.UpdateExpression).toContain('ADD unreadCount :one, unreadKeys :keys');
    expect(input.ExpressionAttributeValues![':keys']).toEqual(new Set([unreadKey('wamid.B')]));
    expect(input.ConditionExpression).toContain('readUpTo < :at');
    expect(input.ConditionExpression).toContain('NOT contains(unreadKeys, :key)');
    expect(input.ConditionExpression).toContain('attribute_not_exists(unreadIds) AND attribute_not_exists(unreadIdsOld)');
    expect(input.ConditionExpression).toContain('size(unreadKeys) < :window');
  });

  it('the next message to a conversation this process wrote leaves its identity out, on condition that the item has it', async () => {
    ddb.on(UpdateCommand).resolves({});

    await recordInboundOnConversation(inbound, db);
    await recordInboundOnConversation({ ...inbound, wamid: 'wamid.C', at: '2026-01-01T00:00:11.000Z' }, db);

    const [first, next] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(first!.UpdateExpression).toContain('inboxPk = :inboxPk');
    expect(first!.ConditionExpression).not.toContain('attribute_exists(inboxPk)');
    expect(next!.UpdateExpression).not.toMatch(/itemType|inboxPk|phoneArn|customer|createdAt/);
    expect(next!.UpdateExpression).toContain('updatedAt = :now');
    expect(next!.UpdateExpression).toContain('ADD unreadCount :one, unreadKeys :keys');
    expect(next!.ConditionExpression).toContain('attribute_exists(inboxPk)');
    expect(next!.ConditionExpression).toContain('NOT contains(unreadKeys, :key)');
  });

  it('a message that names the phone differently from the full write (its WABA id now known) writes the identity again', async () => {
    ddb.on(UpdateCommand).resolves({});

    await recordInboundOnConversation(inbound, db);
    await recordInboundOnConversation({ ...inbound, phone: { arn: 'arn:phone', wabaId: 'waba-1' }, wamid: 'wamid.E', at: '2026-01-01T00:00:13.000Z' }, db);

    const next = ddb.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(next.UpdateExpression).toContain('wabaId = :wabaId');
    expect(next.UpdateExpression).toContain('inboxPk = :inboxPk');
  });

  it('a known conversation whose item lacks its identity is written in full', async () => {
    ddb.on(UpdateCommand).resolves({});
    await recordInboundOnConversation(inbound, db);
    ddb.reset();
    // The item as it is now: no inboxPk (an older message, so the short update's other conditions held).
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed({ lastMessageAt: { S: '2026-01-01T00:00:01.000Z' } })).resolves({});

    await recordInboundOnConversation({ ...inbound, wamid: 'wamid.D', at: '2026-01-01T00:00:12.000Z' }, db);

    const [short, full] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(short!.ConditionExpression).toContain('attribute_exists(inboxPk)');
    expect(full!.UpdateExpression).toContain('inboxPk = :inboxPk');
    expect(full!.ConditionExpression).not.toContain('attribute_exists(inboxPk)');
  });

  it('an older message sent after the read point is counted without taking the newer message\'s place', async () => {
    // DynamoDB returns the old item of a failed condition as raw attribute values.
    const old = { lastMessageAt: { S: '2026-01-01T00:00:20.000Z' }, lastInboundAt: { S: '2026-01-01T00:00:20.000Z' }, readUpTo: { S: '2026-01-01T00:00:05.000Z' } };
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed(old)).resolves({});

    await recordInboundOnConversation(inbound, db);

    const late = ddb.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(late.UpdateExpression).toContain('ADD unreadCount :one, unreadKeys :keys');
    expect(late.UpdateExpression).not.toMatch(/lastMessage|updatedAt|lastInbound|windowExpiresAt/);
    expect(late.ConditionExpression).toContain('(attribute_not_exists(readUpTo) OR readUpTo < :at)');
    expect(late.ConditionExpression).not.toMatch(/lastMessageAt|lastInboundAt/);
  });

  it('an inbound message older than the last (outbound) message still opens the window if it is the newest inbound', async () => {
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed({ lastMessageAt: { S: '2026-01-01T00:00:20.000Z' }, lastInboundAt: { S: '2026-01-01T00:00:01.000Z' } })).resolves({});

    await recordInboundOnConversation(inbound, db);

    const late = ddb.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(late.UpdateExpression).toContain('lastInboundAt = :at');
    expect(late.UpdateExpression).toContain('windowExpiresAt = :windowEnd');
    expect(late.UpdateExpression).not.toMatch(/lastMessage/);
    expect(late.ConditionExpression).toContain('lastInboundAt < :at');
  });

  it('a late message the business already read past changes nothing', async () => {
    // DynamoDB returns the old item of a failed condition as raw attribute values.
    ddb.on(UpdateCommand).rejects(conditionFailed({ readUpTo: { S: '2026-01-01T00:00:30.000Z' }, lastInboundAt: { S: '2026-01-01T00:00:30.000Z' }, lastMessageAt: { S: '2026-01-01T00:00:30.000Z' } }));

    await recordInboundOnConversation(inbound, db);

    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('a redelivery of a message already in the window changes nothing more', async () => {
    const old = { lastMessageAt: { S: inbound.at }, lastInboundAt: { S: inbound.at }, unreadKeys: { SS: [unreadKey('wamid.B')] }, unreadCount: { N: '1' } };
    ddb.on(UpdateCommand).rejects(conditionFailed(old));

    await recordInboundOnConversation({ ...inbound, isNew: false, storedAt: '2026-01-01T00:00:11.000Z' }, db);

    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('a window kept as whole wamids (an item from before the keys) is moved to keys, and its ids still count as counted', async () => {
    const old = { lastMessageAt: { S: inbound.at }, lastInboundAt: { S: inbound.at }, unreadIds: { SS: ['wamid.B', 'wamid.A'] }, unreadIdsOld: { SS: ['wamid.0'] }, unreadCount: { N: '3' } };
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed(old)).resolves({});

    await recordInboundOnConversation({ ...inbound, isNew: false, storedAt: '2026-01-01T00:00:11.000Z' }, db);

    const [, convert, ...rest] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(rest).toHaveLength(0); // recorded under the old form: nothing counted again
    expect(convert!.UpdateExpression).toBe('ADD unreadKeys :curKeys, unreadKeysOld :oldKeys DELETE unreadIds :curIds, unreadIdsOld :oldIds');
    expect(convert!.ExpressionAttributeValues).toEqual({
      ':curKeys': new Set([unreadKey('wamid.B'), unreadKey('wamid.A')]),
      ':curIds': new Set(['wamid.B', 'wamid.A']),
      ':oldKeys': new Set([unreadKey('wamid.0')]),
      ':oldIds': new Set(['wamid.0']),
    });
  });

  it('a wamid\'s key is 12 base64url characters, the same for the same wamid, different for another', () => {
    expect(unreadKey('wamid.B')).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(unreadKey('wamid.B')).toBe(unreadKey('wamid.B'));
    expect(unreadKey('wamid.B')).not.toBe(unreadKey('wamid.C'));
  });

  it('a full window generation moves to unreadKeysOld when the next message counts', async () => {
    const full = Array.from({ length: UNREAD_WINDOW }, (_, i) => unreadKey(`wamid.${i}`));
    const old = { lastMessageAt: { S: '2026-01-01T00:00:09.000Z' }, lastInboundAt: { S: '2026-01-01T00:00:09.000Z' }, unreadKeys: { SS: full }, unreadCount: { N: String(UNREAD_WINDOW) } };
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed(old)).resolves({});

    await recordInboundOnConversation(inbound, db);

    const rotate = ddb.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(rotate.UpdateExpression).toContain('unreadKeysOld = unreadKeys, unreadKeys = :keys');
    expect(rotate.UpdateExpression).toContain('ADD unreadCount :one');
    expect(rotate.ConditionExpression).toContain('size(unreadKeys) >= :window');
  });
});

describe('which deliveries count as unread (decideInbound)', () => {
  const at = '2026-01-01T00:10:00.000Z';
  const m = { wamid: 'wamid.X', at, isNew: false, storedAt: '2026-01-01T00:10:01.000Z' };
  const rotatedAt = (secondsAfterStore: number) => new Date(Date.parse(m.storedAt) + secondsAfterStore * 1000).toISOString();

  it('counts a first delivery even when the window has moved on since', () => {
    expect(decideInbound({ ...m, isNew: true }, { unreadWindowSince: rotatedAt(300) }).count).toBe(true);
  });

  it('counts a redelivery the window would hold if it had been counted (its first delivery stopped halfway)', () => {
    expect(decideInbound(m, { unreadWindowSince: rotatedAt(-300) }).count).toBe(true);
    expect(decideInbound(m, {}).count).toBe(true);
  });

  it('takes the stored message as proof of counting once the window may have dropped its id', () => {
    expect(decideInbound(m, { unreadWindowSince: rotatedAt(300) }).count).toBe(false);
    // Within the clock-skew margin the window cannot be trusted either.
    expect(decideInbound(m, { unreadWindowSince: rotatedAt(-2) }).count).toBe(false);
  });

  it('never counts an id in either generation (as a key, or as a whole wamid from before the keys), or a message the business read past', () => {
    expect(decideInbound(m, { unreadKeysOld: new Set([unreadKey('wamid.X')]) }).count).toBe(false);
    expect(decideInbound({ ...m, isNew: true }, { unreadKeys: new Set([unreadKey('wamid.X')]) }).count).toBe(false);
    expect(decideInbound(m, { unreadIdsOld: new Set(['wamid.X']) }).count).toBe(false);
    expect(decideInbound({ ...m, isNew: true }, { unreadIds: new Set(['wamid.X']) }).count).toBe(false);
    expect(decideInbound({ ...m, isNew: true }, { readUpTo: at }).count).toBe(false);
  });
});

describe('auto-reply slot', () => {
  it('is claimed once: a failed condition means someone else answered or wrote in the last 24 hours', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejects(conditionFailed());
    const pk = keys.conversation('arn:phone', '15550001');

    expect(await claimAutoReply(pk, '2026-01-02T00:00:00.000Z', db)).toBe(true);
    expect(await claimAutoReply(pk, '2026-01-02T00:00:01.000Z', db)).toBe(false);

    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({
      ':now': '2026-01-02T00:00:00.000Z',
      ':dayAgo': '2026-01-01T00:00:00.000Z',
    });
  });
});

describe('call events (event merge)', () => {
  const ringing = {
    callId: 'call-1',
    owner: { wabaId: 'waba-1', phoneArn: 'arn:phone', phoneNumberId: 'phone-number-id-1' },
    eventId: 'ev-1',
    at: '2026-01-01T00:00:00.000Z',
    value: { id: 'call-1', event: 'connect' },
    event: 'connect',
    direction: 'USER_INITIATED',
  };

  it('a new event moves the status forward and joins the history in one update', async () => {
    ddb.on(UpdateCommand).resolves({});

    expect(await recordCallEvent(ringing, db)).toBe('applied');

    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.Key).toEqual({ pk: keys.call('call-1') });
    expect(Object.values(input.ExpressionAttributeValues!)).toContain('CONNECTING');
    // Not yet held (in either generation of ids), within the item's bounds, and newer than the state there.
    expect(input.ConditionExpression).toMatch(/^NOT contains\(#n\d+, :v\d+\) AND NOT contains\(#n\d+, :v\d+\) AND .* AND \(attribute_not_exists\(#n\d+\) OR #n\d+ < :v\d+\)$/);
    expect(input.UpdateExpression).toMatch(/ADD #n\d+ :v\d+, #n\d+ :v\d+, #n\d+ :v\d+$/);
  });

  it('a redelivered event is a duplicate: the item already holds its id, so nothing is written again', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed({ eventIds: { SS: ['ev-1'] } }));

    expect(await recordCallEvent(ringing, db)).toBe('duplicate');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('an event older than the stored status lands in the history only', async () => {
    const withinBounds = { eventIds: { SS: ['ev-0'] }, eventIdsSince: { S: new Date().toISOString() }, history: { L: [] }, historyBytes: { N: '10' } };
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed(withinBounds)).resolves({});

    expect(await recordCallEvent(ringing, db)).toBe('history-only');

    const second = ddb.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(Object.values(second.ExpressionAttributeNames!)).not.toContain('status');
    expect(second.ConditionExpression).not.toContain('statusRank');
  });
});
