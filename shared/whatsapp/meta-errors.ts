/**
 * Meta's Cloud API error codes, as they arrive in `failed` statuses (statuses[].errors[].code) or in Meta's
 * synchronous refusals. Says whether sending the same message again later can succeed, and what to do.
 * Source: Meta's error-code reference (see ../shared/reference/eum-and-meta.md §6).
 */

interface MetaErrorInfo {
  title: string;
  retryable: boolean;
  hint: string;
}

const META_ERRORS: Record<number, MetaErrorInfo> = {
  // Transient: the same message can go through later (back off; Meta advises 4^n seconds for pair limits).
  1: { title: 'API unknown', retryable: true, hint: 'Transient Meta error; retry with backoff.' },
  2: { title: 'API service', retryable: true, hint: 'Meta service temporarily unavailable; retry with backoff.' },
  4: { title: 'Too many calls', retryable: true, hint: 'App call limit reached; slow down and retry later.' },
  80007: { title: 'Rate limit issues', retryable: true, hint: 'WABA rate limit reached; retry later.' },
  130429: { title: 'Rate limit hit', retryable: true, hint: 'Throughput of the phone number exceeded (80 msg/s by default); retry with backoff.' },
  131000: { title: 'Something went wrong', retryable: true, hint: 'Unknown Meta error; retry, and contact Meta support if it persists.' },
  131016: { title: 'Service unavailable', retryable: true, hint: 'Meta service temporarily unavailable; retry later.' },
  131056: { title: 'Pair rate limit hit', retryable: true, hint: 'Too many messages to this customer (about 1 every 6 s); wait and retry (4^n s backoff).' },
  131057: { title: 'Account in maintenance mode', retryable: true, hint: 'Throughput upgrade in progress; retry in a few minutes.' },
  133004: { title: 'Server temporarily unavailable', retryable: true, hint: 'Meta server unavailable; retry later.' },

  // Permanent for this message: fix something first.
  0: { title: 'AuthException', retryable: false, hint: 'Authentication failed: check the WABA link in EUM Social.' },
  10: { title: 'Permission denied', retryable: false, hint: 'The app lacks a permission, or the number is not allowed to send.' },
  190: { title: 'Access token expired', retryable: false, hint: 'Re-link the WABA in EUM Social.' },
  200: { title: 'Permission error', retryable: false, hint: 'The app lacks a permission for this call.' },
  368: { title: 'Temporarily blocked for policy violations', retryable: false, hint: 'The account is restricted; see WhatsApp Manager.' },
  130472: { title: "User's number is part of an experiment", retryable: false, hint: 'Meta is holding back marketing messages to this user; nothing to fix.' },
  130497: { title: 'Business account is restricted from messaging users in this country', retryable: false, hint: 'Meta does not allow messages to this country for this business.' },
  131005: { title: 'Access denied', retryable: false, hint: 'Permission not granted or revoked.' },
  131008: { title: 'Required parameter is missing', retryable: false, hint: 'The payload lacks a required field.' },
  131009: { title: 'Parameter value is not valid', retryable: false, hint: 'A field has an invalid value (e.g. an unknown or too old wamid).' },
  131021: { title: 'Recipient cannot be sender', retryable: false, hint: 'Send to a number other than the business number.' },
  131026: { title: 'Message undeliverable', retryable: false, hint: 'The recipient is not on WhatsApp, uses an old app, or has not accepted the terms.' },
  131031: { title: 'Account has been locked', retryable: false, hint: 'The business account is locked; see WhatsApp Manager.' },
  131037: { title: 'Display name approval needed', retryable: false, hint: 'The phone number display name is not approved yet.' },
  131042: { title: 'Business eligibility payment issue', retryable: false, hint: 'Fix the payment method of the WABA.' },
  131045: { title: 'Incorrect certificate', retryable: false, hint: 'The phone number is not registered correctly; re-register it.' },
  131047: { title: 'Re-engagement message', retryable: false, hint: 'More than 24 hours since the customer last wrote: send a template (send_template).' },
  131048: { title: 'Spam rate limit hit', retryable: false, hint: 'Messages were restricted for quality; check the quality rating before sending more.' },
  131049: { title: 'Meta chose not to deliver', retryable: false, hint: 'Per-user marketing limit; do not retry soon, try later or another approach.' },
  131050: { title: 'User stopped marketing messages', retryable: false, hint: 'The customer opted out of marketing messages.' },
  131051: { title: 'Unsupported message type', retryable: false, hint: 'Meta does not support this message type here.' },
  131052: { title: 'Media download error', retryable: false, hint: 'Inbound media could not be downloaded (e.g. over 100 MB); ask the customer to send it another way.' },
  131053: { title: 'Media upload error', retryable: false, hint: 'The media could not be uploaded: check its MIME type and size.' },
  132000: { title: 'Template parameter count mismatch', retryable: false, hint: 'Give exactly the parameters the approved template defines.' },
  132001: { title: 'Template does not exist', retryable: false, hint: 'Check the template name and language code (and that it is approved).' },
  132005: { title: 'Template hydrated text too long', retryable: false, hint: 'The body with its parameters exceeds 1024 characters; shorten the parameters.' },
  132007: { title: 'Template format character policy violated', retryable: false, hint: 'The template content breaks WhatsApp policy.' },
  132012: { title: 'Template parameter format mismatch', retryable: false, hint: 'A parameter has the wrong type or format for the template (e.g. media vs text).' },
  132015: { title: 'Template is paused', retryable: false, hint: 'The template was paused for low quality; edit it or use another.' },
  132016: { title: 'Template is disabled', retryable: false, hint: 'The template was disabled; use another.' },
  132018: { title: 'Template parameter issue', retryable: false, hint: 'A parameter has line breaks, tabs or more than 4 consecutive spaces.' },
  132068: { title: 'Flow is in blocked state', retryable: false, hint: 'Fix the Flow in WhatsApp Manager.' },
  132069: { title: 'Flow is in throttled state', retryable: false, hint: 'The Flow is throttled for errors; fix it before sending more.' },
  133010: { title: 'Phone number not registered', retryable: false, hint: 'Register the business phone number with the Cloud API.' },
  135000: { title: 'Generic user error', retryable: false, hint: 'Meta could not send the message; check the payload.' },
};

/** True when sending the same message later can succeed (throughput, pair rate, transient Meta faults). Unknown codes: false. */
export const isRetryableMetaError = (code: number): boolean => META_ERRORS[code]?.retryable ?? false;

/** What to do about a Meta error code, or undefined for codes not listed. */
export const metaErrorHint = (code: number): string | undefined => META_ERRORS[code]?.hint;

export const metaErrorTitle = (code: number): string | undefined => META_ERRORS[code]?.title;
