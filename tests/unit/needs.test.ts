import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configure, getConfig, resetConfigForTests, settingsFor } from '../../shared/config';
import { inboundMediaPrefix } from '../../shared/ingest/inbound/media';
import { mediaKeyPrefix } from '../../shared/media/download';
import { uploadKeyFor } from '../../shared/media/presign';
import { bucketAreas, defineNeeds, effectiveNeeds, type Needs } from '../../shared/needs';

// The packaging-time derivations (CommonJS), run on the same declarations.
const { functionDirs, loadNeeds } = require('../../resources/registry.cjs');
const { statementsFor } = require('../../resources/iam.cjs');

const root = join(__dirname, '..', '..');
const dirs = (functionDirs() as { dir: string }[]).map((f) => f.dir);
const lib = loadNeeds(dirs);

/** The IAM action each AWS SDK command needs, by the package it comes from (esbuild names the import after it). */
const iamActionOf: Record<string, (command: string) => string> = {
  lib_dynamodb: (c) =>
    ({ Get: 'dynamodb:GetItem', Put: 'dynamodb:PutItem', Update: 'dynamodb:UpdateItem', Delete: 'dynamodb:DeleteItem', Query: 'dynamodb:Query' })[c] ??
    (c === 'TransactWrite' ? 'dynamodb:PutItem' : `dynamodb:${c}`),
  client_s3: (c) => ({ HeadObject: 's3:GetObject', ListObjectsV2: 's3:ListBucket', GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration' })[c] ?? `s3:${c}`,
  client_dynamodb: (c) => `dynamodb:${c}`,
  client_sns: (c) => `sns:${c}`,
  client_lambda: (c) => ({ Invoke: 'lambda:InvokeFunction' })[c] ?? `lambda:${c}`,
  client_sqs: (c) => `sqs:${c}`,
  client_socialmessaging: (c) => `social-messaging:${c}`,
  client_secrets_manager: (c) => `secretsmanager:${c}`,
};

/** Every AWS call a function's bundle can make, as IAM actions (read from its compiled code, not from its author). */
function callsOf(dir: string): { actions: Set<string>; mayAlsoHold: Set<string>; bundlesRegistry: boolean } {
  const out = buildSync({
    entryPoints: [join(root, 'functions', dir, 'handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  const actions = new Set<string>();
  for (const [, name, command] of code.matchAll(/\bimport_(\w+)\.(\w+)Command\b/g)) {
    // esbuild numbers a second import of the same package: import_client_s3 -> import_client_s32.
    const pkg = Object.keys(iamActionOf).find((p) => name === p || new RegExp(`^${p}\\d+$`).test(name!));
    const map = pkg && iamActionOf[pkg];
    if (!map) throw new Error(`${dir}: ${command}Command from import_${name}: add its package to iamActionOf`);
    actions.add(map(command!));
  }
  // Packages loaded when first needed (shared/aws/clients.ts): `eumSdk().SendWhatsAppMessageCommand` and the like.
  const lazySdk: Record<string, string> = { eum: 'client_socialmessaging', s3: 'client_s3', sqs: 'client_sqs' };
  for (const [, sdk, command] of code.matchAll(/\b(eum|s3|sqs)Sdk\)?\(\)\)?\.(\w+)Command\b/g)) {
    actions.add(iamActionOf[lazySdk[sdk!]!]!(command!));
  }
  // Calls made with this function's credentials by someone else, or that change an answer: EUM reads the media it
  // posts and writes the media it gets; ListBucket makes HeadObject answer 404 rather than 403 for a missing key.
  if (actions.has('social-messaging:PostWhatsAppMessageMedia') || actions.has('social-messaging:CreateWhatsAppMessageTemplateMedia')) actions.add('s3:GetObject');
  if (actions.has('social-messaging:GetWhatsAppMessageMedia')) actions.add('s3:PutObject');
  // lib-storage's Upload (export_messages) sends PutObject or a multipart upload, both s3:PutObject.
  if (/\bimport_lib_storage\d*\.Upload\b/.test(code)) actions.add('s3:PutObject');
  const mayAlsoHold = new Set(actions.has('s3:GetObject') ? ['s3:ListBucket'] : []);
  return { actions, mayAlsoHold, bundlesRegistry: Object.keys(out.metafile!.inputs).includes('functions/registry.ts') };
}

const grantedActions = (dir: string, switchesOn: boolean) =>
  new Set((statementsFor(lib, dir, effectiveNeeds(lib.needs[dir], () => switchesOn), 'svc/stage/') as { Action: string[] }[]).flatMap((s) => s.Action));
// PutItem, UpdateItem and ConditionCheckItem (inside a transaction) are granted together, for the kinds the function writes.
const WRITES = new Set(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']);
const writePair = (actions: Set<string>) => new Set([...actions].map((a) => (WRITES.has(a) ? 'dynamodb:write' : a)));

describe('needs declarations match the code', () => {
  it.each(dirs)('%s: every AWS call its bundle makes is granted, and nothing it never calls', (dir) => {
    const { actions, mayAlsoHold, bundlesRegistry } = callsOf(dir);
    const used = writePair(actions);
    // The config function bundles the whole registry for help (issue 7.2 replaces that with a manifest), so its
    // bundle holds other categories' calls it never makes; only the other direction holds for it today.
    if (!bundlesRegistry) expect([...used].filter((a) => !writePair(grantedActions(dir, true)).has(a)), 'called but not declared').toEqual([]);
    expect([...writePair(grantedActions(dir, false))].filter((a) => !used.has(a) && !mayAlsoHold.has(a)), 'declared but never called').toEqual([]);
  });

  it('keeps every media key builder inside a declared bucket area', () => {
    expect(uploadKeyFor('photo.jpg', 'image/jpeg').startsWith(bucketAreas.uploads)).toBe(true);
    expect(mediaKeyPrefix('phone-number-id-1').startsWith(bucketAreas.downloads)).toBe(true);
    expect(inboundMediaPrefix('phone-number-id-1').startsWith(bucketAreas.inbound)).toBe(true);
  });
});

describe('settings derived from needs', () => {
  const env = { TABLE_NAME: 't', MEDIA_BUCKET: 'b', INGEST_DLQ_URL: 'http://q', AWS_LAMBDA_FUNCTION_NAME: 'svc-dev-authorizer' };

  it('each resource brings its settings; a when-switch is a setting even while off', () => {
    expect(settingsFor(defineNeeds({ table: { read: ['apiKey'] } }))).toEqual(['FUNCTION_TIMEOUT_SECONDS', 'LOG_LEVEL', 'TABLE_NAME']);
    expect(settingsFor(lib.needs.ingest)).toEqual(expect.arrayContaining(['AUTO_MARK_READ', 'AUTO_REPLY_TEXT', 'INGEST_DLQ_URL', 'MEDIA_BUCKET']));
    expect(settingsFor(lib.needs.authorizer)).not.toContain('MEDIA_BUCKET');
  });

  it('fails at cold start when a declared setting is missing, naming it', () => {
    resetConfigForTests();
    const needs: Needs = { deadLetters: { send: true } };
    expect(() => configure(needs, { ...env, INGEST_DLQ_URL: '' })).toThrow(/INGEST_DLQ_URL/);
    resetConfigForTests();
  });

  it('in a Lambda, reading a setting the declaration does not imply throws instead of returning a silent default', () => {
    resetConfigForTests();
    try {
      const config = configure(lib.needs.authorizer, env);
      expect(config.TABLE_NAME).toBe('t');
      expect(() => config.MEDIA_BUCKET).toThrow(/svc-dev-authorizer reads MEDIA_BUCKET/);
    } finally {
      resetConfigForTests();
    }
  });

  it('switches fold their grants in only when on', () => {
    const ingest = lib.needs.ingest as Needs;
    expect(effectiveNeeds(ingest, () => false).eum).not.toContain('SendWhatsAppMessage');
    expect(effectiveNeeds(ingest, (s) => s === 'AUTO_MARK_READ').eum).toContain('SendWhatsAppMessage');
    expect(getConfig).toBeTypeOf('function');
  });
});
