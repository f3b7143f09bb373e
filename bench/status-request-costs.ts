/**
 * What each request shape a status could take costs DynamoDB Local, against the seed model's 18 requests for the
 * same sent, delivered and read (as bench/status-throughput.ts models them), with no handler around either: the
 * ceiling of the status section's ratio for each shape of `sent`. Not a bench section (it measures alternatives, not
 * the code); README "Tests and benchmarks" quotes it. Per shape: wall time per operation per lane, and CPU time of
 * DynamoDB Local and of this client per operation (steadier than wall time on a loaded machine).
 *   npx tsx bench/status-request-costs.ts        (PROBE_N=600, PROBE_WARM=1500, PROBE_CONC=1,8)
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../local/engines/dynamodb-local';
import { freePort } from '../local/free-port';
import { pool, prepareBenchTable, processCpuSeconds } from './ingest-bundle';

const N = Number(process.env.PROBE_N ?? 600);
const WARM = Number(process.env.PROBE_WARM ?? 1500);
const CONCS = (process.env.PROBE_CONC ?? '1,8').split(',').map(Number);

async function main() {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    const T = 'probe';
    const raw = await prepareBenchTable(dynamo.endpoint, T);
    const doc = DynamoDBDocumentClient.from(raw);
    const now = () => new Date().toISOString();
    const msg = (pk: string) => ({
      pk, itemType: 'MESSAGE', direction: 'OUTBOUND', messageId: pk, eumMessageId: pk, conversationPk: 'CONV#x#1555', phoneArn: 'arn:x', to: '1555',
      type: 'text', preview: 'p', payload: {}, status: 'accepted', statusRank: 0, acceptedAt: now(), receivedAt: now(), createdAt: now(),
    });
    const newMessages = async (n: number) => {
      const ids = Array.from({ length: n }, () => ({ pk: `MSG#${randomUUID()}`, wamid: `wamid.${randomUUID()}` }));
      await pool(n, 8, (i) => doc.send(new PutCommand({ TableName: T, Item: msg(ids[i]!.pk) })));
      return ids;
    };
    const upd = (pk: string, wamid: string, status: string, rank: number, setWamid: boolean) => ({
      TableName: T, Key: { pk },
      UpdateExpression: `SET #status = :status, statusRank = :rank, statusUpdatedAt = :at, #t = if_not_exists(#t, :at)${setWamid ? ', waMessageId = if_not_exists(waMessageId, :wamid)' : ''}`,
      ConditionExpression: `attribute_exists(pk) AND direction = :outbound AND (attribute_not_exists(statusRank) OR statusRank < :rank)${setWamid ? '' : ' AND waMessageId = :wamid'}`,
      ExpressionAttributeNames: { '#status': 'status', '#t': `${status}At` },
      ExpressionAttributeValues: { ':status': status, ':rank': rank, ':at': now(), ':outbound': 'OUTBOUND', ':wamid': wamid },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    });
    const alias = (pk: string, wamid: string) => ({ TableName: T, Item: { pk: `WAMID#${wamid}`, itemType: 'MESSAGE_ALIAS', targetPk: pk } });
    const shapes: Record<string, (m: { pk: string; wamid: string }) => Promise<unknown>> = {
      'U sent (plain UpdateItem, wamid set)': (m) => doc.send(new UpdateCommand(upd(m.pk, m.wamid, 'sent', 1, true))),
      'T3 sent until 5fe5680 (Update+Put+Check)': (m) => doc.send(new TransactWriteCommand({ TransactItems: [
        { Update: upd(m.pk, m.wamid, 'sent', 1, true) }, { Put: alias(m.pk, m.wamid) },
        { ConditionCheck: { TableName: T, Key: { pk: `PENDING_STATUS#${m.wamid}` }, ConditionExpression: 'attribute_not_exists(pk)' } }] })),
      'T2 sent now (Update+Put if absent)': (m) => doc.send(new TransactWriteCommand({ TransactItems: [
        { Update: upd(m.pk, m.wamid, 'sent', 1, true) }, { Put: { ...alias(m.pk, m.wamid), ConditionExpression: 'attribute_not_exists(pk)' } }] })),
      'P2 sent (UpdateItem, then Put if absent)': async (m) => {
        await doc.send(new UpdateCommand(upd(m.pk, m.wamid, 'sent', 1, true)));
        await doc.send(new PutCommand({ ...alias(m.pk, m.wamid), ConditionExpression: 'attribute_not_exists(pk)' }));
      },
      'P2r sent (Put alias if absent, then UpdateItem)': async (m) => {
        await doc.send(new PutCommand({ ...alias(m.pk, m.wamid), ConditionExpression: 'attribute_not_exists(pk)' }));
        await doc.send(new UpdateCommand(upd(m.pk, m.wamid, 'sent', 1, true)));
      },
    };
    // delivered + read after a sent (shape-independent), and the seed's 6 requests
    const later = async (m: { pk: string; wamid: string }) => {
      await doc.send(new UpdateCommand(upd(m.pk, m.wamid, 'delivered', 3, false)));
      await doc.send(new UpdateCommand(upd(m.pk, m.wamid, 'read', 4, false)));
    };
    await doc.send(new PutCommand({ TableName: T, Item: { pk: 'CONFIG#LINKED_ACCOUNTS', itemType: 'CONFIG_CACHE', accounts: [{ a: 1 }], createdAt: now() } }));
    const seedMsgs = Array.from({ length: N + WARM }, (_, i) => `SEED_MSG#${i}`);
    await pool(seedMsgs.length, 8, (i) => doc.send(new PutCommand({ TableName: T, Item: { ...msg(seedMsgs[i]!), conversationPk: `SEED_CONV#${i % 200}` } })));
    await pool(200, 8, (i) => doc.send(new PutCommand({ TableName: T, Item: { pk: `SEED_CONV#${i}`, itemType: 'CONVERSATION', inboxPk: 'SEED_INBOX', receivedAt: now(), createdAt: now(), unreadCount: 0 } })));
    let seedNext = 0;
    const seedStatus = async (i: number, status: string) => {
      const t = now();
      await doc.send(new GetCommand({ TableName: T, Key: { pk: 'CONFIG#LINKED_ACCOUNTS' } }));
      await doc.send(new GetCommand({ TableName: T, Key: { pk: seedMsgs[i] } }));
      await doc.send(new UpdateCommand({ TableName: T, Key: { pk: seedMsgs[i] }, UpdateExpression: 'SET #s = :s, statusUpdatedAt = :t', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status, ':t': t } }));
      await doc.send(new UpdateCommand({ TableName: T, Key: { pk: `SEED_CONV#${i % 200}` }, UpdateExpression: 'SET lastStatus = :s, updatedAt = :t', ExpressionAttributeValues: { ':s': status, ':t': t } }));
      await doc.send(new PutCommand({ TableName: T, Item: { pk: `SEED_STATUS#${i}#${status}`, itemType: 'STATUS', status, at: t, createdAt: t } }));
      await doc.send(new PutCommand({ TableName: T, Item: { pk: `SEED_WEBHOOK#${i}#${status}#${randomUUID()}`, itemType: 'WEBHOOK_EVENT', body: 'x'.repeat(900), createdAt: t } }));
    };
    const seed3 = async () => {
      const i = seedNext++ % seedMsgs.length;
      for (const s of ['sent', 'delivered', 'read']) await seedStatus(i, s);
    };
    // Warm every shape
    for (const [, f] of Object.entries(shapes)) {
      const ms = await newMessages(WARM / 3);
      await pool(ms.length, 8, async (i) => { await f(ms[i]!); await later(ms[i]!); });
    }
    await pool(WARM / 3, 8, () => seed3());
    const cpu: Record<string, { engine: number; client: number }> = {};
    const timed = async (name: string, n: number, conc: number, f: (i: number) => Promise<unknown>) => {
      const e0 = processCpuSeconds(dynamo.pid) ?? 0;
      const c0 = process.cpuUsage();
      const secs = await pool(n, conc, f);
      const c1 = process.cpuUsage(c0);
      const c = (cpu[name] ??= { engine: 0, client: 0 });
      c.engine += (processCpuSeconds(dynamo.pid) ?? 0) - e0;
      c.client += (c1.user + c1.system) / 1e6;
      return secs;
    };
    for (const conc of CONCS) {
      for (const k of Object.keys(cpu)) delete cpu[k];
      const ms: Record<string, number> = {};
      const rounds = 3;
      for (let r = 0; r < rounds; r++) {
        for (const [name, f] of Object.entries(shapes)) {
          const m = await newMessages(N / rounds);
          ms[name] = (ms[name] ?? 0) + (await timed(name, m.length, conc, (i) => f(m[i]!)));
          ms['U delivered+read (2 UpdateItems)'] = (ms['U delivered+read (2 UpdateItems)'] ?? 0) + (await timed('U delivered+read (2 UpdateItems)', m.length, conc, (i) => later(m[i]!)));
        }
        ms['SEED sent+delivered+read (18 requests)'] = (ms['SEED sent+delivered+read (18 requests)'] ?? 0) + (await timed('SEED sent+delivered+read (18 requests)', N / rounds, conc, () => seed3()));
      }
      const per = (k: string, div = 1) => (ms[k]! * 1000) / N / div * conc; // ms of wall per op per lane
      const dr = per('U delivered+read (2 UpdateItems)') / Object.keys(shapes).length;
      const seed = per('SEED sent+delivered+read (18 requests)');
      console.log(`\n${conc} in flight; ms per operation (wall × in flight / n)`);
      console.log(`  delivered+read (2 UpdateItems): ${dr.toFixed(2)}   seed per 3 statuses: ${seed.toFixed(2)} (${(seed / 18).toFixed(2)} per request)`);
      for (const name of Object.keys(shapes)) {
        const s = per(name);
        console.log(`  ${name.padEnd(48)} ${s.toFixed(2)} ms   → sent+delivered+read ${(s + dr).toFixed(2)} ms, vs seed ${(seed / (s + dr)).toFixed(2)}x`);
      }
      console.log(`  every status a T2 (old code, 103c486): vs seed ${(seed / (3 * per('T2 sent now (Update+Put if absent)'))).toFixed(2)}x`);
      const shapesN = Object.keys(shapes).length;
      const cpuPer = (k: string, div: number) => ({ e: (cpu[k]!.engine * 1000) / N / div, c: (cpu[k]!.client * 1000) / N / div });
      const cdr = cpuPer('U delivered+read (2 UpdateItems)', shapesN);
      const cseed = cpuPer('SEED sent+delivered+read (18 requests)', 1);
      console.log(`  CPU ms (DynamoDB Local + this client): delivered+read ${cdr.e.toFixed(2)}+${cdr.c.toFixed(2)}; seed per 3 statuses ${cseed.e.toFixed(2)}+${cseed.c.toFixed(2)}`);
      for (const name of Object.keys(shapes)) {
        const c = cpuPer(name, 1);
        const ours = c.e + c.c + cdr.e + cdr.c;
        console.log(`  CPU ${name.padEnd(48)} ${c.e.toFixed(2)}+${c.c.toFixed(2)} → sent+delivered+read ${ours.toFixed(2)}, seed/ours ${((cseed.e + cseed.c) / ours).toFixed(2)}x`);
      }
    }
    raw.destroy();
  } finally {
    await dynamo.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
