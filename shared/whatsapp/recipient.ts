import * as z from '../zod';
import { BSUID_PATTERN as BSUID } from './schemas/ids';

const PHONE = /^\+?[1-9]\d{6,14}$/;

export type Recipient = { kind: 'phone'; digits: string } | { kind: 'bsuid'; userId: string };

export const recipientSchema = z.pipe(z.string().check(
  z.trim(),
  z.minLength(1, 'required'),
  z.maxLength(140, 'at most 140 characters'),
), z.transform((raw, ctx): Recipient => {
    const compact = raw.replace(/[\s().-]/g, '');
    if (PHONE.test(compact)) return { kind: 'phone', digits: compact.replace(/^\+/, '') };
    if (BSUID.test(raw)) return { kind: 'bsuid', userId: raw };
    z.addIssue(ctx, {
      message: 'must be an E.164 number (+15551234567), a wa_id (15551234567) or a business-scoped user id (US.1234…)',
    });
    return z.NEVER;
  })).check(
  z.describe('E.164 number, wa_id, or business-scoped user id'),
);

/** The key a customer has in conversation ids: wa_id digits, or the BSUID. */
export const recipientKey = (r: Recipient): string => (r.kind === 'phone' ? r.digits : r.userId);

/** Meta's addressing fields: `to` for a number, `recipient` for a BSUID. */
export const recipientFields = (r: Recipient): Record<string, string> =>
  r.kind === 'phone' ? { to: `+${r.digits}` } : { recipient: r.userId };
