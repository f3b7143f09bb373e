import * as z from '../../zod';
import { digestOf } from '../../table/digest';
import { recordGroupLifecycle, recordGroupSettings, recordParticipantEvent, type GroupOwner } from '../../table/groups';
import { isoFromUnixSeconds } from '../../time';
import { countEffect, phoneFromContext, type IngestContext } from '../context';
import { storeWebhookEvent } from '../webhook-event';

/**
 * The Groups API webhook fields: group_lifecycle_update (create / delete), group_participants_update (joins,
 * join requests, removals), group_settings_update (subject, description, photo), group_status_update (suspend).
 * Each `groups[]` entry folds into the GROUP item or a GROUP_PARTICIPANT item (table/groups.ts), once.
 */
export const GROUP_FIELDS = ['group_lifecycle_update', 'group_participants_update', 'group_settings_update', 'group_status_update'];

const GroupChange = z.lazy(() => z.looseObject({
  group_id: z.optional(z.string()),
  type: z.string(),
  timestamp: z.optional(z.union([z.string(), z.number()])),
  request_id: z.optional(z.string()),
  subject: z.optional(z.string()),
  description: z.optional(z.string()),
  invite_link: z.optional(z.string()),
  join_approval_mode: z.optional(z.string()),
  errors: z.optional(z.array(z.unknown())),
  reason: z.optional(z.string()),
  initiated_by: z.optional(z.string()),
  join_request_id: z.optional(z.string()),
  wa_id: z.optional(z.string()),
  added_participants: z.optional(z.array(z.looseObject({ wa_id: z.optional(z.string()), input: z.optional(z.string()) }))),
  removed_participants: z.optional(z.array(z.looseObject({ wa_id: z.optional(z.string()), input: z.optional(z.string()) }))),
  group_subject: z.optional(z.looseObject({ text: z.optional(z.string()), update_successful: z.optional(z.boolean()) })),
  group_description: z.optional(z.looseObject({ text: z.optional(z.string()), update_successful: z.optional(z.boolean()) })),
  profile_picture: z.optional(z.looseObject({ sha256: z.optional(z.string()), update_successful: z.optional(z.boolean()) })),
}));
type GroupChange = z.output<typeof GroupChange>;
const GroupsValue = z.lazy(() => z.looseObject({
  metadata: z.optional(z.looseObject({ phone_number_id: z.optional(z.string()), display_phone_number: z.optional(z.string()) })),
  groups: z.array(z.unknown()),
}));

const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '');

async function applyChange(ctx: IngestContext, field: string, owner: GroupOwner, raw: unknown, g: GroupChange & { group_id: string }): Promise<void> {
  const at = isoFromUnixSeconds(g.timestamp, new Date(ctx.eventAt));
  const base = { groupId: g.group_id, owner, at, type: g.type, value: raw as Record<string, unknown> };
  const eventId = digestOf(field, raw);
  if (g.type === 'group_create' || g.type === 'group_delete') {
    const failed = Boolean(g.errors?.length);
    await recordGroupLifecycle({
      ...base,
      eventId,
      requestId: g.request_id,
      subject: g.subject,
      description: g.description,
      inviteLink: g.invite_link,
      joinApprovalMode: g.join_approval_mode,
      failed,
      // A failed delete leaves the group as it was.
      ...(failed && g.type === 'group_delete' ? { status: 'ACTIVE' } : {}),
    });
  } else if (g.type === 'group_suspend' || g.type === 'group_suspend_cleared') {
    await recordGroupLifecycle({ ...base, eventId, status: g.type === 'group_suspend' ? 'SUSPENDED' : 'ACTIVE' });
  } else if (g.type === 'group_settings_update') {
    const ok = (x?: { update_successful?: boolean }) => x && x.update_successful !== false;
    const changes = {
      ...(ok(g.group_subject) && g.group_subject?.text !== undefined ? { subject: g.group_subject.text } : {}),
      ...(ok(g.group_description) && g.group_description?.text !== undefined ? { description: g.group_description.text } : {}),
      ...(ok(g.profile_picture) && g.profile_picture?.sha256 ? { photoSha256: g.profile_picture.sha256 } : {}),
    };
    await recordGroupSettings({ ...base, eventId, changes });
  } else if (g.type === 'group_participants_add' || g.type === 'group_participants_remove') {
    const list = g.type === 'group_participants_add' ? g.added_participants : g.removed_participants;
    for (const p of list ?? []) {
      const waId = digits(p.wa_id ?? p.input);
      if (!waId) continue;
      await recordParticipantEvent({ ...base, eventId: digestOf(field, raw, waId), waId, status: g.type === 'group_participants_add' ? 'JOINED' : 'REMOVED', initiatedBy: g.initiated_by });
    }
  } else if (g.type === 'group_join_request_created' || g.type === 'group_join_request_revoked') {
    const waId = digits(g.wa_id);
    if (waId) {
      await recordParticipantEvent({ ...base, eventId, waId, status: g.type === 'group_join_request_created' ? 'REQUESTED' : 'REQUEST_REVOKED', joinRequestId: g.join_request_id });
    }
  } else {
    await storeWebhookEvent(ctx, { field, value: raw, summary: `${field}: ${g.type} (not recognised), stored raw` });
    return;
  }
  countEffect(ctx, `group:${g.type}`);
}

export async function handleGroupEvent(ctx: IngestContext, field: string, value: unknown): Promise<void> {
  const v = GroupsValue.safeParse(value);
  if (!v.success) {
    await storeWebhookEvent(ctx, { field, value, summary: `${field}: no groups[], stored raw` });
    countEffect(ctx, 'webhookEvent');
    return;
  }
  const phone = phoneFromContext(ctx.env, v.data.metadata?.phone_number_id, v.data.metadata?.display_phone_number);
  const owner: GroupOwner = {
    wabaId: phone?.wabaId ?? ctx.entry.id,
    metaPhoneNumberId: phone?.metaPhoneNumberId ?? v.data.metadata?.phone_number_id ?? '',
    ...(phone ? { phoneArn: phone.arn, phoneNumberId: phone.phoneNumberId } : {}),
  };
  for (const raw of v.data.groups) {
    const g = GroupChange.safeParse(raw);
    if (!g.success || !g.data.group_id) {
      await storeWebhookEvent(ctx, { field, value: raw, summary: `${field}: group event without a group id, stored raw` });
      continue;
    }
    await applyChange(ctx, field, owner, raw, { ...g.data, group_id: g.data.group_id });
  }
}
