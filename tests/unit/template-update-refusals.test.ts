import { describe, expect, it } from 'vitest';
import { editVerdict } from '../../shared/templates/edit-rules';
import { updateRefusal } from '../../shared/templates/eum-refusals';

/** Meta's edit rules (reference §1.10): what the template's state decides, and EUM's refusals of an edit. */
const edit = { name: 'order_ready', status: 'APPROVED', components: [{ type: 'BODY' }, { type: 'BUTTONS' }] };

describe('updateRefusal', () => {
  it('the edit limit is a conflict of the APPROVED state, not the "not editable" one its wording also resembles', () => {
    const r = updateRefusal('(#2388027) An approved template can be edited once per 24 hours and 10 times per 30 days', edit);
    expect(r?.conflict).toMatch(/^order_ready is APPROVED: .*once per 24 hours/);
    expect(r?.problems).toEqual([{ field: 'components', reason: r?.conflict }]);
  });

  it('a state Meta does not edit is a conflict naming that state', () => {
    const r = updateRefusal('(#2388025) Only APPROVED, REJECTED or PAUSED templates can be edited; order_ready is PENDING', { ...edit, status: 'PENDING' });
    expect(r).toEqual({ conflict: expect.stringMatching(/^order_ready is PENDING; only APPROVED, REJECTED or PAUSED/), problems: [] });
  });

  it("an approved template's category change names `category`", () => {
    const r = updateRefusal('(#2388026) The category of an approved template cannot change (UTILITY)', edit);
    expect(r?.problems).toEqual([{ field: 'category', reason: expect.stringContaining('cannot change') }]);
  });

  it.each([
    ['(#2388299) Variables can\'t be at the start or end of the template body', 'components.0.text'],
    ['(#100) Invalid parameter: button 1 url must be a URL', 'components.1.buttons.1'],
    ["1 validation error detected: Value '…' at 'templateComponents' failed to satisfy constraint: Member must have length less than or equal to 3000", 'components'],
  ])('component refusal %s → 400 on %s', (message, field) => {
    expect(updateRefusal(message, edit)).toEqual({ problems: [{ field, reason: expect.stringContaining('Meta refused it') }] });
  });

  it('an unknown refusal maps to nothing, so EUM’s own error is kept', () => {
    expect(updateRefusal('(#9) Something else entirely', edit)).toBeUndefined();
  });
});

describe('editVerdict', () => {
  it.each(['PENDING', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION'])('%s cannot be edited: a conflict naming it', (status) => {
    expect(editVerdict({ name: 'x', status }, { components: [] }).conflict).toContain(`x is ${status}`);
  });

  it.each(['APPROVED', 'REJECTED', 'PAUSED'])('%s can be edited', (status) => {
    expect(editVerdict({ name: 'x', status, category: 'UTILITY' }, { components: [{ type: 'BODY', text: 'hi' }] })).toEqual({ problems: [] });
  });

  it('only an approved template keeps its category; the same category is no change', () => {
    expect(editVerdict({ name: 'x', status: 'APPROVED', category: 'UTILITY' }, { category: 'MARKETING' }).problems[0]?.field).toBe('category');
    expect(editVerdict({ name: 'x', status: 'APPROVED', category: 'UTILITY' }, { category: 'UTILITY' })).toEqual({ problems: [] });
    expect(editVerdict({ name: 'x', status: 'REJECTED', category: 'UTILITY' }, { category: 'MARKETING' })).toEqual({ problems: [] });
  });

  it("counts the components' JSON in UTF-8 bytes against EUM's 3,000", () => {
    const at = (text: string) => editVerdict({ name: 'x', status: 'PAUSED' }, { components: [{ type: 'BODY', text }] });
    const overhead = JSON.stringify([{ type: 'BODY', text: '' }]).length;
    expect(at('a'.repeat(3000 - overhead)).problems).toEqual([]);
    expect(at('é'.repeat(1500)).problems[0]).toMatchObject({ field: 'components', reason: expect.stringContaining('at most 3000 bytes') });
  });
});
