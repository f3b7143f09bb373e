import { createHash } from 'node:crypto';
import type { ActionSummary, PublicRoute } from './registry';

/**
 * The action manifest: every action's `help` entry (path, description, required fields, field schemas, aliasOf),
 * generated from the registry into functions/config/action-manifest.json. The config function answers `help`,
 * `list_actions` and the 404 of unknown routes from that file, so it does not bundle every category's code.
 *
 * Written by `npm run docs` and at package time (resources/functions.cjs, also under `npm start`);
 * tests/unit/action-manifest.test.ts fails when the committed file differs from the registry.
 *
 * Most field schemas repeat across actions (every send takes `to`, `replyTo`, the sender fields…), so each distinct
 * schema is stored once under a hash of its content and actions name it: the file, and the config bundle, grow with
 * the distinct fields rather than with every action's copy of them.
 */
export interface StoredAction extends Omit<ActionSummary, 'fields'> {
  /** Field name → key in `fieldSchemas`. */
  fields: Record<string, string>;
}

export interface ActionManifest {
  note: string;
  fieldSchemas: Record<string, unknown>;
  actions: StoredAction[];
  /** Routes without the API-key authorizer (flow_data_exchange): shown by help, never forwarded by POST /. */
  routes: PublicRoute[];
}

export const MANIFEST_NOTE =
  'Generated from the action registry by `npm run docs` (and at package time); do not edit. tests/unit/action-manifest.test.ts fails when it drifts.';

/** An action's help entry with its field schemas filled in. */
export function expandAction(manifest: ActionManifest, stored: StoredAction): ActionSummary {
  const fields = Object.fromEntries(Object.entries(stored.fields).map(([name, key]) => [name, manifest.fieldSchemas[key]]));
  return { ...stored, fields };
}

/** Content-addressed, so adding an action never renames the keys other actions use (merges stay small). */
const schemaKey = (json: string): string => createHash('sha256').update(json).digest('hex').slice(0, 10);

/**
 * The manifest file's text: one action and one field schema per line, so two engineers adding actions to different
 * categories touch different lines (and a conflict is settled by re-running `npm run docs`).
 */
export function renderManifest(actions: readonly ActionSummary[], routes: readonly PublicRoute[] = []): string {
  const schemas = new Map<string, string>();
  const stored = actions.map((a) => {
    const fields: Record<string, string> = {};
    for (const [name, schema] of Object.entries(a.fields)) {
      const json = JSON.stringify(schema);
      const key = schemaKey(json);
      schemas.set(key, json);
      fields[name] = key;
    }
    return JSON.stringify({ ...a, fields });
  });
  const schemaLines = [...schemas.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, json]) => `    ${JSON.stringify(k)}: ${json}`);
  return [
    '{',
    `  "note": ${JSON.stringify(MANIFEST_NOTE)},`,
    '  "fieldSchemas": {',
    schemaLines.join(',\n'),
    '  },',
    '  "actions": [',
    stored.map((line) => `    ${line}`).join(',\n'),
    '  ],',
    '  "routes": [',
    routes.map((r) => `    ${JSON.stringify(r)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}
