import { describe, expect, it } from 'vitest';
import { createRefusalProblems } from '../../shared/templates/eum-refusals';

/** Meta's create-template codes (reference §1.1) land on the component they are about. */
const def = {
  name: 'order_ready',
  language: 'en_US',
  components: [{ type: 'HEADER' }, { type: 'BODY' }, { type: 'FOOTER' }, { type: 'BUTTONS' }],
};

describe('createRefusalProblems', () => {
  it.each([
    ['(#2388299) Variables can\'t be at the start or end of the template body', 'components.1.text'],
    ['(#2388047) Invalid header format: at most one variable', 'components.0'],
    ['(#2388073) Invalid footer format: no variables', 'components.2.text'],
    ['(#2388040) Footer text is too long: at most 60 characters', 'components.2.text'],
    ['(#100) Invalid parameter: button 2 text is required, at most 25 characters', 'components.3.buttons.2'],
    ['(#100) Invalid parameter: category must be one of MARKETING, UTILITY, AUTHENTICATION', 'category'],
    ["1 validation error detected: Value '…' at 'templateDefinition' failed to satisfy constraint: Member must have length less than or equal to 6000", 'components'],
  ])('%s → %s', (message, field) => {
    expect(createRefusalProblems(message, def)).toEqual([{ field, reason: expect.stringContaining(message.replace(/^\(#\d+\) /, '')) }]);
  });

  it('maps every part of a joined message, and nothing when one part is unknown (EUM\'s error is kept whole)', () => {
    const two = createRefusalProblems('(#2388072) Invalid body format: mismatched braces; (#2388040) Header text is too long: at most 60 characters', def);
    expect(two.map((p) => p.field)).toEqual(['components.1.text', 'components.0.text']);
    expect(createRefusalProblems('(#2388072) Invalid body format: x; (#999) Something new', def)).toEqual([]);
    expect(createRefusalProblems('Rate exceeded', def)).toEqual([]);
  });
});
