import type { SettingName, SwitchSetting } from './config';
import type { Index, keys } from './table/keys';

/**
 * What one Lambda function needs from the cloud, declared once in `functions/<name>/needs.ts`:
 *
 *   export const needs = defineNeeds(linkedAccounts, { table: { read: 'any', write: ['conversation'] }, ... });
 *
 * Three things are derived from it, so none can drift from the others:
 * - the settings its `configure(needs)` validates at cold start (shared/config.ts `settingsFor`); in a Lambda, reading
 *   a setting the declaration does not imply throws, so a forgotten need shows up in the first e2e run;
 * - its environment (resources/functions.cjs) and its IAM role (resources/iam.cjs), checked by
 *   tests/integration/serverless-package.test.ts.
 * Grant nothing a function does not call: an unused grant is a finding, not a convenience.
 */
export interface Needs {
  table?: {
    /** GetItem: on every item, or only on items of these kinds (IAM dynamodb:LeadingKeys on the key prefix). */
    read?: 'any' | readonly ItemKind[];
    /** Query on these GSIs (the table itself is pk-only: GetItem covers it). */
    query?: readonly IndexKey[];
    /** PutItem and UpdateItem (alone or in a transaction), only on items of these kinds. */
    write?: readonly ItemKind[];
    /** DeleteItem, only on items of these kinds. */
    delete?: readonly ItemKind[];
    /** DescribeTable and DescribeTimeToLive (get_infra). */
    describe?: boolean;
  };
  /** The media bucket, by area (the key prefixes below). `list` is ListBucket: finding objects EUM named itself. */
  bucket?: {
    read?: readonly BucketArea[];
    write?: readonly BucketArea[];
    delete?: readonly BucketArea[];
    list?: boolean;
    /** GetLifecycleConfiguration: reporting the rules the stack declares (get_infra, eum_setup_s3_lifecycle). */
    lifecycle?: boolean;
  };
  /** EUM Social operations (IAM action `social-messaging:<operation>`). */
  eum?: readonly EumOperation[];
  /** The ingest dead-letter queue: `send` letters to it, `consume` them (receive, hold, delete, depth). */
  deadLetters?: { send?: boolean; consume?: boolean; depth?: boolean };
  /** The inbound topic: `describe` is GetTopicAttributes (get_infra); brings INBOUND_TOPIC_ARN. */
  topic?: { describe?: boolean };
  /** lambda:InvokeFunction on this stack's own functions (POST / forwards there); brings FUNCTION_NAME_PREFIX. */
  invoke?: boolean;
  /** Secrets Manager secrets named `<service>/<stage>/<name>` (GetSecretValue); the prefix is SECRET_NAME_PREFIX. */
  secrets?: readonly string[];
  /** Secrets this function stores (CreateSecret, PutSecretValue) and never reads back, named as in `secrets`. */
  secretsWrite?: readonly string[];
  /** Behaviour settings the function reads beyond those its resources imply (see settingsFor). */
  settings?: readonly SettingName[];
  /**
   * Granted only when this setting is on at deploy time (`AUTO_MARK_READ=true npx serverless deploy`): a function
   * that sends only because of a switch does not hold the permission while the switch is off. The switch itself is
   * always in the function's settings, so code and role agree.
   */
  when?: Partial<Record<SwitchSetting, Needs>>;
}

/** An item kind is the name of its key builder in shared/table/keys.ts (`inbox` is a GSI partition, not an item). */
export type ItemKind = Exclude<keyof typeof keys, 'inbox'>;
export type IndexKey = keyof typeof Index;

/**
 * Areas of the media bucket, by key prefix. The key builders (shared/media/presign.ts `uploads/`, download.ts
 * `media/`, ingest's inbound/media.ts `inbound/`) must keep to these; tests/unit/needs.test.ts checks them.
 */
export const bucketAreas = { uploads: 'uploads/', downloads: 'media/', inbound: 'inbound/', exports: 'exports/' } as const;
export type BucketArea = keyof typeof bucketAreas;

/** Every operation of @aws-sdk/client-socialmessaging (IAM action `social-messaging:<name>`). */
export const EumOperations = [
  'AssociateWhatsAppBusinessAccount',
  'CreateWhatsAppFlow',
  'CreateWhatsAppMessageTemplate',
  'CreateWhatsAppMessageTemplateFromLibrary',
  'CreateWhatsAppMessageTemplateMedia',
  'DeleteWhatsAppFlow',
  'DeleteWhatsAppMessageMedia',
  'DeleteWhatsAppMessageTemplate',
  'DeprecateWhatsAppFlow',
  'DisassociateWhatsAppBusinessAccount',
  'GetLinkedWhatsAppBusinessAccount',
  'GetLinkedWhatsAppBusinessAccountPhoneNumber',
  'GetWhatsAppFlow',
  'GetWhatsAppFlowPreview',
  'GetWhatsAppMessageMedia',
  'GetWhatsAppMessageTemplate',
  'ListLinkedWhatsAppBusinessAccounts',
  'ListTagsForResource',
  'ListWhatsAppFlowAssets',
  'ListWhatsAppFlows',
  'ListWhatsAppMessageTemplates',
  'ListWhatsAppTemplateLibrary',
  'PostWhatsAppMessageMedia',
  'PublishWhatsAppFlow',
  'PutWhatsAppBusinessAccountEventDestinations',
  'SendWhatsAppMessage',
  'TagResource',
  'UntagResource',
  'UpdateWhatsAppFlow',
  'UpdateWhatsAppFlowAssets',
  'UpdateWhatsAppMessageTemplate',
] as const;
export type EumOperation = (typeof EumOperations)[number];

