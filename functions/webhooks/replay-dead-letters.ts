import * as z from '../../shared/zod';
import { defineAction } from '../../shared/actions/registry';
import { deleteLetter, queueDepth, receiveLetters, releaseLetter, type Letter } from '../../shared/dead-letters/queue';
import { processRecord } from '../../shared/ingest/process';

async function replay(letter: Letter): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (letter.records.length === 0) return { ok: false, reason: letter.reason };
  try {
    // Ingest is idempotent: records that had partly succeeded before change nothing the second time.
    for (const record of letter.records) await processRecord(record);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

export const replayDeadLetters = defineAction({
  category: 'webhooks',
  name: 'replay_dead_letters',
  description:
    'Re-drives dead-lettered inbound events through ingest (after a fix). A letter that now succeeds is deleted; one that fails again stays in the queue with the new reason reported. Letters marked poison are skipped unless includePoison is set.',
  input: z.object({
    limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 10).check(
      z.describe('How many letters to replay at most (1-100, default 10)'),
    ),
    letterIds: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(100))).check(
      z.describe('Only these letters (letterId from list_dead_letters)'),
    ),
    dryRun: z._default(z.boolean(), false).check(z.describe('Report what would be replayed without doing it')),
    includePoison: z._default(z.boolean(), false).check(
      z.describe('Also replay letters marked poison (records that failed in a way a retry cannot fix), e.g. after a code fix'),
    ),
  }),
  handler: async ({ limit, letterIds, dryRun, includePoison }) => {
    // Hold received letters long enough to process them; anything not ours to replay is released at once.
    const received = await receiveLetters(letterIds || !includePoison ? 100 : limit, 120);
    const asked = letterIds ? received.filter((l) => letterIds.includes(l.letterId)) : received;
    const chosen = asked.filter((l) => includePoison || !l.poison).slice(0, letterIds ? undefined : limit);
    const skippedPoison = asked.filter((l) => !includePoison && l.poison).map((l) => l.letterId);
    const others = received.filter((l) => !chosen.includes(l));
    await Promise.all(others.map(releaseLetter));
    const results = [];
    for (const letter of chosen) {
      if (dryRun) {
        await releaseLetter(letter);
        results.push({ letterId: letter.letterId, kind: letter.kind, reason: letter.reason, replayed: false });
        continue;
      }
      const outcome = await replay(letter);
      if (outcome.ok) await deleteLetter(letter);
      else await releaseLetter(letter);
      results.push({ letterId: letter.letterId, kind: letter.kind, replayed: outcome.ok, ...(outcome.ok ? {} : { reason: outcome.reason }) });
    }
    const missing = (letterIds ?? []).filter((id) => !asked.some((l) => l.letterId === id));
    const depth = await queueDepth();
    return {
      dryRun,
      replayed: results.filter((r) => r.replayed).length,
      failed: results.filter((r) => !r.replayed && !dryRun).length,
      results,
      ...(missing.length ? { notFound: missing } : {}),
      ...(skippedPoison.length ? { skippedPoison } : {}),
      queued: depth.visible + depth.inFlight,
    };
  },
});
