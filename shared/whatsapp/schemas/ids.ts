import * as z from '../../zod';

/**
 * Bounded id and key schemas, one per id format the API takes. Every id ends up in a DynamoDB key (at most 2,048
 * bytes) or an AWS request, so each has a length bound below that and, where the format is known, its character
 * class: a caller who pastes the wrong thing gets a 400 naming the field, never a 500 from DynamoDB or S3.
 * New actions reuse these rather than `z.string().min(1)`.
 */

/** DynamoDB's partition key limit: the outer bound of anything that becomes part of a key. */
export const DYNAMODB_KEY_BYTES = 2048;

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** A non-empty id of at most `max` characters matching `pattern`; `what` says what was expected. */
export function idString(max: number, pattern: RegExp, what: string) {
  return z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `at most ${max} characters`),
    z.regex(pattern, `must be ${what}`),
  );
}

/** Meta's message id: `wamid.` and base64 (Meta's are about 60 characters; 256 leaves room). */
export const WAMID_PATTERN = /^wamid\.[A-Za-z0-9+/=_-]{1,250}$/;
export const wamidSchema = idString(256, WAMID_PATTERN, "a WhatsApp message id (wamid. followed by Meta's base64 id)").check(
  z.describe('wamid of a WhatsApp message'),
);

/** A message as callers name it: Meta's wamid, or the messageId a send returned (EUM's id). */
export const messageIdSchema = idString(256, /^[A-Za-z0-9._:+/=-]+$/, 'a wamid (wamid.…) or the messageId a send returned').check(
  z.describe('wamid.… or the messageId returned by a send'),
);

/** Meta's numeric ids (WABA, phone number, template, flow): Graph API ids are decimal strings. */
export const metaNumericId = (what: string) => idString(20, /^\d+$/, `${what} (digits only)`);

const ARN_PREFIX = 'arn:aws[a-z-]*:social-messaging:[a-z0-9-]{1,32}:\\d{12}';
const EUM_ID = '[0-9A-Za-z]{1,64}';

/** Meta's WABA id (digits), EUM's `waba-…` id, or its ARN: the three ways a WABA is named. */
export const metaWabaIdSchema = idString(
  200,
  new RegExp(`^(\\d{1,20}|waba-${EUM_ID}|${ARN_PREFIX}:waba/${EUM_ID})$`),
  "Meta's WABA id (digits), EUM's waba-… id, or its ARN",
);

export const PHONE_ARN_PATTERN = `${ARN_PREFIX}:phone-number-id/${EUM_ID}`;

/** EUM's `phone-number-id-…`, its ARN, or Meta's numeric phone number id. */
export const phoneNumberIdSchema = idString(
  200,
  new RegExp(`^(\\d{1,20}|phone-number-id-${EUM_ID}|${PHONE_ARN_PATTERN})$`),
  "EUM's phone-number-id-…, its ARN, or Meta's phone number id (digits)",
);

/** A business-scoped user id (BSUID): a country code, a dot, and Meta's alphanumeric id (e.g. US.26852818834383302). */
export const BSUID_PATTERN = /^[A-Z]{2}\.[0-9A-Za-z]{1,128}$/;

/** A customer as keys hold it: wa_id digits or a BSUID. */
const CUSTOMER_KEY = '(\\d{7,15}|[A-Z]{2}\\.[0-9A-Za-z]{1,128})';

/** `CONV#<phone ARN>#<customer>`, as get_conversations returns it. */
export const CONVERSATION_ID_PATTERN = new RegExp(`^CONV#${PHONE_ARN_PATTERN}#${CUSTOMER_KEY}$`);
export const conversationIdSchema = idString(400, CONVERSATION_ID_PATTERN, 'a conversationId (CONV#…) from get_conversations').check(
  z.describe('conversationId from get_conversations (CONV#<phone ARN>#<customer>)'),
);

/** Ids this API hands out itself (dead letters, keys): a UUID-like token. */
export const opaqueIdSchema = (what: string) => idString(128, /^[A-Za-z0-9._:-]+$/, what);

/** Free text that is not Meta-limited: bounded so it never outgrows an item, and free of control characters. */
export const boundedText = (max: number) =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `at most ${max} characters`),
    z.refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s), 'must not contain control characters'),
  );
