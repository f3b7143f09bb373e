import type { EumRoutes } from '../context';
import { constraintViolation, decodeNextToken, encodeNextToken, findPhone, findWaba, requireQuery } from '../protocol';

/** The linked-account operations: the stand-in serves one WABA (demo-account.ts unless configured otherwise). */
export const accountOperations: EumRoutes = {
  'GET /v1/whatsapp/waba/list': {
    name: 'ListLinkedWhatsAppBusinessAccounts',
    async run({ account }, { query }) {
      const maxResultsText = query.get('maxResults');
      const maxResults = maxResultsText === null ? 100 : Number(maxResultsText);
      if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
        throw constraintViolation('maxResults', maxResultsText, 'Member must have value between 1 and 100');
      }
      const offset = decodeNextToken(query.get('nextToken'));
      const all = [account.waba];
      const page = all.slice(offset, offset + maxResults);
      const next = offset + page.length;
      return { linkedAccounts: page, ...(next < all.length ? { nextToken: encodeNextToken(next) } : {}) };
    },
  },
  'GET /v1/whatsapp/waba/details': {
    name: 'GetLinkedWhatsAppBusinessAccount',
    async run({ account }, { query }) {
      const waba = findWaba(account, requireQuery(query, 'id'));
      return { account: { ...waba, phoneNumbers: account.phones } };
    },
  },
  'GET /v1/whatsapp/waba/phone/details': {
    name: 'GetLinkedWhatsAppBusinessAccountPhoneNumber',
    async run({ account }, { query }) {
      const phone = findPhone(account, 'id', requireQuery(query, 'id'));
      return { phoneNumber: phone, linkedWhatsAppBusinessAccountId: account.waba.id };
    },
  },
};

