import type { AnyAction, Category } from './registry';

/**
 * A category's actions, each loaded when first called. functions/<category>/actions.ts lists them once, by name,
 * each with the import of the module that declares it (`defineAction` there). A cold start then builds only the
 * called action's schema and loads only its module's code: esbuild keeps every `import()` target in the same bundle
 * and runs a module's top level on first import (its `__esm` wrapper), not at load.
 *
 * The name is the index, the module's `defineAction` the truth: loading a name that its module does not declare
 * (or declares twice, or in another category) throws, and tests/unit/routes-match-registry.test.ts loads every one.
 */
export type ActionModule = () => Promise<Record<string, unknown>>;

export interface CategoryActions {
  category: Category;
  /** Every action name of the category, in the listed order (help and the README keep it); no module is loaded. */
  names: readonly string[];
  has(name: string): boolean;
  /** The action's definition; its module is imported once, on the first call. */
  load(name: string): Promise<AnyAction>;
  /** Every definition, in the listed order (the registry's docs and tests; never on a request's path). */
  loadAll(): Promise<AnyAction[]>;
}

const isAction = (v: unknown): v is AnyAction =>
  !!v && typeof v === 'object' && typeof (v as AnyAction).name === 'string' && typeof (v as AnyAction).handler === 'function' && 'input' in v;

/** The one action named `name` among a module's exports (an export may be an action or a list of them). */
function actionIn(mod: Record<string, unknown>, name: string, category: Category): AnyAction {
  const found = new Set<AnyAction>();
  for (const value of Object.values(mod)) {
    for (const candidate of Array.isArray(value) ? value : [value]) if (isAction(candidate) && candidate.name === name) found.add(candidate);
  }
  if (found.size !== 1) throw new Error(`${category}/actions.ts: ${found.size === 0 ? 'no' : 'more than one'} action named '${name}' in the module listed for it`);
  const [action] = found as unknown as [AnyAction];
  if (action.category !== category) throw new Error(`${category}/actions.ts lists '${name}', which is declared in category '${action.category}'`);
  return action;
}

export function defineCategoryActions(category: Category, modules: Record<string, ActionModule>): CategoryActions {
  const names = Object.keys(modules);
  const loaded = new Map<string, Promise<AnyAction>>();
  const load = (name: string): Promise<AnyAction> => {
    const module = modules[name];
    if (!module || !Object.hasOwn(modules, name)) return Promise.reject(new Error(`${category}: no action '${name}'`));
    let action = loaded.get(name);
    if (!action) {
      action = module().then((mod) => actionIn(mod, name, category));
      // A failed import is not remembered: the next call tries again.
      action.catch(() => loaded.delete(name));
      loaded.set(name, action);
    }
    return action;
  };
  return {
    category,
    names,
    has: (name) => Object.hasOwn(modules, name),
    load,
    loadAll: () => Promise.all(names.map(load)),
  };
}

/** Definitions already loaded, as a category list (a handler built around a few actions, as tests do). */
export function loadedCategoryActions(category: Category, actions: readonly AnyAction[]): CategoryActions {
  return defineCategoryActions(category, Object.fromEntries(actions.map((a) => [a.name, async () => ({ action: a })])));
}
