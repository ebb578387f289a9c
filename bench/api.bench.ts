/**
 * API benchmarks on loopback (autocannon), each against a baseline measured in the same run:
 * - case read and agenda read (20 cases), each pair three times interleaved: our endpoint (auth, board scope, audit of the PHI read,
 *   mapping) vs a bare Fastify + pg handler returning the same rows. Target ratio >= 0.4,
 *   p99 < 50 ms at 50 connections.
 * - vote write p99 (target < 100 ms).
 * - argon2id hash time and login p95, with login as a ratio to one bare argon2 verification.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { sign } from 'jsonwebtoken';
import { Pool } from 'pg';
import { createApp } from '../apps/api/src/app.factory';
import { hashPassword, verifyPassword } from '../apps/api/src/auth/password.hasher';
import { seedDemo } from '../prisma/seed';
import {
  bareAgendaRoute,
  benchConfig,
  benchPrisma,
  createBenchDatabase,
  fmt,
  load,
  median,
  percentile,
  REDIS_URL,
  runBench,
  throughputOf,
} from './support/load';
import { comparePair } from './support/pair';
import { demoCredentials } from './support/demo-users';
import { seedBenchAgenda } from './support/agenda';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = 50;
/** The password of the bench's own 400 voters (not demo users: they exist only in the bench database). */
const VOTER_PASSWORD = 'Bench-Voter-Passw0rd';

