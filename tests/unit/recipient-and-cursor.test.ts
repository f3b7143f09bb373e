import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { cursorScopes, decodeCursor, encodeCursor } from '../../shared/table/pagination';
import { recipientFields, recipientKey, recipientSchema } from '../../shared/whatsapp/recipient';
import { statusRank } from '../../shared/table/status-rank';

describe('recipients', () => {
  it.each([
    ['+15551234567', { to: '+15551234567' }, '15551234567'],
    ['15551234567', { to: '+15551234567' }, '15551234567'],
    ['+1 (555) 123-4567', { to: '+15551234567' }, '15551234567'],
    ['US.26852818834383302', { recipient: 'US.26852818834383302' }, 'US.26852818834383302'],
  ])('%s is addressed as %j and keyed %s', (input, fields, key) => {
    const r = recipientSchema.parse(input);
    expect(recipientFields(r)).toEqual(fields);
    expect(recipientKey(r)).toBe(key);
  });

  it.each(['', 'hello', '+0123', '12345', '+1234567890123456'])('%j is refused', (input) => {
    expect(recipientSchema.safeParse(input).success).toBe(false);
  });
});

describe('cursors', () => {
  const conv = 'CONV#arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/abc#15551234567';
  const scope = cursorScopes.messages(conv);
  const key = { pk: 'MSG#wamid.x', conversationPk: conv, receivedAt: '2026-01-01T00:00:00.000Z' };
  const refusal = (act: () => unknown): string => {
    try {
      act();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).problems[0]!.field).toBe('cursor');
      return (err as ValidationError).problems[0]!.reason;
    }
    return expect.unreachable() as never;
  };

  it('round-trip DynamoDB keys within their own list', () => {
    expect(decodeCursor(encodeCursor(scope, key), scope)).toEqual(key);
    expect(decodeCursor(undefined, scope)).toBeUndefined();
  });

  it('refuse garbage, another list, another partition and edited keys with a 400 on the cursor field', () => {
    expect(refusal(() => decodeCursor('not-a-cursor', scope))).toMatch(/not a cursor/);
    const other = cursorScopes.messages(conv.replace('15551234567', '15550000000'));
    expect(refusal(() => decodeCursor(encodeCursor(other, { ...key, conversationPk: other.partition }), scope))).toMatch(/another get_messages list/);
    const inbox = cursorScopes.conversations('arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/abc');
    expect(refusal(() => decodeCursor(encodeCursor(inbox, key), scope))).toMatch(/belongs to get_conversations/);
    expect(refusal(() => decodeCursor(encodeCursor(scope, { ...key, extra: 1 }), scope))).toMatch(/altered/);
    expect(refusal(() => decodeCursor(encodeCursor(scope, { ...key, pk: 'CONV#other' }), scope))).toMatch(/altered/);
    expect(refusal(() => decodeCursor(encodeCursor(scope, { ...key, receivedAt: 42 }), scope))).toMatch(/altered/);
  });
});

describe('status rank', () => {
  it('moves sent < failed < delivered < read < played, so a late delivered never lowers read', () => {
    const order = ['accepted', 'sent', 'failed', 'delivered', 'read', 'played'].map(statusRank);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(statusRank('warning')).toBe(0);
  });
});
