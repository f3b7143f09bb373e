import { defineConfig } from 'vitest/config';

/**
 * Three projects, one `npm test`:
 * - unit: pure logic, no network.
 * - integration: real DynamoDB Local, S3 server and the EUM / SNS / SQS stand-ins, through the real AWS SDK clients.
 * - e2e: the whole local cloud (`npm start`) spawned as a child process and driven over HTTP.
 */
// Node 20 is what these machines run; the SDK's notice about its future Node 22 requirement is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Tests run quiet: the functions' Powertools logger only prints warnings and errors, and EMF metrics are off.
 * tests/unit/observability.test.ts builds handlers with a deployed function's settings to check both.
 */
const quiet = { LOG_LEVEL: 'warn', POWERTOOLS_METRICS_DISABLED: 'true' };

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', env: quiet },
      },
      {
        test: {
          name: 'integration',
          // tests/property: every action with schema-derived inputs (fast-check), on the same engines.
          include: ['tests/integration/**/*.test.ts', 'tests/property/**/*.test.ts'],
          env: quiet,
          globalSetup: ['tests/integration/setup/global-setup.ts'],
          setupFiles: ['tests/integration/setup/env.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
