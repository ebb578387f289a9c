/**
 * Memory soak (issue 17): the API and the worker as processes of their own, as in production, under
 * a constant load for SOAK_MINUTES (10): case reads, agenda reads and case lists at SOAK_RATE
 * requests/s (100) over 20 connections, every read writing its audit event, the worker sealing
 * them. Each minute, for each process: its RSS as it is, what V8 says of its heap
 * (support/memory-probe.ts, preloaded), then its RSS right after a full GC the bench asks for.
 *
 * The target is no growth: the last minute within 10 % of minute 2 (after warm-up). RSS as it is
 * swings by a third with the moment of the sample in the GC cycle (the heap V8 keeps committed
 * between its full GCs grows to twice the live heap and more), so the verdict is on RSS right after
 * a full GC: what a leak (objects still referenced, or native memory never freed) would grow.
 * Both ratios are printed. A forced full GC a minute costs the process a pause of tens of ms.
 *
 * Not part of a plain `npm run bench` (it takes ten minutes): `npm run bench -- soak`;
 * a shorter soak with SOAK_MINUTES=4 (then say so with the figures).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_BOARD_NAME, seedDemo } from '../prisma/seed';
import { demoCredentials } from './support/demo-users';
import { benchPrisma, createBenchDatabase, fmt, load, REDIS_URL, runBench } from './support/load';
import type { MemoryProbeSample } from './support/memory-probe';
import { freePort, startAppProcess, waitForOk, type AppProcess } from './support/processes';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 100);
const CONNECTIONS = 20;
const WARM_MINUTE = 2;
const TOLERANCE = 0.1;
/**
 * SOAK_HEAP_SNAPSHOTS=2,8 writes a V8 heap snapshot of each process at those minutes (into
 * SOAK_HEAP_SNAPSHOT_DIR, default a temporary directory), to compare what the heap retains.
 * A snapshot pauses the process for seconds and raises its RSS: not for the figures.
 */
const SNAPSHOT_MINUTES = (process.env.SOAK_HEAP_SNAPSHOTS ?? '')
  .split(',')
  .filter((each) => each.trim() !== '')
  .map(Number);
/** Extra flags for both apps' node (e.g. SOAK_NODE_ARGS='--max-semi-space-size=4'), to compare settings. */
const EXTRA_NODE_ARGS = (process.env.SOAK_NODE_ARGS ?? '').split(/\s+/).filter((each) => each !== '');
const MB = 1024 * 1024;

interface Sample {
  minute: number;
  /** RSS in MB, read from /proc by the bench. */
  rss: number;
  /** The process's own view (memory-probe.ts), at most a second old. */
  probe: MemoryProbeSample | null;
  /** The same, a second after a full GC (null if the process did not answer within 10 s). */
  afterGc: MemoryProbeSample | null;
}

