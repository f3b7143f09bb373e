import * as z from '../../shared/zod';

/** An SDP body (RFC 8866) starts with its version line; Meta rejects anything else. */
export const sdpField = z.string().check(
  z.maxLength(20_000, 'at most 20,000 characters'),
  z.refine((s) => s.startsWith('v=0'), 'must be an SDP (RFC 8866) starting with "v=0"'),
);
