import * as z from 'zod';

/** A location pin: Meta's `location` object. */
export const locationFields = {
  latitude: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90').describe('Decimal degrees'),
  longitude: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180').describe('Decimal degrees'),
  name: z.string().min(1, 'must not be empty').optional().describe('Name of the place'),
  address: z.string().min(1, 'must not be empty').optional().describe('Address of the place'),
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
