import { defineNeeds, graphTokenWriter, linkedAccounts } from '../../shared/needs';

/** set_graph_token: stores Graph tokens (checked against Graph first), never reads one back. get_config: the linked accounts (cached in the table) and the non-secret settings it reports. */
export const needs = defineNeeds(linkedAccounts, graphTokenWriter, { settings: ['MEDIA_BUCKET', 'ENFORCE_CUSTOMER_SERVICE_WINDOW'] });
