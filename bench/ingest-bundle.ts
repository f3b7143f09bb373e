import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SNSEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { lambdaBuildOptions } from './esbuild-options';

/** What the ingest bench drives: the ingest handler as deployed, and the parts of its module graph it looks into. */
export interface IngestBundle {
  handler: (event: SNSEvent) => Promise<unknown>;
  dynamo: typeof import('../shared/table/client').dynamo;
  recordOutbound: typeof import('../shared/table/messages').recordOutbound;
}

/**
 * The ingest function built as serverless-esbuild builds it (middy is ESM-only, so the TypeScript sources cannot be
 * required as they are under tsx), with the repository functions the bench calls bundled into the same module graph,
 * so they share one DynamoDB client (the request counter sees the handler's requests). Load it once configuration is
 * in env: the handler reads it at load. BENCH_PROFILE=1 leaves it unminified, for a readable CPU profile.
 */
export async function loadIngestBundle(root: string): Promise<IngestBundle> {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'bench');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(path.join(cacheDir, 'ingest-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  const outfile = path.join(outDir, 'ingest.js');
  await build({
    ...lambdaBuildOptions(root),
    ...(process.env.BENCH_PROFILE ? { minify: false } : {}),
    stdin: {
      contents: [
        "export { handler } from './functions/ingest/handler';",
        "export { dynamo } from './shared/table/client';",
        "export { recordOutbound } from './shared/table/messages';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    absWorkingDir: root,
    write: true,
    logLevel: 'silent',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as IngestBundle;
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where there is no /proc. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), counted from the state field (3) here; in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