async function main(): Promise<void> {
  const database = await createBenchDatabase('api');
  const { prisma, end: endPrisma } = benchPrisma(database.url);
  const pool = new Pool({ connectionString: database.url, max: 10 });
  pool.on('error', () => undefined); // idle clients ended by the final DROP DATABASE ... WITH (FORCE)
  const config = benchConfig({
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
  });
  const app = await createApp(config);
  const baseline = Fastify();
  try {
    const { meetingId } = await seedDemo(prisma);
    const board = await prisma.board.findFirstOrThrow();
    // 20 cases on the meeting's agenda.
    const sourceCase = await seedBenchAgenda(prisma, meetingId);

    await app.listen({ port: 0, host: '127.0.0.1' });
    const ours = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    // Baseline: the same rows straight from pg, no auth, no audit, no mapping.
    baseline.get<{ Params: { id: string } }>('/cases/:id', async (request) => {
      const caseRows = await pool.query(
        'SELECT c.*, p.mrn, p.given_name, p.family_name, p.birth_date FROM cases c JOIN patients p ON p.id = c.patient_id WHERE c.id = $1',
        [request.params.id],
      );
      return caseRows.rows[0];
    });
    bareAgendaRoute(baseline, pool);
    await baseline.listen({ port: 0, host: '127.0.0.1' });
    const bare = `http://127.0.0.1:${(baseline.server.address() as { port: number }).port}`;

    const loginResponse = await fetch(`${ours}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoCredentials('coordinator')),
    });
    const { accessToken } = (await loginResponse.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };

    // Case read and agenda read: each pair three times interleaved (bench/support/pair.ts).
    const caseId = sourceCase.id;
    const throughput = (url: string, headers?: Record<string, string>) =>
      throughputOf(url, CONNECTIONS, DURATION_S, headers);
    await load({ url: `${ours}/cases/${caseId}`, connections: 10, duration: 1, headers: auth }); // warm-up
    await comparePair(
      `case read (GET /cases/:id, ${CONNECTIONS} connections) / bare Fastify + pg, req/s`,
      'req/s',
      throughput(`${ours}/cases/${caseId}`, auth),
      throughput(`${bare}/cases/${caseId}`),
    );

    // Agenda read (when the meetings module is present).
    const probe = await fetch(`${ours}/meetings/${meetingId}/agenda`, { headers: auth });
    if (probe.status === 200) {
      await load({ url: `${ours}/meetings/${meetingId}/agenda`, connections: 10, duration: 1, headers: auth });
      await comparePair(
        `agenda read (GET /meetings/:id/agenda, 20 cases, ${CONNECTIONS} connections) / bare Fastify + pg, req/s`,
        'req/s',
        throughput(`${ours}/meetings/${meetingId}/agenda`, auth),
        throughput(`${bare}/meetings/${meetingId}/agenda`),
      );
    } else {
      console.log(`agenda read: GET /meetings/:id/agenda answered ${probe.status}; skipped`);
    }

    // Vote writes: 400 clinicians checked in, each voting once on a proposed recommendation.
    const voters = 400;
    const passwordHash = await hashPassword(VOTER_PASSWORD);
    // Two statements, not 400 creates in one transaction: on a loaded machine that transaction
    // outlived Prisma's 5 s limit and ended the bench.
    const users = await prisma.user.createManyAndReturn({
      data: Array.from({ length: voters }, (_, index) => ({
        email: `voter-${index}@bench.example`,
        displayName: `Voter ${index}`,
        roles: ['CLINICIAN' as const],
        specialty: 'MEDICAL_ONCOLOGY' as const,
        passwordHash,
      })),
    });
    await prisma.boardMember.createMany({ data: users.map((user) => ({ boardId: board.id, userId: user.id })) });
    await prisma.attendance.createMany({
      data: users.map((user) => ({ meetingId, userId: user.id, specialty: user.specialty })),
    });
    await prisma.meeting.update({
      where: { id: meetingId },
      data: { status: 'IN_PROGRESS', votingOpenUntil: new Date(Date.now() + 86_400_000) },
    });
    const recommendation = await prisma.recommendation.create({
      data: {
        caseId,
        meetingId,
        draftVersion: 99,
        pathwayId: 'rectal-stage-iv',
        pathwayVersion: 'bench',
        factsSnapshot: {},
        draftPlan: {},
        primaryBranch: 'resectable-oligometastatic',
        status: 'PROPOSED',
        proposedPlan: {},
      },
    });
    const tokens = users.map((user) =>
      sign({ sub: user.id, tv: 0 }, config.auth.jwtSecret, {
        algorithm: 'HS256',
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        expiresIn: 900,
      }),
    );
    let next = 0;
    const votes = await load({
      url: ours,
      connections: 10,
      amount: voters,
      requests: [
        {
          method: 'POST',
          path: `/recommendations/${recommendation.id}/votes`,
          setupRequest: (request) => ({
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % voters]}` },
            body: JSON.stringify({ choice: 'APPROVE' }),
          }),
        },
      ],
    });
    const stored = await prisma.vote.count({ where: { recommendationId: recommendation.id } });
    console.log(
      `vote write (POST /recommendations/:id/votes, 10 connections, ${voters} votes): p50 ${votes.latency.p50} ms p99 ${votes.latency.p99} ms; ${stored} votes stored, non-2xx ${votes.non2xx}`,
    );

    // argon2id and login.
    const hashTimes: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const started = performance.now();
      await hashPassword(`Bench-Password-${index}-x`);
      hashTimes.push(performance.now() - started);
    }
    const verifyTimes: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const started = performance.now();
      await verifyPassword(passwordHash, VOTER_PASSWORD);
      verifyTimes.push(performance.now() - started);
    }
    const loginTimes: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      const started = performance.now();
      const response = await fetch(`${ours}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `voter-${index}@bench.example`, password: VOTER_PASSWORD }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`login answered ${response.status}`);
      loginTimes.push(performance.now() - started);
    }
    console.log(
      `argon2id (m=19456 KiB, t=2, p=1): hash median ${fmt(median(hashTimes), 1)} ms, verify median ${fmt(median(verifyTimes), 1)} ms; ` +
        `login (sequential, 60): p50 ${fmt(median(loginTimes), 1)} ms p95 ${fmt(percentile(loginTimes, 95), 1)} ms; ratio login p95 / verify median ${fmt(percentile(loginTimes, 95) / median(verifyTimes))}`,
    );
  } finally {
    await app.close();
    await baseline.close();
    await pool.end();
    await endPrisma();
    await database.drop();
  }
}

runBench(main);
