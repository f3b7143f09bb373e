import * as z from 'zod';

/** An SDP body (RFC 8866) starts with its version line; Meta rejects anything else. */
export const sdpField = z
  .string()
  .max(20_000, 'at most 20,000 characters')
  .refine((s) => s.startsWith('v=0'), 'must be an SDP (RFC 8866) starting with "v=0"');
