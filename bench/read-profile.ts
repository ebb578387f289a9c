/**
 * Profiles the hot reads: boots createApp on a fresh bench database (the api bench's 20-case agenda),
 * then loads one endpoint from an autocannon child process, so that a CPU profile of this process
 * holds the API's work only:
 *
 *   npm run build && node dist/bench/read-profile.js case [tmp/case.cpuprofile]
 *   node dist/bench/read-profile.js agenda [tmp/agenda.cpuprofile]
 *
 * With a file name, a CPU profile of the load only (not the set-up) is written there (open it in
 * Chrome DevTools or speedscope); without, nothing samples and the figures are the API's own.
 *
 * It prints throughput, latency, the API's CPU time per request (process.cpuUsage: steadier than
 * req/s on a shared machine) and the SQL statements per request (the app pools' `query` calls).
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { PrismaService } from '@consilium/db';
import { createApp } from '../apps/api/src/app.factory';
import { seedDemo } from '../prisma/seed';
import { demoCredentials } from './support/demo-users';
import { benchConfig, benchPrisma, createBenchDatabase, REDIS_URL, ROOT, runBench } from './support/load';
import { seedBenchAgenda } from './support/agenda';

const target = process.argv[2] === 'agenda' ? 'agenda' : 'case';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

async function main(): Promise<void> {
  const database = await createBenchDatabase('profile');
  const { prisma, end: endPrisma } = benchPrisma(database.url);
  const config = benchConfig({
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
  });
  const app = await createApp(config);
  try {
    const { meetingId } = await seedDemo(prisma);
    // 20 cases on the meeting's agenda.
    const sourceCase = await seedBenchAgenda(prisma, meetingId);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoCredentials('coordinator')),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const url = target === 'agenda' ? `${base}/meetings/${meetingId}/agenda` : `${base}/cases/${sourceCase.id}`;

    // Count the statements of one request on the app's pools.
    const sql = app.get(PrismaService);
    let statements = 0;
    const pools = [sql.sql, sql.asyncCommitSql] as unknown as { query: (...args: unknown[]) => unknown }[];
    const originals = pools.map((pool) => pool.query.bind(pool));
    pools.forEach((pool, index) => {
      pool.query = (...args: unknown[]) => {
        statements += 1;
        return originals[index]!(...args);
      };
    });
    const probe = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
    await probe.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
    console.log(`${target}: ${probe.status}, ${statements} SQL statements on the app's pg pools for one request`);

    const out = process.argv[3];
    const session = new Session();
    if (out) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    // A child process: autocannon's own CPU stays out of this process's profile and CPU time.
    const cpuBefore = process.cpuUsage();
    const child = spawn(
      join(ROOT, 'node_modules', '.bin', 'autocannon'),
      ['-j', '-c', '50', '-d', String(DURATION_S), '-H', `authorization=Bearer ${accessToken}`, url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    const cpu = process.cpuUsage(cpuBefore);
    const result = JSON.parse(output) as {
      requests: { average: number; total: number };
      latency: { p50: number; p99: number };
      non2xx: number;
    };
    console.log(
      `${target}: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
        `${result.requests.total} requests (${result.non2xx} non-2xx); ` +
        `API CPU ${((cpu.user + cpu.system) / result.requests.total).toFixed(0)} us/request ` +
        `(user ${(cpu.user / result.requests.total).toFixed(0)}, system ${(cpu.system / result.requests.total).toFixed(0)}); ` +
        `${(statements / result.requests.total).toFixed(2)} SQL statements/request`,
    );
    if (out) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(out, JSON.stringify(profile));
      console.log(`profile written to ${out}`);
    }
  } finally {
    await app.close();
    await endPrisma();
    await database.drop();
  }
}

runBench(main);
