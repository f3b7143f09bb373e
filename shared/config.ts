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

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1),
  MEDIA_BUCKET: z.string().min(1),
  INGEST_DLQ_URL: z.string().optional(),
  META_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').default('v23.0'),
  /** How long the linked WABA / phone list from EUM Social is trusted before it is re-read. */
  ACCOUNT_CACHE_SECONDS: z.coerce.number().int().min(0).default(600),
  /** s3rver and other local S3 servers need path-style URLs. */
  S3_FORCE_PATH_STYLE: bool,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
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
