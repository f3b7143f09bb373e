import type { PhoneDetails } from '../../shared/eum/phone-details';

/**
 * What WhatsApp says about a number's standing, from EUM Social's details (quality rating) and the QUALITY item
 * (the messaging limit tier from phone_number_quality_update webhooks). Helpers only the config actions use.
 */

/** Meta's messaging limit tiers: business-initiated conversations per 24 h. */
export const TIER_LIMITS: Record<string, number | 'unlimited'> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1000,
  TIER_10K: 10000,
  TIER_100K: 100000,
  TIER_UNLIMITED: 'unlimited',
};

export interface PhoneStanding {
  qualityRating: string;
  messagingLimitTier?: string;
  businessInitiatedPer24h?: number | 'unlimited';
  tierSource: 'webhook' | 'unknown';
  tierUpdatedAt?: string;
  lastQualityEvent?: string;
}

export function standingOf(details: Pick<PhoneDetails, 'qualityRating'>, quality: Record<string, unknown> | undefined): PhoneStanding {
  const tier = quality?.currentLimit as string | undefined;
  return {
    qualityRating: details.qualityRating,
    ...(tier ? { messagingLimitTier: tier, businessInitiatedPer24h: TIER_LIMITS[tier] } : {}),
    tierSource: tier ? 'webhook' : 'unknown',
    ...(quality?.updatedAt ? { tierUpdatedAt: quality.updatedAt as string } : {}),
    ...(quality?.event ? { lastQualityEvent: quality.event as string } : {}),
  };
}
