import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, readmeWithReference } from '../../local/action-docs';

describe('README action reference', () => {
  it('matches the action registry (run `npm run docs` after changing an action)', async () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(await readmeWithReference(readme));
  });
});
