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
  /** The topic EUM Social publishes to (config: get_infra reports it). */
  INBOUND_TOPIC_ARN: z.string().optional(),
  /** `<service>-<stage>-`: a category's function is this plus its key (POST / forwards there; get_infra lists them). */
  FUNCTION_NAME_PREFIX: z.string().optional(),
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
