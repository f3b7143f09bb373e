import { eumSdk, socialMessaging } from '../aws/clients';
import { getConfig } from '../config';
import { fromEumError } from './errors';

/** Meta's Cloud API /messages body. EUM Social passes it through to Meta verbatim. */
export type MetaMessage = { messaging_product: 'whatsapp' } & Record<string, unknown>;

/** Sends one message through EUM Social; returns EUM's message id (Meta's wamid arrives later in statuses). */
export async function sendWhatsAppMessage(originationPhoneNumberId: string, message: MetaMessage): Promise<string> {
  try {
    const out = await socialMessaging().send(
      new (eumSdk().SendWhatsAppMessageCommand)({
        originationPhoneNumberId,
        message: new TextEncoder().encode(JSON.stringify(message)),
        metaApiVersion: getConfig().META_API_VERSION,
      }),
    );
    if (!out.messageId) throw new Error('EUM Social returned no messageId');
    return out.messageId;
  } catch (err) {
    return fromEumError(err, 'SendWhatsAppMessage');
  }
}
