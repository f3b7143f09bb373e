import * as z from 'zod';

/**
 * Runtime configuration, read from the environment once per process and validated.
 * Endpoints for local runs are not here: the AWS SDK reads AWS_ENDPOINT_URL_<SERVICE> itself,
 * so production code never branches on "local".
 */
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** Like `bool`, but unset or empty means true. */
const boolDefaultTrue = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === undefined || v === '' || v === 'true' || v === '1');

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  MEDIA_BUCKET: z.string().min(1),
  INGEST_DLQ_URL: z.string().optional(),
  META_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').default('v23.0'),
  /** How long the linked WABA / phone list from EUM Social is trusted before it is re-read. */
  ACCOUNT_CACHE_SECONDS: z.coerce.number().int().min(0).default(600),
  /** The media bucket's lifecycle expiry (WA_MEDIA_EXPIRATION_DAYS); items describing stored copies expire with them. */
  MEDIA_EXPIRATION_DAYS: z.coerce.number().int().min(1).default(365),
  /** s3rver and other local S3 servers need path-style URLs. */
  S3_FORCE_PATH_STYLE: bool,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /**
   * Refuse free-form sends to customers whose 24-hour customer-service window is closed, before calling EUM Social
   * (Meta would fail them later with 131047). "false" lets Meta decide.
   */
  ENFORCE_CUSTOMER_SERVICE_WINDOW: boolDefaultTrue,
  /** Ingest: send a read receipt for every new inbound message. */
  AUTO_MARK_READ: bool,
  /** Ingest: answer a customer once per 24 h with this text when nothing was sent to them in the last 24 h. */
  AUTO_REPLY_TEXT: z
    .string()
    .max(4096, 'at most 4096 characters (Meta text limit)')
    .optional()
    .transform((v) => (v?.trim() ? v : undefined)),
  /** Meta's Graph API, for what EUM Social has no operation for (business profile, calling, groups). */
  GRAPH_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://graph.facebook.com'),
  /** Graph API version; unset means META_API_VERSION. */
  GRAPH_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').optional(),
  /** Secrets Manager name of a WABA's Graph token; `{wabaId}` is replaced by Meta's WABA id. */
  GRAPH_TOKEN_SECRET_NAME: z
    .string()
    .refine((v) => v.includes('{wabaId}'), 'must contain {wabaId}')
    .default('whatsapp-eum/graph-token/{wabaId}'),
  /** How long a token read from Secrets Manager is reused before it is read again (a rotated token is picked up). */
  GRAPH_TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).default(300),
  /** Attempts per Graph request when Meta throttles (4, 17, 32, 613, 80007, 130429) or fails (5xx). */
  GRAPH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** First backoff between Graph attempts; doubles each time, with jitter. */
  GRAPH_RETRY_BASE_MS: z.coerce.number().int().min(0).default(300),
});

export type Config = z.output<typeof EnvSchema>;

let cached: Config | undefined;

export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached && env === process.env) return cached;
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (env === process.env) cached = parsed.data;
  return parsed.data;
}

/** Tests change the environment between suites; this forgets the cached copy. */
export function resetConfigForTests(): void {
  cached = undefined;
}
