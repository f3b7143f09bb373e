import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { graphCall } from '../../shared/graph/client';
import { graphTarget, type GraphTarget } from '../../shared/graph/target';
import { saveCallSettings } from '../../shared/table/call-settings';
import { senderFields } from '../../shared/whatsapp/schema-helpers';

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3])[0-5]\d$/, 'must be HHMM (24-hour), e.g. 0900'));

const callHours = z.object({
    enabled: z.boolean(),
    timezone: z.optional(z.string().check(z.minLength(1), z.maxLength(64))).check(
      z.describe('IANA time zone id, e.g. Europe/Berlin'),
    ),
    weekly: z._default(z.array(z.object({ day: z.enum(DAYS), open: hhmm, close: hhmm }).check(
        z.refine((h) => h.open < h.close, { message: 'open must be before close', path: ['close'] }),
      )).check(
      z.maxLength(14, 'at most 2 ranges per day'),
    ), []),
    holidays: z.optional(z.array(z.object({ date: z.iso.date(), start: hhmm, end: hhmm })).check(
      z.maxLength(20, 'at most 20 holidays (Meta limit)'),
    )),
  }).check(
  z.refine((h) => !h.enabled || h.timezone, { message: 'required when call hours are enabled', path: ['timezone'] }),
);

async function readSettings(t: GraphTarget) {
  const out = await graphCall<{ calling?: Record<string, unknown> }>({ wabaId: t.wabaId, path: `${t.metaPhoneNumberId}/settings` });
  const calling = out.calling ?? {};
  const syncedAt = await saveCallSettings({ wabaId: t.wabaId, metaPhoneNumberId: t.metaPhoneNumberId, phoneNumberId: t.phone.phoneNumberId }, calling);
  return { metaWabaId: t.wabaId, phoneNumberId: t.phone.phoneNumberId, calling, syncedAt };
}

export const getCallSettings = defineAction({
  category: 'calling',
  name: 'get_call_settings',
  description: "The business number's calling settings (on/off, icon visibility, call hours, callback permission), live from Graph.",
  input: z.object({ ...senderFields }),
  handler: async (input) => readSettings(await graphTarget(input)),
});

export const updateCallSettings = defineAction({
  category: 'calling',
  name: 'update_call_settings',
  description:
    'Turns calling on or off and sets icon visibility, call hours and callback permission (Graph /settings). Changes reach WhatsApp clients within 7 days.',
  input: z.object({
      enabled: z.optional(z.boolean()).check(z.describe('Calling on (ENABLED) or off')),
      iconVisibility: z.optional(z.enum(['DEFAULT', 'DISABLE_ALL'])).check(
        z.describe('DISABLE_ALL hides the call icon (call buttons still work)'),
      ),
      callbackPermission: z.optional(z.boolean()).check(z.describe('Ask callers for permission to call them back')),
      callHours: z.optional(callHours),
      ...senderFields,
    }).check(
    z.refine((v) => v.enabled !== undefined || v.iconVisibility || v.callbackPermission !== undefined || v.callHours, {
        message: 'give at least one of enabled, iconVisibility, callbackPermission, callHours',
        path: ['enabled'],
      }),
  ),
  handler: async (input) => {
    const t = await graphTarget(input);
    const h = input.callHours;
    const calling = {
      ...(input.enabled !== undefined ? { status: input.enabled ? 'ENABLED' : 'DISABLED' } : {}),
      ...(input.iconVisibility ? { call_icon_visibility: input.iconVisibility } : {}),
      ...(input.callbackPermission !== undefined ? { callback_permission_status: input.callbackPermission ? 'ENABLED' : 'DISABLED' } : {}),
      ...(h
        ? {
            call_hours: {
              status: h.enabled ? 'ENABLED' : 'DISABLED',
              ...(h.timezone ? { timezone_id: h.timezone } : {}),
              weekly_operating_hours: h.weekly.map((w) => ({ day_of_week: w.day, open_time: w.open, close_time: w.close })),
              // Omitting holiday_schedule erases it at Meta: send it only when the caller gave one.
              ...(h.holidays ? { holiday_schedule: h.holidays.map((d) => ({ date: d.date, start_time: d.start, end_time: d.end })) } : {}),
            },
          }
        : {}),
    };
    await graphCall({ wabaId: t.wabaId, method: 'POST', path: `${t.metaPhoneNumberId}/settings`, json: { calling } });
    return { ...(await readSettings(t)), updated: Object.keys(calling) };
  },
});
