/**
 * Manages API keys in the table named by TABLE_NAME (a deployed stack's, or the local cloud's with --local).
 *   npm run api-key -- create --name <who>      prints the new key once; only its hash is stored
 *   npm run api-key -- list
 *   npm run api-key -- revoke <keyId | key>
 *   npm run api-key -- register <key> --name <who>   stores a key you chose (the local cloud uses this)
 * Without TABLE_NAME (or with --local) it works on the local cloud's table, with the local defaults (region,
 * credentials, DYNAMODB_PORT: export a moved port here too). A deployed stack's region is AWS_REGION,
 * AWS_DEFAULT_REGION or your profile's.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // README: Node 20 works; the SDK's Node 22 notice is for 2027

import { createApiKey, listApiKeys, registerApiKey, revokeApiKey } from '../shared/auth/api-keys';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { localSettings } from './settings';

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error('usage: npm run api-key -- create --name <who> | list | revoke <keyId|key> | register <key> --name <who>  [--local]');
  process.exit(2);
}

async function main(argv: string[]) {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    argv.splice(i, v && !v.startsWith('--') ? 2 : 1);
    return v ?? '';
  };
  const defaulted = !process.env.TABLE_NAME && !argv.includes('--local');
  // The local cloud's table, named or not, gets the local defaults: `TABLE_NAME=whatsapp-eum-local … list` works too.
  const local = argv.includes('--local') || !process.env.TABLE_NAME || process.env.TABLE_NAME === localSettings().tableName;
  if (argv.includes('--local')) argv.splice(argv.indexOf('--local'), 1);
  // The AWS CLI's variable; the SDK reads only AWS_REGION (and the profile).
  if (process.env.AWS_DEFAULT_REGION) process.env.AWS_REGION ??= process.env.AWS_DEFAULT_REGION;
  if (local) {
    const s = localSettings();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${s.ports.dynamodb}`,
      AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? LOCAL_CREDENTIALS.secretAccessKey,
      TABLE_NAME: process.env.TABLE_NAME ?? s.tableName,
    });
    if (defaulted) console.error(`(local cloud: table ${process.env.TABLE_NAME} at ${process.env.AWS_ENDPOINT_URL_DYNAMODB}; set TABLE_NAME for a deployed stack)`);
  }
  process.env.MEDIA_BUCKET ??= 'unused-by-this-script';
  const name = flag('name');
  const [command, arg] = argv;
  switch (command) {
    case 'create': {
      if (!name) usage('create needs --name');
      const k = await createApiKey(name);
      console.log(JSON.stringify(k, null, 2));
      console.error('Keep the apiKey now: only its hash is stored.');
      return;
    }
    case 'register': {
      if (!arg) usage('register needs the key');
      await registerApiKey(arg, name || 'registered');
      return;
    }
    case 'list':
      console.log(JSON.stringify((await listApiKeys()).map(({ pk: _pk, ...k }) => k), null, 2));
      return;
    case 'revoke': {
      if (!arg) usage('revoke needs a keyId or key');
      const ok = await revokeApiKey(arg);
      console.log(ok ? `revoked ${arg}` : `no key ${arg}`);
      if (!ok) process.exit(1);
      return;
    }
    default:
      usage(command ? `unknown command ${command}` : undefined);
  }
}

main(process.argv.slice(2)).catch((err) => {
  const message = err instanceof Error ? err.message : String(err);
  if (/region is missing/i.test(message)) {
    console.error(`${message}: set AWS_REGION to the stack's region (e.g. AWS_REGION=eu-west-1), or a region in your AWS profile.`);
  } else if (/ECONNREFUSED|fetch failed/i.test(message)) {
    console.error(`${message}: is \`npm start\` running? If you moved its ports, export the same DYNAMODB_PORT here too.`);
  } else console.error(message);
  process.exit(1);
});
