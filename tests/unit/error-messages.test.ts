import { InternalServiceException, ValidationException } from '@aws-sdk/client-socialmessaging';
import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, NotFoundError, PoisonRecordError, UpstreamError, ValidationError } from '../../shared/errors';
import { fromEumError } from '../../shared/eum/errors';

const catchIt = (fn: () => unknown): any => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

describe('error classes', () => {
  it('every class keeps the error underneath as `cause`', () => {
    const root = new Error('root');
    const errors = [
      new AppError('a', 500, {}, { cause: root }),
      new ValidationError([{ field: 'f', reason: 'r' }], undefined, { cause: root }),
      new NotFoundError('n', {}, { cause: root }),
      new ConflictError('c', {}, { cause: root }),
      new UpstreamError('u', 502, true, {}, { cause: root }),
      new PoisonRecordError('p', { cause: root }),
    ];
    for (const e of errors) expect(e.cause).toBe(root);
    expect(errors.map((e) => e.name)).toEqual(['AppError', 'ValidationError', 'NotFoundError', 'ConflictError', 'UpstreamError', 'PoisonRecordError']);
  });
});

describe('EUM Social errors', () => {
  it('a 5xx from EUM says what failed in our words; EUM\'s text stays in the cause', () => {
    const eum = new InternalServiceException({ message: 'Internal failure at arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/abc', $metadata: { attempts: 3 } });
    const err = catchIt(() => fromEumError(eum, 'SendWhatsAppMessage'));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.statusCode).toBe(502);
    expect(err.message).toBe('EUM Social SendWhatsAppMessage failed (InternalServiceException) (retryable: try again later)');
    expect(err.message).not.toContain('arn:aws');
    expect(err.details).toMatchObject({ retryable: true, upstream: 'eum-social', upstreamError: 'InternalServiceException', attempts: 3 });
    expect(err.cause).toBe(eum);
  });

  it('no answer at all (a reset socket or a timeout after the SDK\'s retries) is retryable: nothing says a later try fails', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: { attempts: 3, totalRetryDelay: 120 } });
    const err = catchIt(() => fromEumError(reset, 'GetWhatsAppMessageMedia'));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.statusCode).toBe(503);
    expect(err.details).toMatchObject({ retryable: true, upstreamError: 'Error', attempts: 3 });
  });

  it('below 500 the caller gets EUM\'s message as today: it is theirs to fix', () => {
    const eum = new ValidationException({ message: '(#131009) Parameter value is not valid', $metadata: {} });
    const err = catchIt(() => fromEumError(eum, 'SendWhatsAppMessage'));
    expect(err.statusCode).toBe(400);
    expect(err.message).toBe('EUM Social SendWhatsAppMessage failed: ValidationException: (#131009) Parameter value is not valid');
    expect(err.cause).toBe(eum);
  });
});
