import * as z from './zod';
import type { Needs } from './needs';

/**
 * Runtime configuration, read from the environment once per process and validated.
 * Endpoints for local runs are not here: the AWS SDK reads AWS_ENDPOINT_URL_<SERVICE> itself,
 * so production code never branches on "local".
 */
const bool = () => z.pipe(z.optional(z.enum(['true', 'false', '1', '0', ''])), z.transform((v) => v === 'true' || v === '1'));

/** Like `bool`, but unset or empty means true. */
const boolDefaultTrue = () => z.pipe(z.optional(z.enum(['true', 'false', '1', '0', ''])), z.transform((v) => v === undefined || v === '' || v === 'true' || v === '1'));

/**
 * Each setting's schema, built when first asked for: a function validates only the few settings its needs imply,
 * so a cold start does not build the other schemas (zod's cost is per schema built).
 */
const settingSchemas = {
  TABLE_NAME: () => z.string().check(z.minLength(1)),
  MEDIA_BUCKET: () => z.string().check(z.minLength(1)),
  /** Optional for tools that load every setting; required by `configure` in a function that declares deadLetters. */
  INGEST_DLQ_URL: () => z.optional(z.string()),
  /** Secrets of this deployment are named `<SECRET_NAME_PREFIX><name>` (`<service>/<stage>/`). */
  SECRET_NAME_PREFIX: () => z.optional(z.string()),
  /** The topic EUM Social publishes to (needs.topic: get_infra reports it, or that it is not set). */
  INBOUND_TOPIC_ARN: () => z.optional(z.string()),
  /** `<service>-<stage>-`: a category's function is this plus its key (needs.invoke: POST / forwards there). */
  FUNCTION_NAME_PREFIX: () => z.optional(z.string()),
  META_API_VERSION: () => z._default(z.string().check(z.regex(/^v\d+\.\d+$/, 'must look like v23.0')), 'v23.0'),
  /** How long the linked WABA / phone list from EUM Social is trusted before it is re-read. */
  ACCOUNT_CACHE_SECONDS: () => z._default(z.coerce.number().check(z.int(), z.gte(0)), 600),
  /** The media bucket's lifecycle expiry (WA_MEDIA_EXPIRATION_DAYS); items describing stored copies expire with them. */
  MEDIA_EXPIRATION_DAYS: () => z._default(z.coerce.number().check(z.int(), z.gte(1)), 365),
  /** s3rver and other local S3 servers need path-style URLs. */
  S3_FORCE_PATH_STYLE: bool,
  LOG_LEVEL: () => z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  /** What one invocation may spend: the Lambda timeout, capped at API Gateway's 29 s behind it (shared/aws/timeouts.ts clientBudgetSeconds, deployed by resources/functions.cjs). AWS clients' HTTP timeouts derive from it. */
  FUNCTION_TIMEOUT_SECONDS: () => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(900)), 29),
  /**
   * Refuse free-form sends to customers whose 24-hour customer-service window is closed, before calling EUM Social
   * (Meta would fail them later with 131047). "false" lets Meta decide.
   */
  ENFORCE_CUSTOMER_SERVICE_WINDOW: boolDefaultTrue,
  /** Ingest: send a read receipt for every new inbound message. */
  AUTO_MARK_READ: bool,
  /** Ingest: answer a customer once per 24 h with this text when nothing was sent to them in the last 24 h. */
  AUTO_REPLY_TEXT: () => z.pipe(z.optional(z.string().check(z.maxLength(4096, 'at most 4096 characters (Meta text limit)'))), z.transform((v) => (v?.trim() ? v : undefined))),
  /** Meta's Graph API, for what EUM Social has no operation for (business profile, calling, groups). */
  GRAPH_BASE_URL: () => z._default(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }), 'https://graph.facebook.com'),
  /** Graph API version; unset means META_API_VERSION. */
  GRAPH_API_VERSION: () => z.optional(z.string().check(z.regex(/^v\d+\.\d+$/, 'must look like v23.0'))),
  /** How long a token read from Secrets Manager is reused before it is read again (a rotated token is picked up). */
  GRAPH_TOKEN_CACHE_SECONDS: () => z._default(z.coerce.number().check(z.int(), z.gte(0)), 300),
  /** Attempts per Graph request when Meta throttles (4, 17, 32, 613, 80007, 130429) or fails (5xx). */
  GRAPH_MAX_ATTEMPTS: () => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(10)), 3),
  /** First backoff between Graph attempts; doubles each time, with jitter. */
  GRAPH_RETRY_BASE_MS: () => z._default(z.coerce.number().check(z.int(), z.gte(0)), 300),
};
const allSettings = () =>
  z.object(Object.fromEntries(Object.entries(settingSchemas).map(([n, schema]) => [n, schema()])) as { [K in SettingName]: ReturnType<(typeof settingSchemas)[K]> });
