import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { EumContext, EumRoutes } from '../context';
import { envelopeBody, newWamid, statusValue, type MetaStatusName } from '../envelope';
import type { MetaErrorFault } from '../faults';
import { classifyMessage, decodeMessageBlob } from '../outbound-message';
import { findPhone, matchPattern, parseMembers } from '../protocol';
import type { PublishedStatus, RecordedSend } from '../state';

/**
 * SendWhatsAppMessage: answered with an EUM message id and followed, as on AWS, by Meta's status webhooks wrapped
 * in EUM's SNS envelope (sent, delivered, read; or one `failed` carrying Meta's error).
 */

const SendBody = z.object({ originationPhoneNumberId: z.string(), message: z.string(), metaApiVersion: z.string() });
const META_API_VERSION_PATTERN = /^v\d+\.\d+$/;

type MessageSend = RecordedSend & { wamid: string };

async function publishStatus(ctx: EumContext, send: MessageSend, status: MetaStatusName, metaError?: MetaErrorFault): Promise<void> {
  const { account, state, deliver, log } = ctx;
  const phone = findPhone(account, 'originationPhoneNumberId', send.originationPhoneNumberId);
  const to = typeof send.message.to === 'string' && send.message.to !== '' ? send.message.to : undefined;
  const value = statusValue({
    account,
    phone,
    wamid: send.wamid,
    status,
    recipientId: to,
    recipientUserId: to === undefined ? String(send.message.recipient) : undefined,
    bizOpaqueCallbackData: typeof send.message.biz_opaque_callback_data === 'string' ? send.message.biz_opaque_callback_data : undefined,
    errors: metaError ? [metaError] : undefined,
  });
  const record: PublishedStatus = {
    messageId: send.messageId,
    wamid: send.wamid,
    status,
    body: envelopeBody({ field: 'messages', value, messageId: send.messageId, account, phone }),
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

/** The statuses Meta reports for an accepted message, in order. */
function scheduleStatuses(ctx: EumContext, send: MessageSend): void {
  const metaError = ctx.state.faults.takeMetaError();
  const outcome: Array<() => Promise<void>> = metaError
    ? [() => publishStatus(ctx, send, 'failed', metaError)]
    : (['sent', 'delivered', 'read'] as const).map((status) => () => publishStatus(ctx, send, status));
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
        return { messageId: base.messageId };
      }
      const send: MessageSend = { ...base, kind: 'message', wamid: newWamid(outbound.to) };
      ctx.state.sends.push(send);
      scheduleStatuses(ctx, send);
      return { messageId: send.messageId };
    },
  },
};
