/**
 * Memory soak (issue 17): the API and the worker as processes of their own, as in production, under
 * a constant load for SOAK_MINUTES (10): case reads, agenda reads and case lists at SOAK_RATE
 * requests/s (100) over 20 connections, every read writing its audit event, the worker sealing
 * them. Prints each process's RSS every minute, and the verdict: RSS at the last minute within
 * 10 % of RSS at minute 2 (after warm-up), for the API and for the worker.
 *
 * Not part of a plain `npm run bench` (it takes ten minutes): `npm run bench -- soak`;
 * a shorter soak with SOAK_MINUTES=4 (then say so with the figures).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_BOARD_NAME, seedDemo } from '../prisma/seed';
import { benchPrisma, createBenchDatabase, fmt, load, REDIS_URL, runBench } from './support/load';
import { freePort, startAppProcess, waitForOk } from './support/processes';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 100);
const CONNECTIONS = 20;
const WARM_MINUTE = 2;
const TOLERANCE = 0.1;

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
  const api = startAppProcess('api', env);
  const worker = startAppProcess('worker', env);
  try {
    const { meetingId } = await seedDemo(prisma);
    const board = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const caseId = (await prisma.case.findFirstOrThrow({ where: { boardId: board.id } })).id;
    const url = `http://127.0.0.1:${port}`;
    await waitForOk(`${url}/health/live`);
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'coordinator@consilium.demo', password: 'Demo-Coordinator-Passw0rd' }),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };

    console.log(
      `soak: ${MINUTES} minutes at ${RATE} req/s over ${CONNECTIONS} connections (case read, agenda read, case list); load average at start ${fmt(loadavg()[0] ?? 0)}`,
    );
    const samples: { minute: number; api: number; worker: number }[] = [];
    const sampler = setInterval(() => {
      const minute = samples.length + 1;
      samples.push({ minute, api: api.rssMb(), worker: worker.rssMb() });
      console.log(
        `  minute ${minute}: API RSS ${fmt(samples.at(-1)!.api, 0)} MB, worker RSS ${fmt(samples.at(-1)!.worker, 0)} MB, load average ${fmt(loadavg()[0] ?? 0)}`,
      );
    }, 60_000);
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
    const warm = samples.find((sample) => sample.minute === WARM_MINUTE);
    const last = samples.at(-1);
    if (!warm || !last || last.minute <= WARM_MINUTE) throw new Error('too few RSS samples');
    for (const name of ['api', 'worker'] as const) {
      const growth = last[name] / warm[name] - 1;
      console.log(
        `soak ${name === 'api' ? 'API' : 'worker'} RSS: minute ${WARM_MINUTE} ${fmt(warm[name], 0)} MB, minute ${last.minute} ${fmt(last[name], 0)} MB, ratio ${fmt(last[name] / warm[name], 3)} (${growth <= TOLERANCE ? 'within' : 'NOT within'} ${TOLERANCE * 100} %)`,
      );
    }
  } finally {
    await Promise.all([api.stop(), worker.stop()]);
    await endPrisma();
    await database.drop();
  }
}

runBench(main);
