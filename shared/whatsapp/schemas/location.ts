import * as z from '../../zod';
import { boundedText } from './ids';

/** A location pin: Meta's `location` object. */
/**
 * Degrees rounded to 1e-9 (under a millimetre): DynamoDB cannot store numbers below 1e-130 in magnitude, so a
 * coordinate like 5e-219 would be sent to WhatsApp and then fail to be stored.
 */
const degrees = (limit: number) =>
  z.pipe(z.number().check(
    z.gte(-limit, `must be between -${limit} and ${limit}`),
    z.lte(limit, `must be between -${limit} and ${limit}`),
  ), z.transform((n) => Math.round(n * 1e9) / 1e9 || 0)).check(
    z.describe('Decimal degrees'),
  );

export const locationFields = {
  latitude: degrees(90),
  longitude: degrees(180),
  name: z.optional(boundedText(1000)).check(z.describe('Name of the place')),
  address: z.optional(boundedText(1000)).check(z.describe('Address of the place')),
};

const location = z.object(locationFields);
export type Location = z.output<typeof location>;

export function buildLocation(l: Location): Record<string, unknown> {
  return {
    latitude: l.latitude,
    longitude: l.longitude,
    ...(l.name !== undefined ? { name: l.name } : {}),
    ...(l.address !== undefined ? { address: l.address } : {}),
  };
}

export const locationPreview = (l: Location): string =>
  [l.name, l.address].filter(Boolean).join(', ') || `[location ${l.latitude}, ${l.longitude}]`;
