import { defineNeeds, graphApi, linkedAccounts } from '../../shared/needs';

/** The live profile through Graph, mirrored in its item; the photo is read from the client's upload area. */
export const needs = defineNeeds(linkedAccounts, graphApi, {
  table: { read: ['accountsCache', 'businessProfile'], write: ['businessProfile'] },
  // HeadObject + GetObject of the photo; ListBucket makes a missing key a 404, not a 403.
  bucket: { read: ['uploads'], list: true },
});
