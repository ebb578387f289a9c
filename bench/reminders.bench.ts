/**
 * Reminder throughput and lateness, each pair three times interleaved (bench/support/pair.ts):
 * - in-app: N reminders + their `reminder.changed` outbox rows committed, due now, until each is
 *   notified in-app, against bare BullMQ (addBulk N no-op jobs and process them, same concurrency,
 *   same Redis); target >= 0.5;
 * - e-mail: the same until every reminder is DELIVERED (in-app + e-mail to a loopback SMTP server
 *   + audit), against a bare nodemailer loop sending N e-mails over one pooled transport to the
 *   same SMTP server with as many sends in flight as our sender; target >= 0.8;
 * - SQL statements and Redis commands per reminder in our rounds (counted in this process);
 * - delivery lateness in normal operation, target p99 < 2 s.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
import type { PrismaClient } from '@prisma/client';
import { Client, Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { OutboxTopic, redisConnectionOptions } from '@consilium/jobs';
import { REMINDER_CONCURRENCY } from '../apps/worker/src/reminders/reminders.processor';
import { MAIL_SEND_CONCURRENCY, mailTransportOptions } from '../apps/worker/src/notifications/mail.sender';
import { mailSubject, milestoneText } from '../apps/worker/src/reminders/reminder-content';
import { seedDemo } from '../prisma/seed';
import { benchConfig, benchPrisma, createBenchDatabase, fmt, percentile, REDIS_URL, runBench } from './support/load';
import { comparePair, RUNS } from './support/pair';
import { startWorker } from './support/worker';

const N = Number(process.env.BENCH_REMINDERS ?? 2_000);

async function bareBullmq(prefix: string, run: number): Promise<number> {
  const connection = redisConnectionOptions(REDIS_URL, 'worker');
  const queue = new Queue(`bare-${run}`, { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(`bare-${run}`, async () => undefined, {
    connection,
    prefix,
    concurrency: REMINDER_CONCURRENCY,
  });
  worker.on('completed', () => {
    done += 1;
    if (done === N) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  await queue.addBulk(
    Array.from({ length: N }, (_v, index) => ({
      name: 'noop',
      data: { index },
      opts: { jobId: `bare-${index}`, removeOnComplete: true },
    })),
  );
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return N / seconds;
}

/**
 * The e-mail baseline: N e-mails like a reminder's (same subject and body shape, one recipient
 * each) sent with nodemailer over one pooled transport (our transport's options) to the same SMTP
 * server, MAIL_SEND_CONCURRENCY sends in flight (as our sender keeps), nothing else.
 */