async function main(): Promise<void> {
  if (!Number.isFinite(MINUTES) || MINUTES < WARM_MINUTE + 1)
    throw new Error(`SOAK_MINUTES must be at least ${WARM_MINUTE + 1}`);
  const database = await createBenchDatabase('soak');
  const { prisma, end: endPrisma } = benchPrisma(database.url);
  const port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: `soak-${randomUUID().slice(0, 8)}`,
    AUDIT_CHECKPOINT_DIR: mkdtempSync(join(tmpdir(), 'consilium-soak-checkpoints-')),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  const snapshotDir =
    SNAPSHOT_MINUTES.length > 0
      ? (process.env.SOAK_HEAP_SNAPSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'consilium-soak-heap-')))
      : null;
  const probeDir = mkdtempSync(join(tmpdir(), 'consilium-soak-probe-'));
  const nodeArgs = [
    '--expose-gc',
    '--require',
    join(__dirname, 'support', 'memory-probe.js'),
    ...(snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []),
    ...EXTRA_NODE_ARGS,
  ];
  const processes = {
    API: startAppProcess('api', { ...env, MEMORY_PROBE_FILE: join(probeDir, 'api.json') }, nodeArgs),
    worker: startAppProcess('worker', { ...env, MEMORY_PROBE_FILE: join(probeDir, 'worker.json') }, nodeArgs),
  };
  const { API: api, worker } = processes;
  try {
    const { meetingId } = await seedDemo(prisma);
    const board = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const caseId = (await prisma.case.findFirstOrThrow({ where: { boardId: board.id } })).id;
    const url = `http://127.0.0.1:${port}`;
    await waitForOk(`${url}/health/live`);
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoCredentials('coordinator')),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };

    console.log(
      `soak: ${MINUTES} minutes at ${RATE} req/s over ${CONNECTIONS} connections (case read, agenda read, case list); load average at start ${fmt(loadavg()[0] ?? 0)}`,
    );
    const names = Object.keys(processes) as (keyof typeof processes)[];
    const probeFile = (name: keyof typeof processes): string =>
      join(probeDir, `${name === 'API' ? 'api' : 'worker'}.json`);
    const samples: Record<keyof typeof processes, Sample[]> = { API: [], worker: [] };
    let minute = 0;
    const sampleAll = async (): Promise<void> => {
      minute += 1;
      const taken = await Promise.all(names.map((name) => sampleOf(minute, processes[name], probeFile(name))));
      for (const [index, name] of names.entries()) samples[name].push(taken[index]!);
      console.log(
        `  minute ${minute}: ${names.map((name, index) => `${name} ${describe(taken[index]!)}`).join('; ')}; load average ${fmt(loadavg()[0] ?? 0)}`,
      );
      if (snapshotDir && SNAPSHOT_MINUTES.includes(minute)) {
        for (const each of Object.values(processes)) each.child.kill('SIGUSR2');
        console.log(`  minute ${minute}: heap snapshots requested into ${snapshotDir}`);
      }
    };
    const sampler = setInterval(() => void sampleAll().catch((error: unknown) => console.error(error)), 60_000);
    // The access token lives 15 minutes (long enough for the default soak; a longer one would need a refresh).
    const result = await load({
      url,
      connections: CONNECTIONS,
      duration: MINUTES * 60 + 1,
      overallRate: RATE,
      requests: [
        { method: 'GET', path: `/cases/${caseId}`, headers },
        { method: 'GET', path: `/meetings/${meetingId}/agenda`, headers },
        { method: 'GET', path: `/cases?boardId=${board.id}&limit=20`, headers },
      ],
    });
    clearInterval(sampler);
    const sealed = Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_leaves`)[0]!.n);
    const events = await prisma.auditEvent.count();
    console.log(
      `soak load: ${result.requests.total} requests, ${fmt(result.requests.average, 1)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}; ${events} audit events, ${sealed} sealed`,
    );
    console.log(`soak load average at the end ${fmt(loadavg()[0] ?? 0)}`);
    let failed = false;
    for (const name of Object.keys(processes) as (keyof typeof processes)[]) {
      const verdict = verdictOf(name, samples[name]);
      console.log(verdict.text);
      failed ||= !verdict.within;
    }
    console.log(
      `soak verdict: ${failed ? 'NOT within' : 'within'} the ${TOLERANCE * 100} % target (RSS after a full GC, last minute vs minute ${WARM_MINUTE}, API and worker)`,
    );
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
    await endPrisma();
    await database.drop();
  }
}

/** RSS now, then the probe asked for a full GC and its sample a second after it. */
async function sampleOf(minute: number, app: AppProcess, probeFile: string): Promise<Sample> {
  const read = (path: string): MemoryProbeSample | null =>
    existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as MemoryProbeSample) : null;
  const rss = app.rssMb();
  const probe = read(probeFile);
  const asked = Date.now();
  writeFileSync(`${probeFile}.gc`, '');
  let afterGc: MemoryProbeSample | null = null;
  while (Date.now() - asked < 10_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const answer = read(`${probeFile}.after-gc`);
    if (answer && answer.at > asked) {
      afterGc = answer;
      break;
    }
  }
  return { minute, rss, probe, afterGc };
}

function describe(sample: Sample): string {
  const { probe, afterGc } = sample;
  const heap = probe
    ? ` (V8 heap ${fmt(probe.heapTotal / MB, 0)} MB committed, ${fmt(probe.heapUsed / MB, 0)} used)`
    : '';
  const after = afterGc
    ? `, after a full GC ${fmt(afterGc.rss / MB, 0)} MB (heap ${fmt(afterGc.heapTotal / MB, 0)} committed, ${fmt(afterGc.heapUsed / MB, 0)} live; outside the heap ${fmt(afterGc.external / MB, 0)})`
    : ', no answer to the GC request';
  return `RSS ${fmt(sample.rss, 0)} MB${heap}${after}`;
}

/**
 * Within the target when RSS right after a full GC at the last minute is within TOLERANCE of its
 * value at WARM_MINUTE. RSS as sampled (the issue's first figure) and the live heap are printed beside it.
 */
function verdictOf(name: string, samples: readonly Sample[]): { within: boolean; text: string } {
  const warm = samples.find((sample) => sample.minute === WARM_MINUTE);
  const last = samples.at(-1);
  if (!warm || !last || last.minute <= WARM_MINUTE) throw new Error('too few RSS samples');
  if (!warm.afterGc || !last.afterGc) throw new Error(`${name} did not answer the GC request`);
  const after = (sample: Sample): number => (sample.afterGc?.rss ?? 0) / MB;
  const live = (sample: Sample): number => (sample.afterGc?.heapUsed ?? 0) / MB;
  const ratio = after(last) / after(warm);
  const within = ratio - 1 <= TOLERANCE;
  const rss = samples.filter((sample) => sample.minute >= WARM_MINUTE).map((sample) => sample.rss);
  return {
    within,
    text:
      `soak ${name}: RSS after a full GC minute ${WARM_MINUTE} ${fmt(after(warm), 0)} MB, minute ${last.minute} ${fmt(after(last), 0)} MB, ratio ${fmt(ratio, 3)} (${within ? 'within' : 'NOT within'} ${TOLERANCE * 100} %)` +
      `; live heap ${fmt(live(warm), 1)} -> ${fmt(live(last), 1)} MB (ratio ${fmt(live(last) / live(warm), 3)})` +
      `; RSS as sampled ${fmt(warm.rss, 0)} -> ${fmt(last.rss, 0)} MB (ratio ${fmt(last.rss / warm.rss, 3)}, between ${fmt(Math.min(...rss), 0)} and ${fmt(Math.max(...rss), 0)} MB from minute ${WARM_MINUTE} on)`,
  };
}

runBench(main);
