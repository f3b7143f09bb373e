import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES, parseSendToken, sendToken, withSendToken } from '../../shared/table/send-attempts';

/** The token a send under an idempotency key carries in biz_opaque_callback_data (shared/table/send-attempts.ts). */
const RECORD = 'IDEMPOTENCY#n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

describe('send tokens', () => {
  it('name the key record and the attempt, and read back from what Meta echoes', () => {
    const token = sendToken(RECORD, 2);
    expect(token).toBe('sendonce:v1:2:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=');
    expect(parseSendToken(token)).toEqual({ recordPk: RECORD, attempt: 2 });
    expect(parseSendToken(`${token}|the caller's own data`)).toEqual({ recordPk: RECORD, attempt: 2 });
  });

  it("ignore callback data that is not ours, without a request's worth of work", () => {
    for (const other of [undefined, 42, '', 'order-123', 'sendonce:v1:x:abc', `sendonce:v1:1:${'a'.repeat(10)}`, `sendonce:v1:1:${RECORD.slice(12)}trailing`]) {
      expect(parseSendToken(other), String(other)).toBeUndefined();
    }
  });

  it("keep a caller's own value after a '|', and ride only when both fit in Meta's 512 bytes", () => {
    const token = sendToken(RECORD, 1);
    expect(withSendToken(undefined, token)).toBe(token);
    expect(withSendToken('order-123', token)).toBe(`${token}|order-123`);
    const room = CALLBACK_DATA_MAX_BYTES - token.length - 1;
    expect(withSendToken('x'.repeat(room), token)).toHaveLength(CALLBACK_DATA_MAX_BYTES);
    expect(withSendToken('x'.repeat(room + 1), token)).toBeUndefined();
  });
});
