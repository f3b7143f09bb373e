import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { EumContext, EumRoutes } from '../context';
import { envelopeBody, newWamid, statusValue, type MetaMessagesValue, type MetaStatusName } from '../envelope';
import type { MetaErrorFault } from '../faults';
import { classifyMessage, decodeMessageBlob, type OutboundMessage } from '../outbound-message';
import { groupRecipients, groupSendRefusal, groupStatusValue, isGroupSend } from './group-sends';
import { EumError, findPhone, matchPattern, parseMembers } from '../protocol';
import type { PublishedStatus, RecordedSend } from '../state';

/**
 * SendWhatsAppMessage: answered with an EUM message id and followed, as on AWS, by Meta's status webhooks wrapped
 * in EUM's SNS envelope (sent, delivered, read; or one `failed` carrying Meta's error, e.g. 131047 for a free-form
 * message to a customer who has not written in the last 24 hours). Group sends (`recipient_type: "group"`) follow
 * Meta's group rules instead (group-sends.ts).
 */

const SendBody = z.object({ originationPhoneNumberId: z.string(), message: z.string(), metaApiVersion: z.string() });
const META_API_VERSION_PATTERN = /^v\d+\.\d+$/;

type MessageSend = RecordedSend & { wamid: string };

/** Meta's status `value` for a 1:1 send: the customer by phone digits or by business-scoped user id. */
function customerStatusValue(ctx: EumContext, send: MessageSend, status: MetaStatusName, metaError?: MetaErrorFault): MetaMessagesValue {
  const to = typeof send.message.to === 'string' && send.message.to !== '' ? send.message.to : undefined;
  return statusValue({
    account: ctx.account,
    phone: findPhone(ctx.account, 'originationPhoneNumberId', send.originationPhoneNumberId),
    wamid: send.wamid,
    status,
    recipientId: to,
    recipientUserId: to === undefined ? String(send.message.recipient) : undefined,
    bizOpaqueCallbackData: callbackData(send),
    errors: metaError ? [metaError] : undefined,
  });
}

const callbackData = (send: MessageSend): string | undefined =>
  typeof send.message.biz_opaque_callback_data === 'string' ? send.message.biz_opaque_callback_data : undefined;

/** Wraps one status value in EUM's envelope, records it and delivers it. EUM names its send only on a single status. */
async function publishStatus(ctx: EumContext, send: MessageSend, status: MetaStatusName, value: MetaMessagesValue): Promise<void> {
  const { account, state, deliver, log } = ctx;
  const phone = findPhone(account, 'originationPhoneNumberId', send.originationPhoneNumberId);
  const single = (value.statuses?.length ?? 0) === 1;
  const record: PublishedStatus = {
    messageId: send.messageId,
    wamid: send.wamid,
    status,
    body: envelopeBody({ field: 'messages', value, ...(single ? { messageId: send.messageId } : {}), account, phone }),
    publishedAt: new Date().toISOString(),
  };
  state.published.push(record);
  if (!deliver) return;
  try {
    await deliver(record.body);
    log(`published ${status} for ${send.messageId}`);
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
    log(`publishing ${status} for ${send.messageId} failed: ${record.error}`);
  }
}

/** What Meta answers, word for word, for a free-form message outside the customer-service window. */
export const REENGAGEMENT_ERROR: MetaErrorFault = {
  code: 131047,
  title: 'Re-engagement message',
  details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
};

/**
 * Meta refuses a template send at once when the template cannot be sent in that language: Meta's own words, relayed
 * by EUM as a ValidationException (as for every synchronous Meta refusal; meta-validators.ts). Only APPROVED
 * templates are sent; a PENDING or REJECTED one does not exist "in the translation" for Meta.
 */
function templateRefusal(ctx: EumContext, payload: Record<string, unknown>): EumError | undefined {
  const template = payload.template as { name?: unknown; language?: { code?: unknown } } | undefined;
  const name = String(template?.name ?? '');
  const code = String(template?.language?.code ?? '');
  const stored = ctx.state.templates.byNameAndLanguage(name, code);
  if (stored?.status === 'APPROVED') return undefined;
  if (stored?.status === 'PAUSED') {
    return new EumError('ValidationException', `(#132015) Template is Paused: template ${name} (${code}) is paused due to low quality so it cannot be sent in a template message`);
  }
  if (stored?.status === 'DISABLED') {
    return new EumError('ValidationException', `(#132016) Template is Disabled: template ${name} (${code}) has been paused too many times due to low quality and is now permanently disabled`);
  }
  return new EumError('ValidationException', `(#132001) Template name does not exist in the translation: template name (${name}) does not exist in ${code}`);
}

