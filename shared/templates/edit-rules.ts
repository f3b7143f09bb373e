import type { FieldProblem } from '../errors';

/**
 * Meta's edit rules that the template as EUM returns it can decide before the edit is sent (reference
 * meta-templates-flows-graph.md §1.10 and the EUM blob limit of c§1.2). The per-day and per-month edit limits of an
 * approved template are not decidable here (GET shows no edit history): EUM's refusal of them is mapped instead.
 */
export const EDITABLE_STATUSES = ['APPROVED', 'REJECTED', 'PAUSED'] as const;
/** EUM's `templateComponents` blob is at most 3,000 bytes (below Meta's own limit). */
export const TEMPLATE_COMPONENTS_MAX_BYTES = 3000;

export interface EditVerdict {
  /** The template's state forbids the edit (409): says which state and why. */
  conflict?: string;
  problems: FieldProblem[];
}

export function editVerdict(current: { name: string; status?: unknown; category?: unknown }, edit: { category?: string; components?: unknown[] }): EditVerdict {
  const status = String(current.status ?? 'UNKNOWN').toUpperCase();
  if (!(EDITABLE_STATUSES as readonly string[]).includes(status)) {
    return { conflict: `${current.name} is ${status}; Meta only allows editing APPROVED, REJECTED or PAUSED templates`, problems: [] };
  }
  const category = String(current.category ?? '').toUpperCase();
  if (status === 'APPROVED' && edit.category && category && edit.category.toUpperCase() !== category) {
    const reason = `${current.name} is APPROVED and an approved template's category is fixed (${category}); create a new template for ${edit.category}`;
    return { conflict: reason, problems: [{ field: 'category', reason }] };
  }
  const problems: FieldProblem[] = [];
  if (edit.components) {
    const bytes = Buffer.byteLength(JSON.stringify(edit.components), 'utf8');
    if (bytes > TEMPLATE_COMPONENTS_MAX_BYTES) {
      problems.push({ field: 'components', reason: `${bytes} bytes as JSON; EUM Social accepts at most ${TEMPLATE_COMPONENTS_MAX_BYTES} bytes of components in an edit` });
    }
  }
  return { problems };
}
