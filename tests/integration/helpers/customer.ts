import type { CustomerWrote } from '../../../local/standins/eum/server';
import { lambdaContext, snsEvent, snsRecord, type Invoke } from '../../helpers/events';

/**
 * A customer writes to the demo number, as on WhatsApp: the EUM stand-in (AWS_ENDPOINT_URL_SOCIALMESSAGING, started
 * by startEumForTest) builds the webhook and opens the customer's 24-hour window on Meta's side, then the envelope
 * goes through the real ingest handler, which opens the window on ours (windowExpiresAt). `at` backdates both, e.g.
 * to close the window. Returns the inbound message's wamid.
 */
export async function customerWrites(from: string, opts: { text?: string; at?: Date; name?: string } = {}): Promise<string> {
  const eumUrl = process.env.AWS_ENDPOINT_URL_SOCIALMESSAGING;
  if (!eumUrl) throw new Error('customerWrites needs the EUM stand-in: call startEumForTest() first');
  const res = await fetch(`${eumUrl}/_standin/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, text: opts.text ?? 'hello', name: opts.name ?? 'Test Customer', at: opts.at?.toISOString(), deliver: false }),
  });
  if (!res.ok) throw new Error(`the EUM stand-in refused the inbound message: ${res.status} ${await res.text()}`);
  const wrote = (await res.json()) as CustomerWrote;
  const ingest = (await import('../../../functions/ingest/handler')).handler as unknown as Invoke;
  const out = await ingest(snsEvent(snsRecord(wrote.body)), lambdaContext);
  if (out?.failed) throw new Error(`ingest refused the inbound message: ${JSON.stringify(out)}`);
  return wrote.wamid;
}

export const hoursAgo = (h: number): Date => new Date(Date.now() - h * 3600_000);
