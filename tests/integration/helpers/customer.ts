import { envelopeBody, inboundTextValue } from '../../../local/standins/eum/envelope';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../../helpers/events';

/**
 * A customer writes to the demo number: the inbound message goes through the real ingest handler, which opens the
 * 24-hour customer-service window on the conversation (windowExpiresAt). `at` backdates it, e.g. to close the window.
 * Returns the inbound message's wamid.
 */
export async function customerWrites(from: string, opts: { text?: string; at?: Date; name?: string } = {}): Promise<string> {
  const ingest = (await import('../../../functions/ingest/handler')).handler as unknown as Invoke;
  const value = inboundTextValue({ from, text: opts.text ?? 'hello', name: opts.name ?? 'Test Customer', timestamp: opts.at });
  const res = await ingest(snsEvent(snsRecord(envelopeBody({ field: 'messages', value }))), lambdaContext);
  if (res?.failed) throw new Error(`ingest refused the inbound message: ${JSON.stringify(res)}`);
  return value.messages![0]!.id;
}

export const hoursAgo = (h: number): Date => new Date(Date.now() - h * 3600_000);
