/**
 * Once, after deploying this version over one that kept statuses without EUM's id under PENDING_STATUS#<wamid>:
 * moves them to where this version looks (README, Ingest). Idempotent; those items expire 7 days after they were kept.
 *   TABLE_NAME=<table> npm run adopt-waiting-statuses          (AWS credentials and region from the environment)
 */
import { adoptLegacyWaitingStatuses } from '../shared/table/legacy-waiting-statuses';

adoptLegacyWaitingStatuses()
  .then((moved) => console.log(JSON.stringify({ table: process.env.TABLE_NAME, statusesMoved: moved })))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
