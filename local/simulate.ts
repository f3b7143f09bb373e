/**
 * A customer writes to the demo number: the EUM stand-in builds the webhook, opens the customer's 24-hour window on
 * WhatsApp's side, and publishes it to the local cloud's SNS topic in EUM Social's envelope, as AWS would.
 *   npm run simulate -- --from +15551234567 --text "hi" [--name "Ana"]
 *   npm run simulate -- --from +15551234567 --image [./photo.jpg] [--caption "look"]   (no file: local/samples/photo.png)
 *   npm run simulate -- --from +15551234567 --flow '{"first_name": "Ana"}'   (completes the last Flow sent to them)
 *   npm run simulate -- --from +15551234567 --call-permission accept         (answers send_call_permission_request)
 *   npm run simulate -- --answer-call <callId>                                 (the customer picks up initiate_call's call)
 *   npm run simulate -- --from +15551234567 --join-group <groupId>            (taps the group's invite link)
 *   npm run simulate -- --from +15551234567 --group <groupId> --text "hi all" (writes in the group)
 * Ports come from the same env as `npm start` (HTTP_PORT, SNS_PORT, EUM_PORT…): export moved ones for this too.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { envelopeBody, type MetaMessagesValue } from './standins/eum/envelope';
import type { CustomerWrote } from './standins/eum/server';
import { flowReplyValue } from './simulate-flow';
import { answerCall, callPermissionReply, groupText, joinGroup } from './simulate-graph';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { localSettings, topicArnFor, type LocalSettings } from './settings';

/** The image `--image` sends when no file is given: shipped with the repo so the quick start works as written. */
const SAMPLE_IMAGE = join(__dirname, 'samples', 'photo.png');
const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/** `--flag value` pairs; a flag followed by another flag (or nothing) gets ''. */
function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const next = argv[i + 1];
    const hasValue = next !== undefined && !next.startsWith('--');
    out[a.slice(2)] = hasValue ? next : '';
    if (hasValue) i++;
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
  const mimeType = IMAGE_TYPES[extname(file).toLowerCase()];
  if (!mimeType) throw new Error(`--image takes a .jpg or .png file (WhatsApp images are JPEG or PNG), got ${file}`);
  const base64 = readFileSync(file).toString('base64');
  const media = (await standin(eumUrl, 'media', { base64, mimeType })) as { mediaId: string; sha256: string };
  return { kind: 'image' as const, mediaId: media.mediaId, mimeType, caption, sha256: media.sha256 };
}

/** The customer completes the last Flow sent to them: their nfm_reply goes to the topic as EUM publishes it. */
async function publishFlowReply(s: LocalSettings, from: string, a: Record<string, string>): Promise<void> {
  const value = await flowReplyValue(`http://${s.host}:${s.ports.eum}`, from, JSON.parse(a.flow!) as Record<string, unknown>, a.name ?? 'Local Customer');
  const sns = new SNSClient({ endpoint: `http://${s.host}:${s.ports.sns}`, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const out = await sns.send(new PublishCommand({ TopicArn: topicArnFor(s), Message: envelopeBody({ field: 'messages', value }) }));
  console.log(JSON.stringify({ published: out.MessageId, wamid: value.messages?.[0]?.id, from }, null, 2));
}

/** Publishes a `messages` value to the topic as EUM would (a call permission reply, a group message). */
async function publishValue(s: LocalSettings, from: string, value: MetaMessagesValue): Promise<void> {
  const sns = new SNSClient({ endpoint: `http://${s.host}:${s.ports.sns}`, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const out = await sns.send(new PublishCommand({ TopicArn: topicArnFor(s), Message: envelopeBody({ field: 'messages', value }) }));
  console.log(JSON.stringify({ published: out.MessageId, wamid: value.messages?.[0]?.id, from }, null, 2));
}

async function main() {
  const a = args(process.argv.slice(2));
  const s = localSettings();
  const graphUrl = `http://${s.host}:${s.ports.graph}`;
  if (a['answer-call']) return console.log(JSON.stringify(await answerCall(graphUrl, a['answer-call']), null, 2));
  if (a.from && a['join-group']) return console.log(JSON.stringify(await joinGroup(graphUrl, a['join-group'], a.from.replace(/\D/g, '')), null, 2));
  if (!a.from || (!a.text && a.image === undefined && !a.flow && !a['call-permission'])) {
    console.error(
      "usage: npm run simulate -- --from +15551234567 (--text \"hi\" [--group <groupId>] | --image [file.jpg|file.png] [--caption c] | --flow '{\"field\": \"answer\"}' | --call-permission accept|reject | --join-group <groupId>) [--name Ana]\n       npm run simulate -- --answer-call <callId>",
    );
    process.exit(2);
  }
  const eumUrl = `http://${s.host}:${s.ports.eum}`;
  const from = a.from.replace(/\D/g, '');
  if (a.flow) return publishFlowReply(s, from, a);
  if (a['call-permission']) return publishValue(s, from, await callPermissionReply(graphUrl, from, a['call-permission'], a.name ?? 'Local Customer'));
  if (a.group && a.text) return publishValue(s, from, groupText(from, a.group, a.text, a.name ?? 'Local Customer'));
  const content = a.image !== undefined ? { media: await imageMedia(eumUrl, a.image || SAMPLE_IMAGE, a.caption) } : { text: a.text };
  const wrote = (await standin(eumUrl, 'inbound', { from, name: a.name ?? 'Local Customer', ...content })) as CustomerWrote;
  console.log(JSON.stringify({ wamid: wrote.wamid, from, published: wrote.delivered }, null, 2));
}

main().catch((err) => {
  console.error(`simulate failed: ${err instanceof Error ? err.message : err} (is \`npm start\` running? If you moved its ports, export the same SNS_PORT / EUM_PORT here too)`);
  process.exit(1);
});