async function bareNodemailer(config: ReturnType<typeof benchConfig>, to: string, run: number): Promise<number> {
  const transport = createTransport(mailTransportOptions(config));
  const text = milestoneText(
    {
      kind: 'MILESTONE',
      milestoneCode: 'SURGERY_TARGET',
      caseId: randomUUID(),
      caseReference: 'CRC-2026-0001',
      dueAt: new Date(),
      windowStart: null,
      windowEnd: null,
    },
    config.http.publicBaseUrl,
  );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: MAIL_SEND_CONCURRENCY }, async () => {
      while (next < N) {
        const index = next;
        next += 1;
        await transport.sendMail({
          from: config.smtp.from,
          to,
          subject: mailSubject(text),
          text: text.body,
          messageId: `<bare.${run}.${index}@consilium>`,
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return N / seconds;
}

/**
 * Counts what this process sends while our rounds run: SQL statements (every pg client's
 * `query`, Prisma's included) and Redis commands (ioredis `sendCommand`, pipelined ones included:
 * commands, not round trips). The bench's own polling is subtracted by its caller.
 */
const counted = { sql: 0, redis: 0 };
function countRoundTrips(): void {
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    counted.sql += 1;
    return query.apply(this, args);
  } as typeof Client.prototype.query;
  const sendCommand = Redis.prototype.sendCommand as (...args: unknown[]) => unknown;
  Redis.prototype.sendCommand = function (this: Redis, ...args: unknown[]) {
    counted.redis += 1;
    return sendCommand.apply(this, args);
  } as typeof Redis.prototype.sendCommand;
}

/**
 * Milestone reminders for the case with their ReminderChanged outbox rows, in one transaction, as
 * the API writes them (not measured: a loaded machine takes longer than Prisma's default 5 s).
 */
async function relayedReminders(
  prisma: PrismaClient,
  caseId: string,
  reminders: readonly { dedupeKey: string; dueAt: Date }[],
): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      const rows = await tx.reminder.createManyAndReturn({
        data: reminders.map(({ dedupeKey, dueAt }) => ({
          kind: 'MILESTONE' as const,
          caseId,
          milestoneCode: 'SURGERY_TARGET',
          dedupeKey,
          dueAt,
          audience: ['BOARD_COORDINATORS' as const],
        })),
        select: { id: true, version: true, dueAt: true },
      });
      await tx.outboxEvent.createMany({
        data: rows.map((row) => ({
          topic: OutboxTopic.ReminderChanged,
          aggregateType: 'reminder',
          aggregateId: row.id,
          payload: { reminderId: row.id, version: row.version, dueAt: row.dueAt.toISOString() },
        })),
      });
    },
    { timeout: 60_000 },
  );
}

