import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { putUploadJob } from '../../shared/table/media-upload-jobs';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { putObject, TINY_PNG } from './helpers/s3';
import { getItem } from './helpers/table';

/**
 * The background half of upload_media: the media function's async invocation with `{mediaUploadJob: {jobId}}`, as
 * Lambda delivers it (at least once, and again after a failed run). The e2e suite covers the whole path through
 * serverless offline's Lambda API.
 */

let eum: EumStandin;
let media: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  media = (await import('../../functions/media/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

let n = 0;
async function jobFor(s3Key: string) {
  return putUploadJob({ jobId: crypto.randomUUID(), s3Key, mimeType: 'image/png', size: TINY_PNG.length, kind: 'image', phoneNumberId: DEMO_PHONE.phoneNumberId, createdAt: new Date().toISOString() });
}
const run = (jobId: string) => media({ mediaUploadJob: { jobId } }, lambdaContext);

describe('a background upload job', () => {
  it('uploads once, records the media id on the job and the MEDIA_UPLOAD item; a second delivery changes nothing', async () => {
    const s3Key = `fixtures/jobs-${Date.now()}-${++n}/photo.png`;
    await putObject(s3Key, TINY_PNG, 'image/png');
    const job = await jobFor(s3Key);

    expect(await run(job.jobId)).toMatchObject({ jobId: job.jobId, status: 'succeeded' });
    const stored = await getItem(`MEDIA_UPLOAD_JOB#${job.jobId}`);
    expect(stored).toMatchObject({ status: 'succeeded', attempts: 1, mediaId: expect.stringMatching(/^\d+$/) });
    expect(await getItem(`MEDIA_UPLOAD#${stored!.mediaId}`)).toMatchObject({ s3Key, kind: 'image' });

    await run(job.jobId);
    expect(await getItem(`MEDIA_UPLOAD_JOB#${job.jobId}`)).toMatchObject({ status: 'succeeded', attempts: 1, mediaId: stored!.mediaId });
  });

  it('an upload EUM refuses ends the job failed with the error the caller would have got, not retried', async () => {
    const job = await jobFor(`fixtures/jobs-${Date.now()}-${++n}/never-put.png`);

    const outcome = await run(job.jobId);

    expect(outcome).toMatchObject({ status: 'failed' });
    const stored = await getItem(`MEDIA_UPLOAD_JOB#${job.jobId}`);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1, error: { statusCode: expect.any(Number), error: expect.stringContaining('PostWhatsAppMessageMedia') } });
    expect((stored!.error as { statusCode: number }).statusCode).toBeLessThan(500);
  });

  it('an unknown job id does nothing', async () => {
    expect(await run('00000000-0000-4000-8000-000000000001')).toMatchObject({ jobId: undefined, status: undefined });
  });
});
