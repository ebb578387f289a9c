/**
 * Reminder throughput and lateness, against bare BullMQ measured in the same run:
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
import { benchConfig, benchPrisma, createBenchDatabase, fmt, percentile, REDIS_URL } from './support/load';

const N = Number(process.env.BENCH_REMINDERS ?? 2_000);

async function bareBullmq(prefix: string): Promise<number> {
  const connection = redisConnectionOptions(REDIS_URL, 'worker');
  const queue = new Queue('bare', { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('bare', async () => undefined, { connection, prefix, concurrency: REMINDER_CONCURRENCY });
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

    const baseline = await bareBullmq(prefix);

    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    const committedAt = new Date();
    const ids = await prisma.$transaction(async (tx) => {
      const rows = await tx.reminder.createManyAndReturn({
        data: Array.from({ length: N }, (_v, index) => ({ kind: 'MILESTONE' as const, caseId: caseRow.id, milestoneCode: 'SURGERY_TARGET', dedupeKey: `bench-${index}`, dueAt: committedAt, audience: ['BOARD_COORDINATORS' as const] })),
        select: { id: true, version: true, dueAt: true },
      });
      await tx.outboxEvent.createMany({ data: rows.map((row) => ({ topic: OutboxTopic.ReminderChanged, aggregateType: 'reminder', aggregateId: row.id, payload: { reminderId: row.id, version: row.version, dueAt: row.dueAt.toISOString() } })) });
      return rows.map((row) => row.id);
    });
    const started = performance.now();
    // In-app delivery (the end point: one notification per reminder for the demo board's
    // one coordinator) and full delivery (e-mail sent, reminder DELIVERED) are timed apart, and
    // the relay's part (every outbox row turned into a job). One cheap poll, off the ORM, so that
    // watching costs the measured system little.
    const poll = new Pool({ connectionString: database.url, max: 1 });
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
      if (inAppSeconds === null && notified >= N) inAppSeconds = elapsed;
      if (delivered >= N) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await poll.end();
    const ours = N / ((performance.now() - started) / 1000);
    const inApp = N / (inAppSeconds ?? (performance.now() - started) / 1000);
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

    console.log(`bare BullMQ add+process: ${fmt(baseline, 0)} jobs/s (concurrency ${REMINDER_CONCURRENCY})`);
    console.log(`reminders outbox -> delivered in-app: ${fmt(inApp, 0)} reminders/s for ${ids.length}; ratio ${fmt(inApp / baseline)} (target >= 0.5); all relayed to jobs after ${fmt(relayedSeconds ?? 0, 2)} s`);
    console.log(`reminders outbox -> fully delivered (in-app + e-mail + audit, status DELIVERED): ${fmt(ours, 0)} reminders/s; ratio ${fmt(ours / baseline)}; mails received ${received}`);
    console.log(`lateness (500 reminders due over 10 s): p50 ${percentile(lateness, 50)} ms p99 ${percentile(lateness, 99)} ms max ${Math.max(...lateness)} ms (target p99 < 2000 ms)`);
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await endPrisma();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
