import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { getConfig } from '../../shared/config';
import { resolvePhone } from '../../shared/eum/accounts';
import { getPhoneDetails } from '../../shared/eum/phone-details';
import { getQualityItem } from '../../shared/table/quality';
import { senderFields } from '../../shared/whatsapp/schema-helpers';
import { standingOf, type PhoneStanding } from './phone-status';

interface Practice {
  topic: string;
  rule: string;
  /** info: always true; warning: this number's state calls for care; critical: act now. */
  level: 'info' | 'warning' | 'critical';
  metaErrorCode?: number;
}

const QUALITY_ADVICE: Record<string, Practice> = {
  GREEN: { topic: 'quality', level: 'info', rule: 'Quality is high: the messaging limit can grow with volume (Meta raises the tier automatically).' },
  YELLOW: {
    topic: 'quality',
    level: 'warning',
    rule: 'Quality is medium: customers are blocking or reporting messages. Send marketing only to opted-in customers, cut frequency, and review template content; the tier will not be raised while quality is not high.',
  },
  RED: {
    topic: 'quality',
    level: 'critical',
    rule: 'Quality is low: Meta may lower the messaging limit or restrict the number. Pause marketing templates and send only what customers asked for until quality recovers (about 7 days).',
  },
};

function tierPractice(s: PhoneStanding): Practice {
  if (!s.messagingLimitTier) {
    return {
      topic: 'messaging limit',
      level: 'info',
      rule: 'No messaging-limit webhook received yet: new numbers start at 250 business-initiated conversations per 24 hours (unverified businesses), rising with quality and volume.',
    };
  }
  const per = s.businessInitiatedPer24h === 'unlimited' ? 'no limit on' : `at most ${s.businessInitiatedPer24h}`;
  return {
    topic: 'messaging limit',
    level: 'info',
    rule: `Tier ${s.messagingLimitTier}: ${per} business-initiated conversations (unique customers) per rolling 24 hours; customer-initiated ones do not count.`,
  };
}

/** Rules that hold for every number, with the Meta error that breaking them produces. */
function sendingRules(enforceWindow: boolean): Practice[] {
  return [
    {
      topic: 'customer-service window',
      level: 'info',
      metaErrorCode: 131047,
      rule: `Free-form messages (text, media, interactive, reactions) reach a customer only within 24 hours of their last message; outside it only templates go. ${enforceWindow ? 'This deployment refuses such sends before sending (409).' : 'This deployment lets Meta refuse them (ENFORCE_CUSTOMER_SERVICE_WINDOW=false).'}`,
    },
    { topic: 'throughput', level: 'info', metaErrorCode: 130429, rule: 'At most 80 messages per second per number by default (Meta can raise it to 1,000); beyond that Meta answers 130429: back off and retry.' },
    { topic: 'pair rate', level: 'info', metaErrorCode: 131056, rule: 'At most 1 message every 6 seconds to the same customer (bursts are tolerated briefly); beyond that Meta answers 131056.' },
    { topic: 'opt-in', level: 'info', rule: 'Send marketing templates only to customers who opted in; honour stop requests (user_preferences webhooks set marketingOptOut on the conversation).' },
    { topic: 'media', level: 'info', metaErrorCode: 131053, rule: 'Media over the limits (image 5 MB, video/audio 16 MB, document 100 MB, sticker 100/500 KB) fails with 131053; get_media_types lists them.' },
  ];
}

export const getBestPractices = defineAction({
  category: 'config',
  name: 'get_best_practices',
  description:
    "WhatsApp's sending rules as they apply to this number now: its quality rating (from EUM Social) and messaging-limit tier (from Meta's webhooks) decide the warnings; the window, throughput, pair-rate, opt-in and media rules always apply, each with the Meta error code that breaking it produces.",
  input: z.object({ ...senderFields }),
  handler: async ({ metaWabaId, phoneNumberId }) => {
    const phone = await resolvePhone({ metaWabaId, phoneNumberId });
    const [details, quality] = await Promise.all([getPhoneDetails(phone.phoneNumberId), getQualityItem(phone.phoneNumberId)]);
    const standing = standingOf(details, quality);
    const qualityAdvice = QUALITY_ADVICE[standing.qualityRating] ?? {
      topic: 'quality',
      level: 'warning' as const,
      rule: `Quality rating ${standing.qualityRating} is not one Meta documents (GREEN, YELLOW, RED); check the number in WhatsApp Manager.`,
    };
    const practices = [qualityAdvice, tierPractice(standing), ...sendingRules(getConfig().ENFORCE_CUSTOMER_SERVICE_WINDOW)];
    return {
      phoneNumberId: phone.phoneNumberId,
      displayPhoneNumber: details.displayPhoneNumber,
      standing,
      practices,
      warnings: practices.filter((p) => p.level !== 'info').length,
    };
  },
});
