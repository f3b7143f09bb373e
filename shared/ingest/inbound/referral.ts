import { recordCtwaEvent, type CtwaEvent } from '../../table/ctwa-events';
import { Referral, lenient } from './types';

/** The Click-to-WhatsApp ad (or post) a message came from, in our attribute names. */
function fromMeta(r: Referral) {
  const out = {
    ctwaClid: r.ctwa_clid,
    sourceUrl: r.source_url,
    sourceId: r.source_id,
    sourceType: r.source_type,
    headline: r.headline,
    body: r.body,
    mediaType: r.media_type,
    imageUrl: r.image_url,
    videoUrl: r.video_url,
    thumbnailUrl: r.thumbnail_url,
    welcomeMessage: r.welcome_message?.text,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Message attributes for a referral: the mapped fields under `referral`, and the click id on its own for lookups. */
export function referralAttributes(raw: unknown): Record<string, unknown> {
  const r = raw === undefined ? undefined : lenient(Referral, raw);
  if (!r) return raw === undefined ? {} : { referral: raw };
  const mapped = fromMeta(r);
  return { referral: mapped, ...(r.ctwa_clid ? { ctwaClid: r.ctwa_clid } : {}) };
}

/** Records the ad click a message came from as a CTWA_EVENT, once (false on a redelivery). */
export async function recordReferral(e: Omit<CtwaEvent, 'ad'>): Promise<boolean> {
  const r = lenient(Referral, e.referral);
  return recordCtwaEvent({ ...e, ad: r ? fromMeta(r) : {} });
}
