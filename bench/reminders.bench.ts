/**
 * Reminder throughput and lateness, against bare BullMQ measured in the same run (each pair three
 * times interleaved, bench/support/pair.ts):
 * - baseline: addBulk N no-op jobs and process them (same concurrency, same Redis);
 * - ours: N reminders + their `reminder.changed` outbox rows committed, due now, until all are
 *   DELIVERED (relay -> delayed job -> delivery in-app + e-mail to a loopback SMTP server, audit).
 * Targets: ratio >= 0.5; delivery lateness p99 < 2 s in normal operation.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { OutboxTopic, redisConnectionOptions } from '@consilium/jobs';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { REMINDER_CONCURRENCY } from '../apps/worker/src/reminders/reminders.processor';
import { seedDemo } from '../prisma/seed';
import { benchConfig, benchPrisma, createBenchDatabase, fmt, percentile, REDIS_URL, runBench } from './support/load';
import { comparePair, RUNS } from './support/pair';

const N = Number(process.env.BENCH_REMINDERS ?? 2_000);

async function bareBullmq(prefix: string, run: number): Promise<number> {
  const connection = redisConnectionOptions(REDIS_URL, 'worker');
  const queue = new Queue(`bare-${run}`, { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(`bare-${run}`, async () => undefined, { connection, prefix, concurrency: REMINDER_CONCURRENCY });
  worker.on('completed', () => {
    done += 1;
    if (done === N) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  await queue.addBulk(Array.from({ length: N }, (_v, index) => ({ name: 'noop', data: { index }, opts: { jobId: `bare-${index}`, removeOnComplete: true } })));
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return N / seconds;
}

async function main(): Promise<void> {
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
  const config = benchConfig({ DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, SMTP_PORT: String(smtpPort) });
  try {
    await seedDemo(prisma);
    await prisma.meeting.updateMany({ data: { status: 'CANCELLED' } });
    const caseRow = await prisma.case.findFirstOrThrow();

    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    const poll = new Pool({ connectionString: database.url, max: 1 });
    /**
     * One round of ours: N reminders + their outbox rows committed, due now; resolves when every
     * one of them is notified in-app and DELIVERED (with e-mail). One cheap poll, off the ORM, so
     * that watching costs the measured system little.
     */
    const deliverRound = async (label: string): Promise<{ inAppSeconds: number; fullSeconds: number; relayedSeconds: number }> => {
      const before = await poll.query<{ notified: number; delivered: number }>(
        `SELECT (SELECT count(*)::int FROM notifications) AS notified, (SELECT count(*)::int FROM reminders WHERE status = 'DELIVERED') AS delivered`,
      );
      const { notified: notifiedBefore, delivered: deliveredBefore } = before.rows[0]!;
      const committedAt = new Date();
      await prisma.$transaction(async (tx) => {
        const rows = await tx.reminder.createManyAndReturn({
          data: Array.from({ length: N }, (_v, index) => ({ kind: 'MILESTONE' as const, caseId: caseRow.id, milestoneCode: 'SURGERY_TARGET', dedupeKey: `bench-${label}-${index}`, dueAt: committedAt, audience: ['BOARD_COORDINATORS' as const] })),
          select: { id: true, version: true, dueAt: true },
        });
        await tx.outboxEvent.createMany({ data: rows.map((row) => ({ topic: OutboxTopic.ReminderChanged, aggregateType: 'reminder', aggregateId: row.id, payload: { reminderId: row.id, version: row.version, dueAt: row.dueAt.toISOString() } })) });
      });
      const started = performance.now();
      let inAppSeconds: number | null = null;
      let relayedSeconds: number | null = null;
      for (;;) {
        const { rows } = await poll.query<{ notified: number; pending: number; delivered: number }>(
          `SELECT (SELECT count(*)::int FROM notifications) AS notified, (SELECT count(*)::int FROM outbox_events WHERE processed_at IS NULL) AS pending,
                  (SELECT count(*)::int FROM reminders WHERE status = 'DELIVERED') AS delivered`,
        );
        const { notified, pending, delivered } = rows[0]!;
        const elapsed = (performance.now() - started) / 1000;
        if (relayedSeconds === null && pending === 0) relayedSeconds = elapsed;
        if (inAppSeconds === null && notified - notifiedBefore >= N) inAppSeconds = elapsed;
        if (delivered - deliveredBefore >= N) return { inAppSeconds: inAppSeconds ?? elapsed, fullSeconds: elapsed, relayedSeconds: relayedSeconds ?? elapsed };
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
    console.log(`reminders: all outbox rows relayed to jobs after ${relayed.map((seconds) => fmt(seconds, 2)).join(', ')} s`);
    const mailsBefore = received;
    await comparePair(
      `reminders outbox -> fully delivered (in-app + e-mail + audit, status DELIVERED) / bare BullMQ add+process, per second`,
      'per s',
      async (run) => ({ value: N / (await deliverRound(`full-${run}`)).fullSeconds }),
      async (run) => ({ value: await bareBullmq(prefix, run + RUNS) }),
    );
    console.log(`reminders: mails received ${received - mailsBefore} for ${RUNS * N} reminders`);
    await poll.end();
    await worker.close();

    // Lateness in normal operation: reminders due over 10 s, delivered by a running worker.
    const worker2 = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker2.init();
    const spreadStart = Date.now() + 2_000;
    const spread = 500;
    await prisma.$transaction(async (tx) => {
      const rows = await tx.reminder.createManyAndReturn({
        data: Array.from({ length: spread }, (_v, index) => ({ kind: 'MILESTONE' as const, caseId: caseRow.id, milestoneCode: 'SURGERY_TARGET', dedupeKey: `lateness-${index}`, dueAt: new Date(spreadStart + index * 20), audience: ['BOARD_COORDINATORS' as const] })),
        select: { id: true, version: true, dueAt: true },
      });
      await tx.outboxEvent.createMany({ data: rows.map((row) => ({ topic: OutboxTopic.ReminderChanged, aggregateType: 'reminder', aggregateId: row.id, payload: { reminderId: row.id, version: row.version, dueAt: row.dueAt.toISOString() } })) });
    });
    for (;;) {
      if ((await prisma.reminder.count({ where: { status: 'DELIVERED', dedupeKey: { startsWith: 'lateness-' } } })) >= spread) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const late = await prisma.reminder.findMany({ where: { dedupeKey: { startsWith: 'lateness-' } }, select: { dueAt: true, deliveredAt: true } });
    const lateness = late.map((row) => row.deliveredAt!.getTime() - row.dueAt.getTime());
    await worker2.close();

    console.log(`lateness (500 reminders due over 10 s): p50 ${percentile(lateness, 50)} ms p99 ${percentile(lateness, 99)} ms max ${Math.max(...lateness)} ms (target p99 < 2000 ms)`);
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await endPrisma();
    await database.drop();
  }
}

runBench(main);
