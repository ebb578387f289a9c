/**
 * Profiles the reminder mailer alone (issue 17): N reminder versions already delivered in-app,
 * their pending e-mails committed at once, until every one is DELIVERED; against a bare
 * nodemailer loop (our transport's options, as many sends in flight) sending N e-mails. The SMTP
 * sink runs in a child process, so this process's CPU time is the sender's alone:
 *
 *   npm run build && node dist/bench/mail-profile.js [tmp/mailer.cpuprofile]
 *
 * Prints, per e-mail, ours and bare: wall time, this process's CPU time (process.cpuUsage: steadier
 * than e-mails/s on a shared machine), PostgreSQL backends' CPU time (/proc of the bench
 * database's backends) and SQL statements. With a file name, a CPU profile of our rounds is written.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { createTransport } from 'nodemailer';
import { Client, Pool } from 'pg';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { MAIL_SEND_CONCURRENCY, mailTransportOptions } from '../apps/worker/src/notifications/mail.sender';
import { seedDemo } from '../prisma/seed';
import { benchConfig, benchPrisma, createBenchDatabase, fmt, median, REDIS_URL, runBench } from './support/load';

const N = Number(process.env.BENCH_EMAILS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** A loopback SMTP server in a child process; resolves with its port. */
async function startSink(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const { SMTPServer } = require('smtp-server');
       const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
         onData: (stream, _s, callback) => { stream.on('data', () => {}); stream.on('end', () => callback()); } });
       server.on('error', () => {});
       server.listen(0, '127.0.0.1', () => console.log(server.server.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() },
  );
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))),
  );
  return { port, stop: () => child.kill() };
}

/** CPU time (ms) of the database's backends so far, by pid (/proc/<pid>/stat utime + stime, 100 Hz ticks). */
async function backendCpu(admin: Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The backend ended meanwhile.
    }
  }
  return cpu;
}

const cpuSince = (before: Map<number, number>, after: Map<number, number>): number =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

