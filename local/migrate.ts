/**
 * Moves a seed system's data into this system's table (README, "Moving from the seed system").
 *   npm run migrate -- --from-table <seed table> [--to-table <table>] [--segments 8] [--dry-run]
 *                      [--checkpoint <file>] [--report <file>] [--local]
 * --to-table defaults to TABLE_NAME; --local points at the local cloud's DynamoDB Local and table.
 * Safe to interrupt and run again: it resumes from the checkpoint, and never writes an item that exists.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMigration } from '../shared/migration/run';
import { dynamo } from '../shared/table/client';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { localSettings } from './settings';

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run migrate -- --from-table <seed table> [--to-table <table>] [--segments 8] [--dry-run] [--checkpoint <file>] [--report <file>] [--local]`);
  process.exit(2);
}

async function main(argv: string[]) {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--local')) {
    const s = localSettings();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${s.ports.dynamodb}`,
      AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? LOCAL_CREDENTIALS.secretAccessKey,
      TABLE_NAME: process.env.TABLE_NAME ?? s.tableName,
    });
  }
  const fromTable = flag('from-table') ?? usage('--from-table is required');
  const toTable = flag('to-table') ?? process.env.TABLE_NAME ?? usage('--to-table (or TABLE_NAME) is required');
  const segments = Number(flag('segments') ?? 8);
  if (!Number.isInteger(segments) || segments < 1 || segments > 1000) usage('--segments must be a whole number from 1 to 1000');
  const dryRun = argv.includes('--dry-run');
  const checkpointPath = flag('checkpoint') ?? join(process.cwd(), '.migrate', `${fromTable}--${toTable}.json`);
  const report = await runMigration({
    fromTable,
    target: { client: dynamo(), name: toTable },
    segments,
    dryRun,
    checkpointPath,
    log: (l) => console.error(l),
  });
  const text = JSON.stringify({ fromTable, toTable, dryRun, checkpoint: dryRun ? null : checkpointPath, ...report }, null, 2);
  const reportPath = flag('report');
  if (reportPath) writeFileSync(reportPath, text);
  console.log(text);
  if (!report.complete) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
