/**
 * Publishes a realistic inbound WhatsApp message to the local cloud's SNS topic, in EUM Social's envelope,
 * as if a customer had written to the demo number.
 *   npm run simulate -- --from +15551234567 --text "hi" [--name "Ana"]
 *   npm run simulate -- --from +15551234567 --image ./photo.jpg [--caption "look"]
 *   npm run simulate -- --from +15551234567 --flow '{"first_name": "Ana"}'   (completes the last Flow sent to them)
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { readFileSync } from 'node:fs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { envelopeBody, inboundMediaValue, inboundTextValue, type MetaMessagesValue } from './standins/eum/envelope';
import { flowReplyValue } from './simulate-flow';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';
import { localSettings, topicArnFor } from './settings';

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

async function main() {
  const a = args(process.argv.slice(2));
  if (!a.from || (!a.text && !a.image && !a.flow)) {
    console.error("usage: npm run simulate -- --from +15551234567 (--text \"hi\" | --image file.jpg [--caption c] | --flow '{\"field\": \"answer\"}') [--name Ana]");
    process.exit(2);
  }
  const s = localSettings();
  const from = a.from.replace(/\D/g, '');
  let value: MetaMessagesValue;
  if (a.flow) {
    value = await flowReplyValue(`http://${s.host}:${s.ports.eum}`, from, JSON.parse(a.flow) as Record<string, unknown>, a.name ?? 'Local Customer');
  } else if (a.image) {
    const bytes = readFileSync(a.image);
    const mimeType = a.image.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const res = await fetch(`http://${s.host}:${s.ports.eum}/_standin/media`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ base64: bytes.toString('base64'), mimeType }),
    });
    if (!res.ok) throw new Error(`the EUM stand-in refused the media: ${res.status} ${await res.text()}`);
    const media = (await res.json()) as { mediaId: string; sha256: string };
    value = inboundMediaValue({ from, name: a.name ?? 'Local Customer', kind: 'image', mediaId: media.mediaId, mimeType, caption: a.caption, sha256: media.sha256 });
  } else {
    value = inboundTextValue({ from, name: a.name ?? 'Local Customer', text: a.text! });
  }
  const sns = new SNSClient({ endpoint: `http://${s.host}:${s.ports.sns}`, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const out = await sns.send(new PublishCommand({ TopicArn: topicArnFor(s), Message: envelopeBody({ field: 'messages', value }) }));
  const wamid = value.messages?.[0]?.id;
  console.log(JSON.stringify({ published: out.MessageId, wamid, from }, null, 2));
}

main().catch((err) => {
  console.error(`simulate failed: ${err instanceof Error ? err.message : err} (is \`npm start\` running?)`);
  process.exit(1);
});
