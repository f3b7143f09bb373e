import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allActions } from '../../functions/registry';
import { actionPath, Categories } from '../../shared/actions/registry';

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
    expect(actionRoutes).toEqual(allActions.map((a) => `POST ${actionPath(a)}`).sort());
  });

  it('action names are unique and every category with actions has a function whose handler exists', async () => {
    const names = allActions.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const functions = await generateFunctions();
    for (const category of new Set(allActions.map((a) => a.category))) {
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

  it('each category handler exports the actions the registry lists for it', async () => {
    for (const category of new Set(allActions.map((a) => a.category))) {
      const mod = await import(`../../functions/${category}/actions.ts`);
      const exported = (Object.values(mod)[0] as { name: string }[]).map((a) => a.name).sort();
      expect(exported).toEqual(allActions.filter((a) => a.category === category).map((a) => a.name).sort());
    }
  });
});
