import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ACTION_MANIFEST_PATH, actionManifestText, loadAllActions } from '../../functions/registry';
import { expandAction, type ActionManifest } from '../../shared/actions/manifest';
import { actionPath, describeAction } from '../../shared/actions/registry';

const root = join(__dirname, '..', '..');

describe('action manifest (what help and list_actions answer)', () => {
  it('matches the action registry (run `npm run docs` after changing an action)', async () => {
    expect(readFileSync(join(root, ACTION_MANIFEST_PATH), 'utf8')).toBe(await actionManifestText());
  });

  it('describes every action once, aliases with what they stand for', async () => {
    const allActions = await loadAllActions();
    const manifest = JSON.parse(await actionManifestText()) as ActionManifest;
    // What help answers is exactly what the registry describes, field schemas included.
    expect(manifest.actions.map((a) => expandAction(manifest, a))).toEqual(allActions.map(describeAction));
    expect(allActions.some((a) => a.aliasOf)).toBe(true);
    for (const alias of allActions.filter((a) => a.aliasOf)) {
      expect(manifest.actions.find((a) => a.path === actionPath(alias))?.aliasOf).toBe(alias.aliasOf);
    }
  });

  it('the config function bundles neither the registry nor another category', async () => {
    const out = await build({
      entryPoints: [join(root, 'functions/config/handler.ts')],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['@aws-sdk/*', '@smithy/*'],
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const ours = Object.keys(out.metafile.inputs).filter((p) => p.startsWith('functions/'));
    expect(ours).toContain('functions/config/action-manifest.json');
    expect(ours.filter((p) => !p.startsWith('functions/config/'))).toEqual([]);
  });
});