/** Why Meta will fail this accepted 1:1 message, if it will: an injected fault first, then the 24-hour window. */
function deliveryError(ctx: EumContext, outbound: Extract<OutboundMessage, { kind: 'message' }>): MetaErrorFault | undefined {
  const injected = ctx.state.faults.takeMetaError();
  if (injected) return injected;
  const customer = outbound.to ?? outbound.recipient ?? '';
  if (outbound.type !== 'template' && !ctx.state.windows.isOpen(customer)) return REENGAGEMENT_ERROR;
  return undefined;
}

/** The statuses Meta reports for an accepted 1:1 message, in order: sent, delivered, read; or one failed. */
function scheduleStatuses(ctx: EumContext, send: MessageSend, metaError: MetaErrorFault | undefined): void {
  const outcome: Array<() => Promise<void>> = metaError
    ? [() => publishStatus(ctx, send, 'failed', customerStatusValue(ctx, send, 'failed', metaError))]
    : (['sent', 'delivered', 'read'] as const).map((status) => () => publishStatus(ctx, send, status, customerStatusValue(ctx, send, status)));
  ctx.state.steps.run(ctx.statusDelayMs, outcome);
}

/**
 * A group message's statuses: `sent` once for the group, then `delivered` and `read` for every participant, each
 * batch in one webhook; or one `failed` (an injected fault, an unknown group, a group nobody has joined). No window.
 */
function scheduleGroupStatuses(ctx: EumContext, send: MessageSend): void {
  const groupId = String(send.message.to);
  const phone = findPhone(ctx.account, 'originationPhoneNumberId', send.originationPhoneNumberId);
  const common = { wamid: send.wamid, groupId, bizOpaqueCallbackData: callbackData(send) };
  const recipients = groupRecipients(ctx, groupId);
  const error = ctx.state.faults.takeMetaError() ?? ('error' in recipients ? recipients.error : undefined);
  const step = (status: MetaStatusName, participants?: string[]) => () =>
    publishStatus(ctx, send, status, groupStatusValue(ctx, phone, { ...common, status, participants, ...(status === 'failed' ? { error } : {}) }));
  const outcome = error || !('participants' in recipients)
    ? [step('failed')]
    : [step('sent'), step('delivered', recipients.participants), step('read', recipients.participants)];
  ctx.state.steps.run(ctx.statusDelayMs, outcome);
}

export const messageOperations: EumRoutes = {
  'POST /v1/whatsapp/send': {
    name: 'SendWhatsAppMessage',
    async run(ctx, { body }) {
      // Injected EUM errors hit every attempt before anything else, like a throttle at the front door.
      ctx.state.faults.throwIfErrorDue();
      const input = parseMembers(SendBody, body);
      findPhone(ctx.account, 'originationPhoneNumberId', input.originationPhoneNumberId);
      matchPattern('metaApiVersion', input.metaApiVersion, META_API_VERSION_PATTERN);
      const outbound = classifyMessage(decodeMessageBlob(input.message), ctx.validators);
      const base = {
        messageId: randomUUID(),
        originationPhoneNumberId: input.originationPhoneNumberId,
        metaApiVersion: input.metaApiVersion,
        message: outbound.payload,
        receivedAt: new Date().toISOString(),
      };
      if (outbound.kind === 'mark_read') {
        ctx.state.sends.push({ ...base, kind: 'mark_read' });
        // A fault after the send loses the answer to a read receipt as to a message.
        ctx.state.faults.throwIfErrorDue(true);
        return { messageId: base.messageId };
      }
      const group = isGroupSend(outbound.payload);
      const refused = (group ? groupSendRefusal(outbound) : undefined) ?? (outbound.type === 'template' ? templateRefusal(ctx, outbound.payload) : undefined);
      if (refused) throw refused;
      const send: MessageSend = { ...base, kind: 'message', wamid: group ? newWamid() : newWamid(outbound.to) };
      ctx.state.sends.push(send);
      // Like Meta, the send is accepted either way; a window or injected failure arrives as a `failed` status.
      if (group) scheduleGroupStatuses(ctx, send);
      else scheduleStatuses(ctx, send, deliveryError(ctx, outbound));
      // A fault after the send: WhatsApp has the message, the caller gets an error (or a dropped connection).
      ctx.state.faults.throwIfErrorDue(true);
      return { messageId: send.messageId };
    },
  },
};
