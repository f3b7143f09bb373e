import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { descendants, eventually, freeLocalCloudPorts, isRunning, spawnLocalCloudProcess, startLocalCloudProcess, type LocalCloudProcess } from './helpers/local-cloud-process';

/**
 * `npm start` as a developer lives with it: ready means the first request after the ready line is answered; a
 * second start with nothing changed reuses the serverless CLI's resolved configuration; and however it ends (Ctrl-C
 * or SIGTERM, a child that dies, or `npm start` itself killed outright) it leaves no DynamoDB Local JVM and no
 * serverless offline behind. Its own clouds, on their own free ports, apart from the one the e2e setup started.
 */

const apiKey = `lifecycle-${Date.now()}-0123456789abcdef`;
const started: Array<Pick<LocalCloudProcess, 'child' | 'dataDir'>> = [];

afterAll(() => {
  for (const cloud of started) {
    for (const pid of [cloud.child.pid!, ...descendants(cloud.child.pid!)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* stopped, as it should have */
      }
    }
    rmSync(cloud.dataDir, { recursive: true, force: true });
  }
});

async function start(ports: Record<string, string>, opts: { viaNpm?: boolean } = {}): Promise<LocalCloudProcess> {
  const cloud = await startLocalCloudProcess(ports, apiKey, opts);
  started.push(cloud);
  return cloud;
}

async function help(cloud: LocalCloudProcess) {
  const res = await fetch(`${cloud.baseUrl}/config/help`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: '{}' });
  return { status: res.status, body: (await res.json()) as { operation?: string } };
}

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/** Its child processes, the JVM and serverless offline among them: what must not outlive `npm start`. */
function childProcesses(cloud: LocalCloudProcess): number[] {
  const pids = descendants(cloud.child.pid!);
  expect(pids.some((pid) => commandLine(pid).includes('DynamoDBLocal'))).toBe(true);
  expect(pids.some((pid) => commandLine(pid).includes('offline-runner'))).toBe(true);
  return pids;
}

describe.skipIf(process.platform !== 'linux')('npm start: ready, restarted, stopped', () => {
  const portsOnce = freeLocalCloudPorts();

  it('answers the first request right after its ready line, and SIGTERM stops every process it started', async () => {
    const cloud = await start(await portsOnce);
    const first = await help(cloud);
    expect(first.status).toBe(200);
    expect(first.body.operation).toBe('help');

    const pids = childProcesses(cloud);
    cloud.child.kill('SIGTERM');
    expect(await cloud.exited).toBe(0);
    expect(await eventually(() => pids.every((pid) => !isRunning(pid)))).toBe(true);
  });

  it('started again with nothing changed, it reuses the resolved configuration and still answers at once; a dead JVM stops it all', async () => {
    const cloud = await start(await portsOnce);
    expect(cloud.output()).toMatch(/serverless config [\d.]+ s \(reused\)/);
    expect((await help(cloud)).status).toBe(200);

    const pids = childProcesses(cloud);
    const jvm = pids.find((pid) => commandLine(pid).includes('DynamoDBLocal'))!;
    process.kill(jvm, 'SIGKILL');
    expect(await cloud.exited).toBe(1);
    expect(cloud.output()).toContain('DynamoDB Local exited');
    expect(await eventually(() => pids.every((pid) => !isRunning(pid)))).toBe(true);
  });

  it('stopped while it starts (Ctrl-C before the ready line), it leaves none of its processes behind', async () => {
    const cloud = spawnLocalCloudProcess(await freeLocalCloudPorts(), apiKey);
    started.push(cloud);
    // Both long starts under way: the moment a Ctrl-C is likeliest.
    const spawned = () => descendants(cloud.child.pid!).filter((pid) => /DynamoDBLocal|offline-runner/.test(commandLine(pid)));
    expect(await eventually(() => spawned().length === 2)).toBe(true);
    const pids = descendants(cloud.child.pid!);
    cloud.child.kill('SIGINT');
    expect(await cloud.exited).toBe(130);
    expect(await eventually(() => pids.every((pid) => !isRunning(pid)))).toBe(true);
  });

  it('run through npm, a SIGTERM to npm (which passes it to its shell, not to node) still stops everything', async () => {
    const cloud = await start(await freeLocalCloudPorts(), { viaNpm: true });
    const pids = childProcesses(cloud);
    cloud.child.kill('SIGTERM');
    await cloud.exited;
    expect(await eventually(() => pids.every((pid) => !isRunning(pid)))).toBe(true);
  });

  it('killed outright (SIGKILL), it leaves no JVM and no serverless offline behind', async () => {
    const cloud = await start(await freeLocalCloudPorts());
    const pids = childProcesses(cloud);
    cloud.child.kill('SIGKILL');
    await cloud.exited;
    expect(await eventually(() => pids.every((pid) => !isRunning(pid)))).toBe(true);
  });
});
