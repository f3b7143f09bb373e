import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../shared/errors';
import { isTransient, mediaErrorOf, withOneRetry } from '../../shared/ingest/inbound/media';
import { describeInbound } from '../../shared/ingest/inbound/summary';
import { isoFromRfc3339 } from '../../shared/ingest/context';

const m = (type: string, body?: unknown, extra: Record<string, unknown> = {}) => ({ id: 'wamid.x', type, ...(body === undefined ? {} : { [type]: body }), ...extra });

describe('inbound message summaries', () => {
  it('never throws on odd or missing type objects, and still gives a preview', () => {
    for (const type of ['text', 'image', 'location', 'contacts', 'interactive', 'button', 'reaction', 'order', 'system', 'unsupported', 'edit', 'mystery']) {
      for (const body of [undefined, null, 42, 'str', [], { unexpected: true }]) {
        const d = describeInbound(m(type, body));
        expect(typeof d.preview, `${type} ${JSON.stringify(body)}`).toBe('string');
      }
    }
  });

  it('keeps a Flow reply whose response_json is not JSON, with the reason', () => {
    const d = describeInbound(m('interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', response_json: '{not json' } }));
    expect(d.attributes).toMatchObject({ interactiveType: 'nfm_reply', flowResponseRaw: '{not json', flowResponseError: expect.any(String) });
    expect(d.preview).toBe('[flow reply]');
  });

  it('summarises orders with per-currency totals, and without prices', () => {
    const priced = describeInbound(
      m('order', { product_items: [{ product_retailer_id: 'A', quantity: '3', item_price: '0.1', currency: 'EUR' }, { product_retailer_id: 'B', quantity: 1, item_price: 2, currency: 'USD' }] }),
    );
    expect(priced.preview).toBe('order: 4 items, 3 × A, 1 × B · total 0.30 EUR + 2.00 USD');
    expect(priced.attributes.order).toMatchObject({ totals: { EUR: 0.3, USD: 2 }, itemCount: 4 });
    expect(describeInbound(m('order', { product_items: [{ product_retailer_id: 'A' }] })).preview).toBe('order: 1 item, 1 × A');
  });

  it('names media for the media step and clips long previews', () => {
    expect(describeInbound(m('audio', { id: '123', mime_type: 'audio/ogg', voice: true })).media).toEqual({ mediaId: '123', kind: 'audio', mimeType: 'audio/ogg', sha256: undefined });
    expect(describeInbound(m('text', { body: 'x'.repeat(500) })).preview).toHaveLength(200);
  });

  it('reads context: reply, forwarded, product inquiry', () => {
    expect(describeInbound(m('text', { body: 'a' }, { context: { frequently_forwarded: true } })).attributes).toMatchObject({ forwarded: true, frequentlyForwarded: true });
    expect(describeInbound(m('text', { body: 'a' }, { context: { from: '1', id: 'wamid.y' } })).attributes).toMatchObject({ replyTo: 'wamid.y', replyToFrom: '1' });
  });
});

describe('inbound media retries', () => {
  const transient = () => new UpstreamError('EUM Social GetWhatsAppMessageMedia failed: InternalServiceException', 502, true, { upstreamError: 'InternalServiceException' });
  const permanent = () => new UpstreamError('EUM Social GetWhatsAppMessageMedia failed: ResourceNotFoundException', 404, false, { upstreamError: 'ResourceNotFoundException' });

  it('tries once more after a transient failure', async () => {
    let calls = 0;
    const out = await withOneRetry(async () => {
      if (++calls === 1) throw transient();
      return 'ok';
    }, 1);
    expect(out).toEqual({ value: 'ok', attempts: 2 });
  });

  it('does not retry a permanent failure, and reports the attempts', async () => {
    let calls = 0;
    const err = await withOneRetry(async () => {
      calls++;
      throw permanent();
    }, 1).catch((e) => e);
    expect(calls).toBe(1);
    expect(mediaErrorOf(err)).toMatchObject({ name: 'ResourceNotFoundException', retryable: false, attempts: 1 });
  });

  it('gives up after the second transient failure', async () => {
    const err = await withOneRetry(async () => {
      throw transient();
    }, 1).catch((e) => e);
    expect(mediaErrorOf(err)).toMatchObject({ name: 'InternalServiceException', retryable: true, attempts: 2 });
  });

  it('treats network errors and 5xx as transient', () => {
    expect(isTransient(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient(new Error('nope'))).toBe(false);
  });
});

describe('envelope time', () => {
  it('reads RFC 3339 with nanoseconds', () => {
    expect(isoFromRfc3339('2025-09-18T04:56:36.684321927Z')).toBe('2025-09-18T04:56:36.684Z');
    expect(isoFromRfc3339('2025-09-18T04:56:36Z')).toBe('2025-09-18T04:56:36.000Z');
    expect(isoFromRfc3339('garbage', 'fallback')).toBe('fallback');
  });
});
