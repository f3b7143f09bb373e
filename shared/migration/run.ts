import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Table } from '../table/client';
import { existingKeys, putIfAbsent, scanSegment } from '../table/migration';
import { mapSeedItem } from './map-seed-item';

/**
 * Moves the seed's data into this system's table: parallel Scan segments of the old table, each page mapped
 * (map-seed-item.ts), the keys that already exist here looked up in one BatchGetItem per 100, and only the missing
 * items put (conditionally). After each page the segment's position is saved to the checkpoint file, so an
 * interrupted run resumes where it stopped; a finished run run again writes nothing.
 */
export interface MigrationOptions {
  fromTable: string;
  target: Table;
  segments: number;
  dryRun: boolean;
  checkpointPath?: string;
  pageSize?: number;
  /** Parallel puts per segment. */
  writeConcurrency?: number;
  /** Stop after this many pages in total (tests use it to interrupt a run). */
  stopAfterPages?: number;
  log?: (line: string) => void;
}

export interface MigrationReport {
  scanned: number;
  written: Record<string, number>;
  alreadyPresent: number;
  wouldWrite: Record<string, number>;
  unmapped: Record<string, { count: number; examples: string[] }>;
  segmentsDone: number;
  complete: boolean;
}

type Checkpoint = { fromTable: string; toTable: string; segments: number; positions: Record<string, Record<string, unknown> | 'done'> };

function loadCheckpoint(o: MigrationOptions): Checkpoint {
  const fresh: Checkpoint = { fromTable: o.fromTable, toTable: o.target.name, segments: o.segments, positions: {} };
  if (!o.checkpointPath || !existsSync(o.checkpointPath)) return fresh;
  const saved = JSON.parse(readFileSync(o.checkpointPath, 'utf8')) as Checkpoint;
  if (saved.fromTable !== o.fromTable || saved.toTable !== o.target.name || saved.segments !== o.segments) {
    throw new Error(`${o.checkpointPath} belongs to another migration (${saved.fromTable} → ${saved.toTable}, ${saved.segments} segments); delete it or pass another --checkpoint`);
  }
  return saved;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

export async function runMigration(o: MigrationOptions): Promise<MigrationReport> {
  const log = o.log ?? (() => {});
  const checkpoint = loadCheckpoint(o);
  const report: MigrationReport = { scanned: 0, written: {}, alreadyPresent: 0, wouldWrite: {}, unmapped: {}, segmentsDone: 0, complete: false };
  const save = () => {
    if (o.dryRun || !o.checkpointPath) return;
    mkdirSync(dirname(o.checkpointPath), { recursive: true });
    writeFileSync(o.checkpointPath, JSON.stringify(checkpoint));
  };
  let pagesLeft = o.stopAfterPages ?? Infinity;

  const runSegment = async (segment: number) => {
    let position = checkpoint.positions[segment];
    while (position !== 'done' && pagesLeft > 0) {
      pagesLeft -= 1;
      const page = await scanSegment(o.fromTable, segment, o.segments, position, o.pageSize ?? 500, o.target);
      report.scanned += page.items.length;
      const mapped: { kind: string; item: Record<string, unknown> }[] = [];
      for (const old of page.items) {
        const m = mapSeedItem(old);
        if ('skip' in m) {
          const entry = (report.unmapped[m.skip.replace(/ \(.*\)$/, '')] ??= { count: 0, examples: [] });
          entry.count += 1;
          if (entry.examples.length < 3) entry.examples.push(String(old.pk));
        } else mapped.push(m);
      }
      const present = await existingKeys(mapped.map((m) => m.item.pk as string), o.target);
      const missing = mapped.filter((m) => !present.has(m.item.pk as string));
      report.alreadyPresent += mapped.length - missing.length;
      if (o.dryRun) {
        for (const m of missing) report.wouldWrite[m.kind] = (report.wouldWrite[m.kind] ?? 0) + 1;
      } else {
        await inBatches(missing, o.writeConcurrency ?? 16, async (m) => {
          if (await putIfAbsent(m.item, o.target)) report.written[m.kind] = (report.written[m.kind] ?? 0) + 1;
          else report.alreadyPresent += 1;
        });
      }
      position = page.lastKey ?? 'done';
      checkpoint.positions[segment] = position;
      save();
    }
    if (position === 'done') report.segmentsDone += 1;
    log(`segment ${segment}: ${position === 'done' ? 'done' : 'stopped'}`);
  };

  await Promise.all(Array.from({ length: o.segments }, (_, s) => runSegment(s)));
  report.complete = report.segmentsDone === o.segments;
  return report;
}
