/**
 * A customer writes to the demo number: the EUM stand-in builds the webhook, opens the customer's 24-hour window on
 * WhatsApp's side, and publishes it to the local cloud's SNS topic in EUM Social's envelope, as AWS would.
 *   npm run simulate -- --from +15551234567 --text "hi" [--name "Ana"]
 *   npm run simulate -- --from +15551234567 --image ./photo.jpg [--caption "look"]
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { readFileSync } from 'node:fs';
import type { CustomerWrote } from './standins/eum/server';
import { localSettings } from './settings';

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    out[a.slice(2)] = argv[i + 1] ?? '';
    i++;
  }
  return out;
}

async function standin(eumUrl: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${eumUrl}/_standin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`the EUM stand-in refused ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Seeds the file as media "sent by the customer" and describes it as the inbound message's media. */
async function imageMedia(eumUrl: string, file: string, caption: string | undefined) {
  const mimeType = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
  const base64 = readFileSync(file).toString('base64');
  const media = (await standin(eumUrl, 'media', { base64, mimeType })) as { mediaId: string; sha256: string };
  return { kind: 'image' as const, mediaId: media.mediaId, mimeType, caption, sha256: media.sha256 };
}

async function main() {
  const a = args(process.argv.slice(2));
  if (!a.from || (!a.text && !a.image)) {
    console.error('usage: npm run simulate -- --from +15551234567 (--text "hi" | --image file.jpg [--caption c]) [--name Ana]');
    process.exit(2);
  }
  const s = localSettings();
  const eumUrl = `http://${s.host}:${s.ports.eum}`;
  const from = a.from.replace(/\D/g, '');
  const content = a.image ? { media: await imageMedia(eumUrl, a.image, a.caption) } : { text: a.text };
  const wrote = (await standin(eumUrl, 'inbound', { from, name: a.name ?? 'Local Customer', ...content })) as CustomerWrote;
  console.log(JSON.stringify({ wamid: wrote.wamid, from, published: wrote.delivered }, null, 2));
}

main().catch((err) => {
  console.error(`simulate failed: ${err instanceof Error ? err.message : err} (is \`npm start\` running?)`);
  process.exit(1);
});
