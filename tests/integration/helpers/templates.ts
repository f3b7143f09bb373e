import type { EumStandin } from '../../../local/standins/eum/server';
import { newMetaId } from '../../../local/standins/eum/templates/state';

/** Puts an APPROVED template in the stand-in's WABA, as if Meta had approved it long ago (no review, no webhook). */
export function seedApprovedTemplate(
  eum: EumStandin,
  t: { name: string; language: string; components: unknown[]; category?: string; parameterFormat?: 'NAMED' | 'POSITIONAL' },
): string {
  const id = newMetaId();
  eum.templates.add({
    id,
    name: t.name,
    language: t.language,
    category: t.category ?? 'UTILITY',
    status: 'APPROVED',
    parameterFormat: t.parameterFormat ?? 'POSITIONAL',
    components: t.components,
    qualityScore: 'GREEN',
    approvedEdits: [],
  });
  return id;
}

/** The stand-in's webhook envelopes for one field, as SNS message bodies. */
export const eventsOf = (eum: EumStandin, field: string) => eum.events.filter((e) => e.field === field);
