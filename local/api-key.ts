/**
 * Manages API keys in the table named by TABLE_NAME (a deployed stack's, or the local cloud's with --local).
 *   npm run api-key -- create --name <who>      prints the new key once; only its hash is stored
 *   npm run api-key -- list
 *   npm run api-key -- revoke <keyId | key>
 *   npm run api-key -- register <key> --name <who>   stores a key you chose (the local cloud uses this)
 */
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
  const local = argv.includes('--local');
  if (local) {
    argv.splice(argv.indexOf('--local'), 1);
    const s = localSettings();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${s.ports.dynamodb}`,
      AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? LOCAL_CREDENTIALS.secretAccessKey,
      TABLE_NAME: process.env.TABLE_NAME ?? s.tableName,
    });
  }
  if (!process.env.TABLE_NAME) usage('Set TABLE_NAME to the stack\'s table (or pass --local for the local cloud).');
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
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
