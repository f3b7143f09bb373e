import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { decodeCursor, encodeCursor } from '../../shared/table/pagination';
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
  it('round-trip DynamoDB keys and refuse anything else with a 400 on the cursor field', () => {
    const key = { pk: 'CONV#x', receivedAt: '2026-01-01T00:00:00.000Z' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor(undefined)).toBeUndefined();
    try {
      decodeCursor('not-a-cursor');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).problems[0]!.field).toBe('cursor');
    }
  });
});

describe('status rank', () => {
  it('moves sent < failed < delivered < read < played, so a late delivered never lowers read', () => {
    const order = ['accepted', 'sent', 'failed', 'delivered', 'read', 'played'].map(statusRank);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(statusRank('warning')).toBe(0);
  });
});