/** Resolving a phone or WABA through the linked accounts (shared/eum/accounts.ts), which are cached in the table. */
export const linkedAccounts: Needs = {
  table: { read: ['accountsCache'], write: ['accountsCache'] },
  eum: ['ListLinkedWhatsAppBusinessAccounts', 'GetLinkedWhatsAppBusinessAccount'],
};

/**
 * Sending through the shared send path (shared/http/send-once.ts): a send's idempotency record is claimed (PutItem),
 * read when a claim finds one, completed (UpdateItem) or released (DeleteItem).
 */
export const sendsOnce: Needs = { table: { read: ['idempotency'], write: ['idempotency'], delete: ['idempotency'] } };

/** Graph API settings (shared/graph/client.ts) for any function that calls Meta's Graph API. */
const graphSettings: SettingName[] = ['GRAPH_BASE_URL', 'GRAPH_API_VERSION', 'META_API_VERSION', 'GRAPH_TOKEN_CACHE_SECONDS', 'GRAPH_MAX_ATTEMPTS', 'GRAPH_RETRY_BASE_MS'];

/**
 * Calling Meta's Graph API with a WABA's token (shared/graph/): reading the per-WABA token secrets
 * `<prefix>graph-token/<wabaId>`, and the Graph settings. Only business-profile, calling and groups declare it.
 */
export const graphApi: Needs = { secrets: ['graph-token/*'], settings: graphSettings };

/** set_graph_token: stores tokens (and checks one against Graph first) without being able to read any back. */
export const graphTokenWriter: Needs = { secretsWrite: ['graph-token/*'], settings: graphSettings };

const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined =>
  a || b ? [...new Set([...(a ?? []), ...(b ?? [])])] : undefined;

function mergeTwo(a: Needs, b: Needs): Needs {
  const read = a.table?.read === 'any' || b.table?.read === 'any' ? 'any' : union(a.table?.read as ItemKind[], b.table?.read as ItemKind[]);
  const when: Needs['when'] = { ...a.when };
  for (const [k, v] of Object.entries(b.when ?? {}) as [SwitchSetting, Needs][]) when[k] = when[k] ? mergeTwo(when[k]!, v) : v;
  const out: Needs = {
    table:
      a.table || b.table
        ? {
            read,
            query: union(a.table?.query, b.table?.query),
            write: union(a.table?.write, b.table?.write),
            delete: union(a.table?.delete, b.table?.delete),
            describe: a.table?.describe || b.table?.describe || undefined,
          }
        : undefined,
    bucket:
      a.bucket || b.bucket
        ? {
            read: union(a.bucket?.read, b.bucket?.read),
            write: union(a.bucket?.write, b.bucket?.write),
            delete: union(a.bucket?.delete, b.bucket?.delete),
            list: Boolean(a.bucket?.list || b.bucket?.list),
            lifecycle: a.bucket?.lifecycle || b.bucket?.lifecycle || undefined,
          }
        : undefined,
    eum: union(a.eum, b.eum),
    deadLetters:
      a.deadLetters || b.deadLetters
        ? {
            send: Boolean(a.deadLetters?.send || b.deadLetters?.send),
            consume: Boolean(a.deadLetters?.consume || b.deadLetters?.consume),
            depth: a.deadLetters?.depth || b.deadLetters?.depth || undefined,
          }
        : undefined,
    topic: a.topic || b.topic ? { describe: a.topic?.describe || b.topic?.describe || undefined } : undefined,
    invoke: a.invoke || b.invoke || undefined,
    secrets: union(a.secrets, b.secrets),
    secretsWrite: union(a.secretsWrite, b.secretsWrite),
    settings: union(a.settings, b.settings),
    when: Object.keys(when).length ? when : undefined,
  };
  return JSON.parse(JSON.stringify(out)) as Needs; // drops the undefined parts, so declarations compare cleanly
}

/** One function's needs, from shared parts (`linkedAccounts`, `ingestRecordNeeds`) and its own. */
export function defineNeeds(...parts: Needs[]): Needs {
  return parts.reduce(mergeTwo, {});
}

/** The needs in force for a deployment: `when` branches whose switch is on are folded in. */
export function effectiveNeeds(needs: Needs, isOn: (s: SwitchSetting) => boolean): Needs {
  const { when, ...base } = needs;
  const on = Object.entries(when ?? {}).filter(([s]) => isOn(s as SwitchSetting)).map(([, n]) => n as Needs);
  return defineNeeds(base, ...on);
}
