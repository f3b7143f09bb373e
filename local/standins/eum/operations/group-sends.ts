import { createHash } from 'node:crypto';
import type { EumContext } from '../context';
import type { WirePhoneNumber } from '../demo-account';
import { metaError, metadataFor, unixSeconds, type MetaMessagesValue, type MetaStatus, type MetaStatusName } from '../envelope';
import type { MetaErrorFault } from '../faults';
import type { OutboundMessage } from '../outbound-message';
import { EumError } from '../protocol';

/**
 * Messages to a WhatsApp group (`recipient_type: "group"`, `to: <group id>`), as Meta treats them: no 24-hour
 * customer-service window (that is a billing matter for groups), only text, media and templates, and statuses that
 * name the group: one `sent` for the group, then delivered and read per participant (`recipient_participant_id`),
 * several in one webhook (reference: meta-templates-flows-graph.md §3.5, eum-and-meta.md §3.3).
 */

/** Who is in a group, as the Graph stand-in knows it; undefined = no such group. */
export interface GroupDirectory {
  participantsOf(groupId: string): readonly string[] | undefined;
}

/** Meta's list for groups: text, media, text/media templates. Interactive, location, contacts… are refused at once. */
const GROUP_MESSAGE_TYPES = new Set(['text', 'image', 'video', 'audio', 'document', 'sticker', 'template']);
const LOOKS_LIKE_PHONE = /^[+\d\s().-]+$/;
const SIMULATED_PARTICIPANTS = 3;

export const isGroupSend = (payload: Record<string, unknown>): boolean => payload.recipient_type === 'group';

/** The synchronous refusals Meta gives a group send; undefined when it is accepted. */
export function groupSendRefusal(outbound: Extract<OutboundMessage, { kind: 'message' }>): EumError | undefined {
  if (outbound.to === undefined || LOOKS_LIKE_PHONE.test(outbound.to)) {
    return new EumError('ValidationException', '(#100) Invalid parameter: recipient_type "group" needs `to` to be a group id');
  }
  if (!GROUP_MESSAGE_TYPES.has(outbound.type)) {
    return new EumError('ValidationException', `(#100) Invalid parameter: messages of type ${outbound.type} cannot be sent to a group (only text, media and templates)`);
  }
  return undefined;
}

const UNKNOWN_GROUP: MetaErrorFault = { code: 131041, title: 'Unknown group', details: 'The group does not exist or the business is not in it.' };
const NO_PARTICIPANTS: MetaErrorFault = { code: 131020, title: 'Group has no participants', details: 'Nobody has joined the group yet; the business is its only member.' };

/**
 * The group's participants (phone digits): the Graph stand-in's when it is wired in, else a few made up from the
 * group id (stable, so repeated sends reach the same people). Or the error Meta reports when nobody can receive it.
 */
export function groupRecipients(ctx: EumContext, groupId: string): { participants: string[] } | { error: MetaErrorFault } {
  if (!ctx.groups) {
    const seed = createHash('sha256').update(groupId).digest();
    const participants = Array.from({ length: SIMULATED_PARTICIPANTS }, (_, i) => `1555${String(seed.readUInt32BE(i * 4) % 10_000_000).padStart(7, '0')}`);
    return { participants };
  }
  const known = ctx.groups.participantsOf(groupId);
  if (known === undefined) return { error: UNKNOWN_GROUP };
  if (known.length === 0) return { error: NO_PARTICIPANTS };
  return { participants: [...known] };
}

export interface GroupStatusInput {
  wamid: string;
  groupId: string;
  status: MetaStatusName;
  /** One status per participant (delivered, read); none = the group-level status (sent, failed). */
  participants?: string[];
  bizOpaqueCallbackData?: string;
  error?: MetaErrorFault;
}

/** Meta's `value` for a group message's status: the group as recipient, per participant when given. */
export function groupStatusValue(ctx: EumContext, phone: WirePhoneNumber, input: GroupStatusInput): MetaMessagesValue {
  const timestamp = unixSeconds();
  const base: MetaStatus & Record<string, unknown> = { id: input.wamid, status: input.status, timestamp, recipient_id: input.groupId, recipient_type: 'group' };
  if (input.bizOpaqueCallbackData !== undefined) base.biz_opaque_callback_data = input.bizOpaqueCallbackData;
  if (input.error) base.errors = [metaError(input.error)];
  const statuses = input.participants?.length ? input.participants.map((p) => ({ ...base, recipient_participant_id: p })) : [base];
  return { messaging_product: 'whatsapp', metadata: metadataFor({ account: ctx.account, phone }), statuses };
}
