import { describe, expect, it } from 'vitest';
import { isRetryableMetaError, metaErrorHint, metaErrorTitle } from '../../shared/whatsapp/meta-errors';

describe('Meta error codes', () => {
  it('rate limits and transient faults are retryable', () => {
    for (const code of [130429, 131056, 131000, 131016, 1, 2]) expect(isRetryableMetaError(code), String(code)).toBe(true);
  });

  it('errors a retry cannot fix are not', () => {
    for (const code of [131047, 131026, 131051, 132000, 132001, 131008, 131009, 131050]) expect(isRetryableMetaError(code), String(code)).toBe(false);
  });

  it('an unknown code is not retryable and has no hint', () => {
    expect(isRetryableMetaError(999999)).toBe(false);
    expect(metaErrorHint(999999)).toBeUndefined();
  });

  it('common codes say what to do', () => {
    expect(metaErrorHint(131047)).toContain('send_template');
    expect(metaErrorHint(132001)).toContain('language');
    expect(metaErrorTitle(131026)).toBe('Message undeliverable');
  });
});
