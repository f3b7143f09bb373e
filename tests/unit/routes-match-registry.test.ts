import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionNames, categoryActions } from '../../functions/registry';
import { actionPath, Categories, type AnyAction } from '../../shared/actions/registry';

const root = join(__dirname, '..', '..');
// The same generator serverless.yml uses (`functions: ${file(./resources/functions.cjs)}`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generateFunctions = require('../../resources/functions.cjs') as () => Promise<Record<string, any>>;
const publicRoutes = require('../../resources/functions.cjs').PUBLIC_ROUTES as { method: string; path: string }[];

describe('routes generated for serverless.yml match the action registry', () => {
  it('every action has exactly one POST route with the authorizer, and every other route is a known public one', async () => {
    const functions = await generateFunctions();
    const routes = Object.values(functions).flatMap((f: any) => (f.events ?? []).filter((e: any) => e.httpApi).map((e: any) => e.httpApi));
    const isPublic = (r: any) => publicRoutes.some((p) => p.method === r.method && p.path === r.path);
    // Only the Flows data endpoint, which WhatsApp calls (it authenticates by signature), has no authorizer.
    expect(publicRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /flows/flow_data_exchange']);
    expect(functions.flowEndpoint.events).toEqual([{ httpApi: { method: 'POST', path: '/flows/flow_data_exchange' } }]);
    for (const r of routes.filter((x: any) => !isPublic(x))) expect(r.authorizer).toEqual({ name: 'apiKeyAuthorizer' });
    const actionRoutes = routes.filter((r: any) => !r.path.includes('{') && r.path !== '/' && !isPublic(r)).map((r: any) => `${r.method} ${r.path}`).sort();
    // The seed's one URL, authorized like every route, answered by the config function.
    expect(functions.config.events.map((e: any) => e.httpApi)).toContainEqual({ method: 'POST', path: '/', authorizer: { name: 'apiKeyAuthorizer' } });
    expect(actionRoutes).toEqual(actionNames.map((a) => `POST ${actionPath(a)}`).sort());
  });

  it('action names are unique and every category with actions has a function whose handler exists', async () => {
    const names = actionNames.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const functions = await generateFunctions();
    for (const category of new Set(actionNames.map((a) => a.category))) {
      expect(Categories).toContain(category);
      const fn = Object.values(functions).find((f: any) => f.handler === `functions/${category}/handler.handler`);
      expect(fn, `function for ${category}`).toBeDefined();
      expect(existsSync(join(root, 'functions', category, 'handler.ts'))).toBe(true);
    }
  });

  it('the ingest function is subscribed to the inbound topic and fails over to the dead-letter queue', async () => {
    const { ingest } = await generateFunctions();
    expect(ingest.events).toEqual([{ sns: { arn: { Ref: 'InboundTopic' }, topicName: '${self:custom.inboundTopicName}' } }]);
    expect(ingest.destinations.onFailure.arn).toEqual({ 'Fn::GetAtt': ['IngestDeadLetterQueue', 'Arn'] });
  });

  it("each category's list names exactly the actions its modules declare, each in its own category", async () => {
    for (const listed of categoryActions) {
      // Loading a name checks that its module declares exactly one action of that name in this category.
      const loaded = await listed.loadAll();
      expect(loaded.map((a) => a.name)).toEqual([...listed.names]);
      expect(new Set(loaded.map((a) => a.category))).toEqual(new Set([listed.category]));
      // The handler's list is this one.
      const mod = await import(`../../functions/${listed.category}/actions.ts`);
      expect(Object.values(mod)[0]).toBe(listed);
    }
  });

  it('every action a category module declares is listed', async () => {
    const listed = new Set(actionNames.map((a) => `${a.category}/${a.name}`));
    const files = readdirSync(join(root, 'functions'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(root, 'functions', d.name)).map((f) => `${d.name}/${f}`))
      .filter((f) => f.endsWith('.ts') && !/\/(handler|needs|actions)\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    const declared = new Set<string>();
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ join(root, 'functions', file))) as Record<string, unknown>;
      for (const value of Object.values(mod)) {
        for (const a of Array.isArray(value) ? value : [value]) {
          const action = a as Partial<AnyAction> | null;
          if (action && typeof action === 'object' && typeof action.name === 'string' && typeof action.handler === 'function' && action.category) {
            expect(listed, `${file} declares ${action.name}`).toContain(`${action.category}/${action.name}`);
            declared.add(`${action.category}/${action.name}`);
          }
        }
      }
    }
    expect(declared).toEqual(listed);
  });
});