async function main(): Promise<void> {
  countRoundTrips();
  const database = await createBenchDatabase('reminders');
  const { prisma, end: endPrisma } = benchPrisma(database.url);
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const config = benchConfig({
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    SMTP_PORT: String(smtpPort),
  });
  try {
    await seedDemo(prisma);
    await prisma.meeting.updateMany({ data: { status: 'CANCELLED' } });
    const caseRow = await prisma.case.findFirstOrThrow();

    const worker = await startWorker(config);
    const poll = new Pool({ connectionString: database.url, max: 1 });
    /**
     * One round of ours: N reminders + their outbox rows committed, due now; resolves when every
     * one of them is notified in-app and DELIVERED (with e-mail). One cheap poll, off the ORM, so
     * that watching costs the measured system little.
     */
    const perReminder: { sql: number; redis: number }[] = [];
    const deliverRound = async (
      label: string,
    ): Promise<{ inAppSeconds: number; fullSeconds: number; relayedSeconds: number }> => {
      const before = await poll.query<{ notified: number; delivered: number }>(
        `SELECT (SELECT count(*)::int FROM notifications) AS notified, (SELECT count(*)::int FROM reminders WHERE status = 'DELIVERED') AS delivered`,
      );
      const { notified: notifiedBefore, delivered: deliveredBefore } = before.rows[0]!;
      const committedAt = new Date();
      await relayedReminders(
        prisma,
        caseRow.id,
        Array.from({ length: N }, (_v, index) => ({ dedupeKey: `bench-${label}-${index}`, dueAt: committedAt })),
      );
      const started = performance.now();
      const countedAtStart = { ...counted };
      let polls = 0;
      let inAppSeconds: number | null = null;
      let relayedSeconds: number | null = null;
      for (;;) {
        polls += 1;
        const { rows } = await poll.query<{ notified: number; pending: number; delivered: number }>(
          `SELECT (SELECT count(*)::int FROM notifications) AS notified, (SELECT count(*)::int FROM outbox_events WHERE processed_at IS NULL) AS pending,
                  (SELECT count(*)::int FROM reminders WHERE status = 'DELIVERED') AS delivered`,
        );
        const { notified, pending, delivered } = rows[0]!;
        const elapsed = (performance.now() - started) / 1000;
        if (relayedSeconds === null && pending === 0) relayedSeconds = elapsed;
        if (inAppSeconds === null && notified - notifiedBefore >= N) inAppSeconds = elapsed;
        if (delivered - deliveredBefore >= N) {
          perReminder.push({
            sql: (counted.sql - countedAtStart.sql - polls) / N,
            redis: (counted.redis - countedAtStart.redis) / N,
          });
          return {
            inAppSeconds: inAppSeconds ?? elapsed,
            fullSeconds: elapsed,
            relayedSeconds: relayedSeconds ?? elapsed,
          };
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    // In-app delivery (the end point: one notification per reminder for the demo board's
    // one coordinator) and full delivery (e-mail sent, reminder DELIVERED) are two figures, each
    // its own interleaved pair; a round waits for full delivery either way, so rounds never overlap.
    const relayed: number[] = [];
    await comparePair(
      `reminders outbox -> delivered in-app (${N} reminders) / bare BullMQ add+process (concurrency ${REMINDER_CONCURRENCY}), per second (target >= 0.5)`,
      'per s',
      async (run) => {
        const round = await deliverRound(`in-app-${run}`);
        relayed.push(round.relayedSeconds);
        return { value: N / round.inAppSeconds };
      },
      async (run) => ({ value: await bareBullmq(prefix, run) }),
    );
    console.log(`reminders: all outbox rows relayed after ${relayed.map((seconds) => fmt(seconds, 2)).join(', ')} s`);
    const mailsBefore = received;
    const coordinator = await prisma.user.findFirstOrThrow({ where: { roles: { has: 'COORDINATOR' } } });
    await comparePair(
      `reminders outbox -> e-mail delivered (in-app + e-mail + audit, status DELIVERED, ${N} reminders) / bare nodemailer loop (${MAIL_SEND_CONCURRENCY} in flight, pooled), per second (target >= 0.8)`,
      'per s',
      async (run) => ({ value: N / (await deliverRound(`full-${run}`)).fullSeconds }),
      async (run) => ({ value: await bareNodemailer(config, coordinator.email, run) }),
    );
    console.log(
      `reminders: mails received ${received - mailsBefore} for ${RUNS * N} reminders and ${RUNS * N} bare e-mails`,
    );
    const mid = (pick: (each: { sql: number; redis: number }) => number): string =>
      fmt(perReminder.map(pick).sort((a, b) => a - b)[Math.floor(perReminder.length / 2)] ?? NaN, 2);
    console.log(
      `reminders: per reminder (in-app + e-mail, median of ${perReminder.length} rounds): ${mid((each) => each.sql)} SQL statements, ${mid((each) => each.redis)} Redis commands`,
    );
    await poll.end();
    await worker.close();

    // Lateness in normal operation: reminders due over 10 s, delivered by a running worker.
    const worker2 = await startWorker(config);
    const spreadStart = Date.now() + 2_000;
    const spread = 500;
    await relayedReminders(
      prisma,
      caseRow.id,
      Array.from({ length: spread }, (_v, index) => ({
        dedupeKey: `lateness-${index}`,
        dueAt: new Date(spreadStart + index * 20),
      })),
    );
    for (;;) {
      if (
        (await prisma.reminder.count({ where: { status: 'DELIVERED', dedupeKey: { startsWith: 'lateness-' } } })) >=
        spread
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const late = await prisma.reminder.findMany({
      where: { dedupeKey: { startsWith: 'lateness-' } },
      select: { dueAt: true, deliveredAt: true },
    });
    const lateness = late.map((row) => row.deliveredAt!.getTime() - row.dueAt.getTime());
    await worker2.close();

    console.log(
      `lateness (500 reminders due over 10 s): p50 ${percentile(lateness, 50)} ms p99 ${percentile(lateness, 99)} ms max ${Math.max(...lateness)} ms (target p99 < 2000 ms)`,
    );
  } catch (error) {
    // Said before the finally drops the database: a worker's connection ended by the drop can
    // otherwise end the process first and hide the real cause.
    console.error('reminders bench failed:', error);
    throw error;
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await endPrisma();
    await database.drop();
  }
}

runBench(main);