async function main(): Promise<void> {
  let statements = 0;
  /** Statements by their first words, while counting (BENCH_SQL_KINDS=1 prints them per round). */
  const kinds = new Map<string, number>();
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    statements += 1;
    const [text] = args;
    const sql = typeof text === 'string' ? text : ((text as { text?: string } | undefined)?.text ?? '?');
    const kind = sql.replace(/\s+/g, ' ').trim().slice(0, 70);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof Client.prototype.query;

  const database = await createBenchDatabase('mailer');
  const { prisma, end: endPrisma } = benchPrisma(database.url);
  const sink = await startSink();
  const admin = new Client({ connectionString: database.url });
  await admin.connect();
  const config = benchConfig({
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    SMTP_PORT: String(sink.port),
  });
  const session = new Session();
  const out = process.argv[2];
  try {
    await seedDemo(prisma);
    await prisma.meeting.updateMany({ data: { status: 'CANCELLED' } });
    const caseRow = await prisma.case.findFirstOrThrow();
    const coordinator = await prisma.user.findFirstOrThrow({ where: { roles: { has: 'COORDINATOR' } } });
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    const poll = new Pool({ connectionString: database.url, max: 1 });
    if (out) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
    }

    type Figures = { seconds: number; cpuMs: number; pgMs: number; statements: number };
    const measure = async (work: () => Promise<number>): Promise<Figures> => {
      const pgBefore = await backendCpu(admin, database.name);
      const cpuBefore = process.cpuUsage();
      const statementsBefore = statements;
      const started = performance.now();
      const polls = await work();
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const pgAfter = await backendCpu(admin, database.name);
      return {
        seconds,
        cpuMs: (cpu.user + cpu.system) / 1000,
        pgMs: cpuSince(pgBefore, pgAfter),
        statements: statements - statementsBefore - polls,
      };
    };

    /** N reminder versions delivered in-app with their pending e-mails, committed at once; until all DELIVERED. */
    const ours = async (round: number): Promise<Figures> => {
      await poll.query(
        `WITH r AS (
           INSERT INTO reminders (kind, case_id, milestone_code, dedupe_key, due_at, audience, updated_at)
           SELECT 'MILESTONE', $1::uuid, 'SURGERY_TARGET', 'mail-' || $3 || '-' || i, now(), ARRAY['BOARD_COORDINATORS']::"ReminderAudience"[], now()
             FROM generate_series(1, $4) i RETURNING id, version
         ), d AS (
           INSERT INTO deliveries (reminder_id, reminder_version, channel, recipient_id, external_id)
           SELECT id, version, 'IN_APP', $2::uuid, gen_random_uuid()::text FROM r
         )
         INSERT INTO reminder_emails (reminder_id, reminder_version, recipient_id, subject, body, not_before)
         SELECT id, version, $2::uuid, 'Consilium: surgery target for CRC-2026-0001', 'Surgery target window for case CRC-2026-0001 is open.', now() + interval '1 hour' FROM r`,
        [caseRow.id, coordinator.id, round, N],
      );
      if (out) await session.post('Profiler.start');
      const figures = await measure(async () => {
        await poll.query(`UPDATE reminder_emails SET not_before = now()`);
        let polls = 1;
        for (;;) {
          polls += 1;
          const { rows } = await poll.query<{ left: number }>(
            `SELECT count(*)::int AS left FROM reminders WHERE dedupe_key LIKE $1 AND status <> 'DELIVERED'`,
            [`mail-${round}-%`],
          );
          if (rows[0]?.left === 0) return polls;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      if (out) await session.post('Profiler.stop').then(({ profile }) => profiles.push(profile));
      return figures;
    };

    const bare = async (round: number): Promise<Figures> => {
      const transport = createTransport(mailTransportOptions(config));
      const figures = await measure(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: MAIL_SEND_CONCURRENCY }, async () => {
            while (next < N) {
              const index = next;
              next += 1;
              await transport.sendMail({
                from: config.smtp.from,
                to: coordinator.email,
                subject: 'Consilium: surgery target for CRC-2026-0001',
                text: 'Surgery target window for case CRC-2026-0001 is open.',
                messageId: `<bare.${round}.${index}@consilium>`,
              });
            }
          }),
        );
        return 0;
      });
      transport.close();
      return figures;
    };

    const profiles: unknown[] = [];
    const rows: { ours: Figures; bare: Figures }[] = [];
    const load = loadavg()[0] ?? 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const o = await ours(round);
      if (process.env.BENCH_SQL_KINDS === '1') {
        for (const [kind, count] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 15))
          console.log(`    ${count} ${kind}`);
      }
      kinds.clear();
      const b = await bare(round);
      kinds.clear();
      rows.push({ ours: o, bare: b });
      const each = (f: Figures): string =>
        `${fmt(N / f.seconds, 0)}/s, CPU ${fmt((f.cpuMs * 1000) / N, 0)} us, PostgreSQL ${fmt((f.pgMs * 1000) / N, 0)} us, ${fmt(f.statements / N, 3)} SQL per e-mail`;
      console.log(
        `  round ${round + 1}/${ROUNDS}: ours ${each(o)}; bare ${each(b)}; ratio ${fmt(b.seconds / o.seconds, 3)}`,
      );
    }
    const mid = (pick: (row: { ours: Figures; bare: Figures }) => number): string => fmt(median(rows.map(pick)), 0);
    console.log(
      `mailer (${N} e-mails, ${MAIL_SEND_CONCURRENCY} in flight): median ratio ${fmt(median(rows.map((r) => r.bare.seconds / r.ours.seconds)), 2)}; ` +
        `CPU per e-mail ours ${mid((r) => (r.ours.cpuMs * 1000) / N)} us vs bare ${mid((r) => (r.bare.cpuMs * 1000) / N)} us; ` +
        `PostgreSQL CPU per e-mail ours ${mid((r) => (r.ours.pgMs * 1000) / N)} us; load average at start ${fmt(load, 2)}`,
    );
    if (out && profiles[0]) {
      writeFileSync(out, JSON.stringify(profiles[profiles.length - 1]));
      console.log(`profile of the last round written to ${out}`);
    }
    await poll.end();
    await worker.close();
  } finally {
    session.disconnect();
    await admin.end();
    sink.stop();
    await endPrisma();
    await database.drop();
  }
}

runBench(main);
