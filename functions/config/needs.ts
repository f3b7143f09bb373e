import { defineNeeds, linkedAccounts } from '../../shared/needs';

/** get_config: the linked accounts (cached in the table) and the non-secret settings it reports. */
export const needs = defineNeeds(linkedAccounts, { settings: ['MEDIA_BUCKET', 'ENFORCE_CUSTOMER_SERVICE_WINDOW'] });
