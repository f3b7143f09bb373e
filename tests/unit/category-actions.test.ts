import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { defineCategoryActions } from '../../shared/actions/category';
import { defineAction } from '../../shared/actions/registry';
import { createCategoryHandler } from '../../shared/http/category-handler';
import { captureOutput } from '../helpers/capture-output';
import { lambdaContext, type Invoke } from '../helpers/events';

const action = (name: string, category: 'messaging' | 'config' = 'messaging') =>
  defineAction({ category, name, description: 'test', input: z.object({}), handler: async () => ({ ran: name }) });

/** A module as `import()` gives it, counting how often it is imported. */
function moduleOf(exports: Record<string, unknown>) {
  const calls = { count: 0 };
  return { calls, load: async () => (calls.count++, exports) };
}

describe('category actions, loaded on first call', () => {
  it('lists names without importing anything, and imports a module once for all its actions', async () => {
    const one = action('one');
    const two = action('two');
    const mod = moduleOf({ one, both: [one, two] });
    const actions = defineCategoryActions('messaging', { one: mod.load, two: mod.load });
    expect(actions.names).toEqual(['one', 'two']);
    expect(mod.calls.count).toBe(0);
    expect(await actions.load('two')).toBe(two);
    expect(await actions.load('two')).toBe(two);
    expect(await actions.load('one')).toBe(one);
    expect(mod.calls.count).toBe(2); // once per name, then remembered
    expect(actions.has('one') && !actions.has('toString') && !actions.has('three')).toBe(true);
  });

  it('refuses a name its module does not declare, declares twice, or declares in another category', async () => {
    const wrongName = defineCategoryActions('messaging', { three: moduleOf({ one: action('one') }).load });
    await expect(wrongName.load('three')).rejects.toThrow(/no action named 'three'/);
    const twice = defineCategoryActions('messaging', { one: moduleOf({ a: action('one'), b: action('one') }).load });
    await expect(twice.load('one')).rejects.toThrow(/more than one action named 'one'/);
    const elsewhere = defineCategoryActions('messaging', { one: moduleOf({ one: action('one', 'config') }).load });
    await expect(elsewhere.load('one')).rejects.toThrow(/declared in category 'config'/);
  });

  it('a failed import is tried again on the next call', async () => {
    let fail = true;
    const one = action('one');
    const actions = defineCategoryActions('messaging', {
      one: async () => {
        if (fail) throw new Error('disk hiccup');
        return { one };
      },
    });
    await expect(actions.load('one')).rejects.toThrow('disk hiccup');
    fail = false;
    expect(await actions.load('one')).toBe(one);
  });

  it('the handler imports only the called action, and answers an unknown one with the names, importing nothing', async () => {
    const a = moduleOf({ a: action('a') });
    const b = moduleOf({ b: action('b') });
    const handler = createCategoryHandler('messaging', defineCategoryActions('messaging', { a: a.load, b: b.load })) as unknown as Invoke;
    expect(await handler({ action: 'a' }, lambdaContext)).toEqual({ statusCode: 200, operation: 'a', ran: 'a' });
    const unknown = await handler({ action: 'c' }, lambdaContext);
    expect(unknown).toMatchObject({ statusCode: 404, validActions: ['a', 'b'] });
    expect([a.calls.count, b.calls.count]).toEqual([1, 0]);
  });

  it('a sending action in a handler built without sendOnce is a 500, never a send without its idempotency guard', async () => {
    const send = defineAction({ category: 'messaging', name: 'send', sends: true, description: 'test', input: z.object({}), handler: async () => ({ sent: true }) });
    const handler = createCategoryHandler('messaging', [send]) as unknown as Invoke;
    const { result, lines } = await captureOutput(() => handler({ action: 'send' }, lambdaContext));
    expect(result).toMatchObject({ statusCode: 500 });
    expect(lines.find((l) => l.message === 'request failed')?.error?.message).toMatch(/pass sendOnce/);
  });
});
