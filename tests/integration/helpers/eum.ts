import { startEumStandin, type EumStandin } from '../../../local/standins/eum/server';

/**
 * Starts an EUM Social stand-in for one test file and points the SDK at it (AWS_ENDPOINT_URL_SOCIALMESSAGING).
 * Status envelopes are captured instead of published, so tests choose when and in which order ingest sees them.
 */
export async function startEumForTest(): Promise<{ eum: EumStandin; published: string[] }> {
  const published: string[] = [];
  const eum = await startEumStandin({
    port: 0,
    statusDelayMs: 1,
    templateReviewDelayMs: 1,
    publish: async (body) => {
      published.push(body);
    },
    s3: { endpoint: process.env.AWS_ENDPOINT_URL_S3!, forcePathStyle: true },
    logger: () => {},
  });
  process.env.AWS_ENDPOINT_URL_SOCIALMESSAGING = eum.url;
  return { eum, published };
}
