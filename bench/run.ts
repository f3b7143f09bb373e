/**
 * `npm run bench`: prints figures, asserts nothing. Exits non-zero only when something crashed (a build failed, a
 * handler threw, a child did not answer), never because a target was missed.
 *
 * Sections run in order; add one by appending to SECTIONS. BENCH_ONLY=<word> runs the sections whose title has it;
 * BENCH_ONLY=bundle BENCH_BUNDLES_ONLY=1 prints only the bundle sizes.
 */
// Node 20 is what these machines run; the SDK's notice about its future Node 22 requirement is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import path from 'node:path';
import { benchBundles } from './cold-start';
import { benchIngest } from './ingest-throughput';
import { benchLocalCloudLoad } from './local-cloud-load';
import { benchLocalCloudStart } from './local-cloud-start';
import { benchSend } from './send-path';
import { benchSoak } from './soak';
import { benchStatuses } from './status-throughput';

const ROOT = path.resolve(__dirname, '..');

interface Section {
  title: string;
  /** Prints its own report; returns the problems that should fail the run. */
  run: () => Promise<{ errors: string[] }>;
}

const SECTIONS: Section[] = [
  { title: 'Bundle size and cold start', run: () => benchBundles({ root: ROOT }) },
  { title: 'Ingest throughput', run: () => benchIngest() },
  { title: 'Ingest statuses vs the seed', run: () => benchStatuses() },
  { title: 'Sends: send_text against its I/O floor', run: () => benchSend() },
  { title: 'Local cloud start: cold and warm', run: () => benchLocalCloudStart() },
  { title: 'Local cloud: start and HTTP load', run: () => benchLocalCloudLoad() },
  { title: 'Soak: transient faults, every record delivered twice', run: () => benchSoak({ root: ROOT }) },
];

async function main(): Promise<number> {
  const problems: string[] = [];
  // BENCH_ONLY=ingest runs only the sections whose title contains that word.
  const only = process.env.BENCH_ONLY?.toLowerCase();
  for (const section of SECTIONS.filter((s) => !only || s.title.toLowerCase().includes(only))) {
    const started = performance.now();
    console.log(`\n== ${section.title} ==\n`);
    try {
      const { errors } = await section.run();
      problems.push(...errors.map((e) => `${section.title}: ${e}`));
    } catch (err) {
      console.error(err);
      problems.push(`${section.title}: crashed: ${(err as Error).message}`);
    }
    console.log(`\n(${section.title}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  if (problems.length) {
    console.error(`\nbench: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
