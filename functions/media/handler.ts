import type { Context } from 'aws-lambda';
import { configure } from '../../shared/config';
import { needs } from './needs';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { isUploadJobEvent, runUploadJob } from '../../shared/media/upload-jobs';
import { mediaActions } from './actions';

// Fail at cold start, not on the first request, when the environment is wrong.
configure(needs);

const actions = createCategoryHandler('media', mediaActions);

/** Requests and direct invocations go to the actions; upload_media's background runs (async invocations) to the job. */
export const handler = (event: unknown, context: Context) =>
  isUploadJobEvent(event) ? runUploadJob(event).then((job) => ({ jobId: job?.jobId, status: job?.status })) : actions(event as never, context);
