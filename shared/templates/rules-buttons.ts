import type { FieldProblem } from '../errors';
import type { TemplateButton } from './definition';
import { variablesOf } from './variables';

/**
 * Meta's rules for a BUTTONS component (reference/meta-templates-flows-graph.md §1.4). ORDER_DETAILS (the checkout
 * button that send_checkout_template fills with Meta's order_details, §3.7) is not in the reference's button table,
 * so only what holds for every button is checked for it (its label) plus one rule of ours: at most one per template,
 * because a send carries one order. No category limit or fixed label is enforced: the reference states none.
 */

const MAX_PER_TYPE: Record<string, number> = { URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1, OTP: 1, CATALOG: 1, MPM: 1, SPM: 1, VOICE_CALL: 1, ORDER_DETAILS: 1 };
const MARKETING_ONLY = new Set(['CATALOG', 'MPM', 'SPM']);
const chars = (s: string) => [...s].length;

type Report = (field: string, reason: string) => void;

function label(b: TemplateButton, at: string, report: Report): void {
  if (b.type === 'OTP' || b.type === 'COPY_CODE') return; // Meta's fixed labels
  if (!b.text) report(`${at}.text`, `BUTTONS: a ${b.type} button needs its text`);
  else if (chars(b.text) > 25) report(`${at}.text`, `BUTTONS: ${b.type} button text is at most 25 characters (Meta limit)`);
}

function urlButton(b: TemplateButton, at: string, report: Report): void {
  if (!b.url) return report(`${at}.url`, 'BUTTONS: a URL button needs its url');
  if (!/^https?:\/\/[^\s]+$/.test(b.url)) report(`${at}.url`, 'BUTTONS: url must be an http(s) URL');
  if (chars(b.url) > 2000) report(`${at}.url`, 'BUTTONS: url is at most 2000 characters (Meta limit)');
  const vars = variablesOf(b.url);
  if (vars.tokens.length > 1) report(`${at}.url`, 'BUTTONS: a URL may hold one variable, at its end (Meta rule)');
  else if (vars.tokens.length === 1) {
    if (!/\{\{[^{}]+\}\}$/.test(b.url)) report(`${at}.url`, 'BUTTONS: the URL variable must be at the end of the URL (Meta rule)');
    const example = Array.isArray(b.example) ? b.example[0] : b.example;
    if (!example) report(`${at}.example`, 'BUTTONS: a URL with a variable needs an example (the full URL with a sample value)');
  }
}

function otpButton(b: TemplateButton, at: string, report: Report): void {
  if (!b.otp_type) return report(`${at}.otp_type`, 'BUTTONS: an OTP button needs otp_type COPY_CODE, ONE_TAP or ZERO_TAP');
  if (b.autofill_text && chars(b.autofill_text) > 25) report(`${at}.autofill_text`, 'BUTTONS: autofill_text is at most 25 characters');
  if (b.otp_type === 'COPY_CODE') return;
  const apps = b.supported_apps ?? [];
  if (apps.length === 0 || apps.length > 5) report(`${at}.supported_apps`, `BUTTONS: a ${b.otp_type} button needs 1 to 5 supported_apps (Android package name and signature hash)`);
  apps.forEach((app, k) => {
    if (!app.package_name || chars(app.package_name) > 224) report(`${at}.supported_apps.${k}.package_name`, 'BUTTONS: package_name is required, at most 224 characters');
    if (!/^[A-Za-z0-9+/=]{11}$/.test(app.signature_hash)) report(`${at}.supported_apps.${k}.signature_hash`, 'BUTTONS: signature_hash is exactly 11 characters of A-Z, a-z, 0-9, +, / or =');
  });
  if (b.otp_type === 'ZERO_TAP' && b.zero_tap_terms_accepted !== true) {
    report(`${at}.zero_tap_terms_accepted`, 'BUTTONS: a ZERO_TAP button needs zero_tap_terms_accepted: true');
  }
}

function typeSpecific(b: TemplateButton, at: string, report: Report): void {
  if (b.type === 'URL') urlButton(b, at, report);
  else if (b.type === 'PHONE_NUMBER') {
    if (!b.phone_number || !/^\+?[0-9]{1,20}$/.test(b.phone_number)) report(`${at}.phone_number`, 'BUTTONS: phone_number is required: digits with an optional +, at most 20');
  } else if (b.type === 'COPY_CODE') {
    const example = Array.isArray(b.example) ? b.example[0] : b.example;
    if (!example || !/^[A-Za-z0-9]{1,15}$/.test(example)) report(`${at}.example`, 'BUTTONS: a COPY_CODE button needs an example code of 1-15 letters and digits');
  } else if (b.type === 'OTP') otpButton(b, at, report);
  else if (b.type === 'FLOW') {
    const refs = [b.flow_id, b.flow_name, b.flow_json].filter((r) => r !== undefined).length;
    if (refs !== 1) report(at, 'BUTTONS: a FLOW button needs exactly one of flow_id, flow_name or flow_json');
  }
}

/** Problems of one BUTTONS component at `path` (e.g. "components.2"). */
export function buttonProblems(buttons: TemplateButton[] | undefined, path: string, category: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const report: Report = (field, reason) => problems.push({ field, reason });
  const list = buttons ?? [];
  if (list.length === 0) return [{ field: `${path}.buttons`, reason: 'BUTTONS: at least 1 button' }];
  if (list.length > 10) report(`${path}.buttons`, 'BUTTONS: at most 10 buttons (Meta limit)');
  const counts = new Map<string, number>();
  list.forEach((b, i) => {
    const at = `${path}.buttons.${i}`;
    counts.set(b.type, (counts.get(b.type) ?? 0) + 1);
    const max = MAX_PER_TYPE[b.type];
    if (max !== undefined && counts.get(b.type) === max + 1) report(`${at}.type`, `BUTTONS: at most ${max} ${b.type} button${max > 1 ? 's' : ''} ${b.type === 'ORDER_DETAILS' ? '(a checkout send carries one order)' : '(Meta limit)'}`);
    if (category === 'AUTHENTICATION' && b.type !== 'OTP') report(`${at}.type`, 'BUTTONS: an AUTHENTICATION template has only its OTP button');
    if (category !== 'AUTHENTICATION' && b.type === 'OTP') report(`${at}.type`, 'BUTTONS: OTP buttons are for AUTHENTICATION templates only');
    if (category !== 'MARKETING' && MARKETING_ONLY.has(b.type)) report(`${at}.type`, `BUTTONS: ${b.type} buttons need category MARKETING`);
    label(b, at, report);
    typeSpecific(b, at, report);
  });
  if (category === 'AUTHENTICATION' && counts.get('OTP') !== 1) report(`${path}.buttons`, 'BUTTONS: an AUTHENTICATION template needs exactly one OTP button');
  // Quick replies must form one group (all before or all after the other buttons).
  const kinds = list.map((b) => (b.type === 'QUICK_REPLY' ? 'q' : 'o')).join('').replace(/(.)\1+/g, '$1');
  if (kinds.length > 2) report(`${path}.buttons`, 'BUTTONS: quick reply buttons must be grouped together, before or after the other buttons (Meta rule)');
  return problems;
}
