import { renderManifest } from '../shared/actions/manifest';
import type { CategoryActions } from '../shared/actions/category';
import { describeAction, type AnyAction, type Category, type PublicRoute } from '../shared/actions/registry';
import { businessProfileActions } from './business-profile/actions';
import { callingActions } from './calling/actions';
import { configActions } from './config/actions';
import { conversationActions } from './conversations/actions';
import { groupActions } from './groups/actions';
import { mediaActions } from './media/actions';
import { messagingActions } from './messaging/actions';
import { templateActions } from './templates/actions';
import { flowDataExchangeRoute } from './flow-endpoint/route';
import { flowActions } from './flows/actions';
import { webhookActions } from './webhooks/actions';

/**
 * Every category's actions, once. serverless.yml's routes (resources/functions.cjs), the action manifest that `help`
 * reads, the README reference and the route/registry drift test all read this list; each category's handler imports
 * only its own actions, and no function imports this file.
 */
export const categoryActions: CategoryActions[] = [
  configActions,
  messagingActions,
  mediaActions,
  conversationActions,
  webhookActions,
  templateActions,
  flowActions,
  businessProfileActions,
  groupActions,
  callingActions,
];

/** Every action's category and name, without loading any action's module (routes, function list). */
export const actionNames: { category: Category; name: string }[] = categoryActions.flatMap((c) => c.names.map((name) => ({ category: c.category, name })));

/** Every action's definition (schema, handler, description), in the listed order: docs, manifest and tests. */
export const loadAllActions = async (): Promise<AnyAction[]> => (await Promise.all(categoryActions.map((c) => c.loadAll()))).flat();

/** Routes without the API-key authorizer (their function authenticates the caller); listed by help beside the actions. */
export const publicRoutes: PublicRoute[] = [flowDataExchangeRoute];

export const categoryDescriptions: Partial<Record<Category, string>> = {
  config: 'Utility and configuration actions: ping, help, list_actions, get_config',
  messaging: 'Sends WhatsApp messages through EUM Social',
  media: 'WhatsApp media: uploads from and downloads to the S3 media bucket, presigned URLs, deletion',
  conversations: 'Reads conversations and their messages',
  flows: 'WhatsApp Flows through EUM Social: create, update, publish, deprecate, delete, health, send; the answers customers sent; the data-exchange endpoint WhatsApp calls',
  templates: 'Message templates through EUM Social: list, sync, create (checked against Meta rules), edit, delete, library',
  webhooks: 'Inbound event operations: the ingest dead-letter queue and its replay',
  'business-profile': "The business number's WhatsApp profile and photo, through Meta's Graph API",
  calling: "WhatsApp calling through Meta's Graph API (settings, permissions, calls) and the call logs ingest keeps",
  groups: "WhatsApp groups through Meta's Graph API; group messages through EUM Social",
};

/** functions/config/action-manifest.json as it should be (see shared/actions/manifest.ts). */
export const actionManifestText = async (): Promise<string> => renderManifest((await loadAllActions()).map(describeAction), publicRoutes);

export const ACTION_MANIFEST_PATH = 'functions/config/action-manifest.json';