/** Stricter forms a setting takes once a function has declared the need behind it. */
const whenDeclared: Partial<Record<SettingName, () => z.ZodMiniType>> = {
  INGEST_DLQ_URL: () => z.string().check(z.minLength(1)),
  SECRET_NAME_PREFIX: () => z.string().check(z.minLength(1)),
};

export type Config = z.output<ReturnType<typeof allSettings>>;
export type SettingName = keyof typeof settingSchemas;
/** Settings that switch an optional behaviour on; a needs declaration may grant permissions only while one is on. */
export type SwitchSetting = 'AUTO_MARK_READ' | 'AUTO_REPLY_TEXT';

/** Whether a switch's raw environment value turns it on (same rules as its schema). */
export function switchIsOn(setting: SwitchSetting, raw: string | undefined): boolean {
  const parsed = settingSchemas[setting]().safeParse(raw);
  return parsed.success && Boolean(parsed.data);
}

/**
 * The settings a function reads, derived from its needs: each resource brings the settings that name or tune it,
 * `settings` adds behaviour switches, and a `when` switch is itself a setting. resources/functions.cjs gives the
 * function exactly these environment variables.
 */
export function settingsFor(needs: Needs): SettingName[] {
  const names = new Set<SettingName>(['LOG_LEVEL', 'FUNCTION_TIMEOUT_SECONDS']);
  const add = (...n: SettingName[]) => n.forEach((x) => names.add(x));
  const visit = (n: Needs) => {
    if (n.table) add('TABLE_NAME');
    if (n.bucket) add('MEDIA_BUCKET', 'S3_FORCE_PATH_STYLE', 'MEDIA_EXPIRATION_DAYS');
    if (n.eum?.length) add('META_API_VERSION', 'ACCOUNT_CACHE_SECONDS');
    if (n.deadLetters) add('INGEST_DLQ_URL');
    if (n.secrets?.length || n.secretsWrite?.length) add('SECRET_NAME_PREFIX');
    if (n.topic) add('INBOUND_TOPIC_ARN');
    if (n.invoke) add('FUNCTION_NAME_PREFIX');
    add(...(n.settings ?? []));
    for (const [name, branch] of Object.entries(n.when ?? {})) {
      add(name as SettingName);
      visit(branch as Needs);
    }
  };
  visit(needs);
  return [...names].sort();
}

let cached: Config | undefined;
/** Settings declared by the functions configured in this process (one in a Lambda; several in a test run). */
const declared = new Set<SettingName>();

/**
 * Validates, at cold start, exactly the settings the function's needs imply (each handler calls it at module
 * scope). Inside a Lambda (one function per process), reading any other setting afterwards throws, naming the
 * missing need: a test run of the function through the local cloud finds it, not a production request.
 */
export function configure(needs: Needs, env: NodeJS.ProcessEnv = process.env): Config {
  for (const name of settingsFor(needs)) declared.add(name);
  const shape = Object.fromEntries([...declared].map((n) => [n, (whenDeclared[n] ?? settingSchemas[n])()]));
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) throw invalid(parsed.error);
  if (env.AWS_LAMBDA_FUNCTION_NAME) {
    cached = guard(parsed.data as Config, env.AWS_LAMBDA_FUNCTION_NAME);
    return cached;
  }
  // Tests and tools load several functions' code in one process: every setting stays readable there.
  cached = undefined;
  return getConfig(env);
}

function guard(config: Config, functionName: string): Config {
  return new Proxy(config, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in settingSchemas && !declared.has(prop as SettingName)) {
        throw new Error(`${functionName} reads ${prop}, which its needs (functions/<name>/needs.ts) do not imply`);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

const invalid = (error: z.ZodError) =>
  new Error(`Invalid configuration: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);

export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached && env === process.env) return cached;
  const parsed = allSettings().safeParse(env);
  if (!parsed.success) throw invalid(parsed.error);
  if (env === process.env) cached = parsed.data;
  return parsed.data;
}

/** Tests change the environment between suites; this forgets the cached copy. */
export function resetConfigForTests(): void {
  cached = undefined;
  declared.clear();
}
