import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { NotFoundError } from '../../shared/errors';
import { getUploadJob } from '../../shared/table/media-upload-jobs';
import { uploadJobView } from './upload-job-view';

const input = z.object({
  jobId: z.uuid().check(z.describe('the jobId upload_media answered with (202)')),
});

const handler = async ({ jobId }: z.output<typeof input>) => {
  const job = await getUploadJob(jobId);
  if (!job) throw new NotFoundError(`No media upload job ${jobId} (jobs are kept 7 days)`, { jobId });
  return { job: uploadJobView(job) };
};

const description =
  'The state of a background upload_media (202): pending, running, succeeded with its mediaId, or failed with the error (and its status code). Kept 7 days.';

export const getMediaUploadJob = defineAction({ category: 'media', name: 'get_media_upload_job', description, input, handler });
