import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import YAML from 'yaml';

/**
 * The esbuild options serverless-esbuild uses for every function, read from serverless.yml's `custom.esbuild` so the
 * bench cannot drift from the deployed build. Mirrors serverless-esbuild 1.x: its defaults, then the custom section
 * (arrays replace, not merge), then the plugin-only keys removed and `exclude` turned into esbuild `external`.
 */
const PLUGIN_DEFAULTS = { bundle: true, target: 'node18', platform: 'node', external: [] as string[], exclude: ['aws-sdk'] };

/** Keys serverless-esbuild strips before calling esbuild (dist/bundle.js). */
const PLUGIN_ONLY_KEYS = [
  'concurrency', 'zipConcurrency', 'exclude', 'nativeZip', 'packager', 'packagePath', 'watch', 'keepOutputDirectory',
  'packagerOptions', 'installExtraArgs', 'outputFileExtension', 'outputBuildFolder', 'outputWorkFolder', 'nodeExternals',
  'skipBuild', 'skipRebuild', 'skipBuildExcludeFns', 'stripEntryResolveExtensions', 'disposeContext', 'config',
];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string');

export function lambdaBuildOptions(root: string): BuildOptions {
  const doc = YAML.parse(readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as { custom?: { esbuild?: Record<string, unknown> } };
  const custom = doc.custom?.esbuild;
  if (!custom) throw new Error('serverless.yml has no custom.esbuild section');
  if (custom.config) throw new Error('custom.esbuild.config (a JS config file) is not supported by the bench');
  const merged: Record<string, unknown> = { ...PLUGIN_DEFAULTS, ...custom };
  const exclude = strings(merged.exclude);
  const external = [...strings(merged.external), ...(exclude.includes('*') ? [] : exclude)];
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(merged)) if (!PLUGIN_ONLY_KEYS.includes(k)) options[k] = v;
  // As serverless-esbuild does: `plugins` names a file (relative to the service) exporting the plugin array.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (typeof options.plugins === 'string') options.plugins = require(path.join(root, options.plugins)) as BuildOptions['plugins'];
  return { ...options, external } as BuildOptions;
}

/** One line for the report, e.g. `bundle, minify, target node20, platform node, format cjs, external @aws-sdk/*`. */
export function describeBuildOptions(o: BuildOptions): string {
  const parts: string[] = [];
  if (o.bundle) parts.push('bundle');
  if (o.minify) parts.push('minify');
  if (o.sourcemap) parts.push(`sourcemap ${String(o.sourcemap)}`);
  if (o.target) parts.push(`target ${strings(o.target).join('/')}`);
  if (o.platform) parts.push(`platform ${o.platform}`);
  if (o.format) parts.push(`format ${o.format}`);
  if (o.external?.length) parts.push(`external ${o.external.join(' ')}`);
  return parts.join(', ');
}

/**
 * The environment serverless.yml gives every function (`provider.environment`, e.g. NODE_OPTIONS), so a cold start
 * here runs as deployed. Only literal values: a `${...}` variable has no value outside the CLI.
 */
export function deployedSharedEnvironment(root: string): Record<string, string> {
  const doc = YAML.parse(readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as { provider?: { environment?: Record<string, unknown> } };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc.provider?.environment ?? {})) if (typeof v === 'string' && !v.includes('${')) env[k] = v;
  return env;
}
