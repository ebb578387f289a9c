import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { readinessOf } from '../../apps/api/src/cases/case-facts.mapper';
import type { INestApplicationContext } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { Redis } from 'ioredis';
import type { AppConfig } from '@consilium/config';
import { OutboxTopic, QueueName, jobKey, reminderJobId } from '@consilium/jobs';
import { addDays, draftPlan } from '@consilium/pathway';
import { resectableFacts } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { ReminderDelivery, deliveryMessageId } from '../../apps/worker/src/reminders/reminder-delivery.service';
import { MAIL_CLAIM_MS } from '../../apps/worker/src/reminders/reminder-mailer.service';
import { RedisEvictionPolicyError, RedisPolicyCheck } from '../../apps/worker/src/redis-policy/redis-policy.check';
import { seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signIn, startWorker } from '../support/stack';
import { PrivateRedis, freePort } from '../support/redis-server';
import { SmtpSink, eventually } from '../reminders/smtp-sink';

const today = (): string => new Date().toISOString().slice(0, 10);
const day = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);

describe('reminders: scheduling, relay and delivery (real PostgreSQL, Redis, SMTP)', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let smtp: SmtpSink;
  let config: AppConfig;
  let worker: INestApplicationContext;
  let api: RunningApi;
  let redis: Redis;
  let users: Record<string, string>;
  let caseId: string;
  let caseReference: string;
  let recommendationId: string;

  beforeAll(async () => {
    database = await createTestDatabase('reminders');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    smtp = new SmtpSink();
    await smtp.start();
    config = testConfig({
      DATABASE_URL: database.url,
      SMTP_PORT: String(smtp.port),
      PUBLIC_BASE_URL: 'https://consilium.test',
      MEETING_DIGEST_HOURS_BEFORE: '168',
    });
    redis = new Redis(config.redisUrl);
    worker = await startWorker(config);
    api = await startApi(config);
    users = Object.fromEntries((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user.id]));
    const caseRow = await prisma.case.findFirstOrThrow({ orderBy: { reference: 'asc' } });
    caseId = caseRow.id;
    caseReference = caseRow.reference;
    const plan = draftPlan(resectableFacts());
    const meeting = await prisma.meeting.findFirstOrThrow();
    const rec = await prisma.recommendation.create({
      data: {
        caseId,
        meetingId: meeting.id,
        draftVersion: 99,
        pathwayId: plan.pathwayId,
        pathwayVersion: plan.pathwayVersion,
        factsSnapshot: {},
        draftPlan: plan as never,
        proposedPlan: { branch: plan.primaryBranch.code } as never,
        primaryBranch: plan.primaryBranch.code,
        status: 'SIGNED_OFF',
        signedOffAt: new Date(),
      },
    });
    recommendationId = rec.id;
    await prisma.vote.create({
      data: { recommendationId, round: 1, voterId: users.surgeon!, choice: 'APPROVE', specialty: 'COLORECTAL_SURGERY' },
    });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await smtp?.stop();
    redis?.disconnect();
    await prisma?.$disconnect();
    await database?.drop();
  });

  const reminders = () => prisma.reminder.findMany({ where: { recommendationId }, orderBy: { dedupeKey: 'asc' } });
  const byKey = async (suffix: string) =>
    (await reminders()).find((row) => row.dedupeKey === `${recommendationId}:${suffix}`);

  it('turns a sign-off into dated reminders, delivers the due one in-app and by e-mail to the treating clinicians and coordinators, exactly once', async () => {
    // Last SCRT fraction 12 days ago: the chemotherapy window (day 11-18) opened yesterday.
    const lastFraction = addDays(today(), -12);
    await prisma.treatmentEvent.create({
      data: {
        caseId,
        recommendationId,
        kind: 'RADIOTHERAPY',
        status: 'DONE',
        startDate: day(addDays(lastFraction, -4)),
        endDate: day(lastFraction),
        regimens: ['SCRT_5X5'],
      },
    });
    await prisma.outboxEvent.create({
      data: {
        topic: OutboxTopic.RecommendationSignedOff,
        aggregateType: 'recommendation',
        aggregateId: recommendationId,
        payload: { recommendationId, caseId },
      },
    });

    const chemo = await eventually(
      async () => {
        const row = await byKey('CHEMO_START_WINDOW');
        return row?.status === 'DELIVERED' ? row : null;
      },
      15_000,
      'the chemotherapy-window reminder to be delivered',
    );
    expect(chemo.dueAt.toISOString()).toBe(`${addDays(lastFraction, 11)}T07:00:00.000Z`);
    expect(chemo.windowEnd?.toISOString().slice(0, 10)).toBe(addDays(lastFraction, 18));

    const rows = await reminders();
    // Milestones anchored on the radiotherapy are dated; those anchored on chemotherapy/surgery stay pending (no row).
    expect(rows.map((row) => row.dedupeKey.slice(recommendationId.length + 1)).sort()).toEqual(
      [
        'CHEMO_START_WINDOW',
        'CHEMO_START_WINDOW:escalation',
        'PRIMARY_SURGERY_DEADLINE',
        'PRIMARY_SURGERY_DEADLINE:escalation',
        'SURGERY_TARGET',
      ].sort(),
    );
    const escalation = rows.find((row) => row.dedupeKey.endsWith('CHEMO_START_WINDOW:escalation'))!;
    expect(escalation).toMatchObject({ kind: 'ESCALATION', status: 'SCHEDULED', audience: ['BOARD_COORDINATORS'] });
    expect(escalation.dueAt.toISOString()).toBe(`${addDays(lastFraction, 19)}T07:00:00.000Z`);

    const recipients = [users.oncologist, users.surgeon, users.coordinator].sort();
    const deliveries = await prisma.delivery.findMany({ where: { reminderId: chemo.id } });
    expect(
      deliveries
        .filter((d) => d.channel === 'IN_APP')
        .map((d) => d.recipientId)
        .sort(),
    ).toEqual(recipients);
    expect(
      deliveries
        .filter((d) => d.channel === 'EMAIL')
        .map((d) => d.recipientId)
        .sort(),
    ).toEqual(recipients);
    const mails = await eventually(async () => {
      const found = smtp.received.filter((mail) => mail.messageId.includes(chemo.id));
      return found.length >= 3 ? found : null;
    });
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((mail) => mail.messageId))).toEqual(
      new Set(recipients.map((id) => deliveryMessageId(chemo.id, chemo.version, id!))),
    );
    const patient = await prisma.patient.findFirstOrThrow({ where: { cases: { some: { id: caseId } } } });
    for (const mail of mails) {
      expect(mail.subject).toContain(caseReference);
      expect(mail.raw).toContain(`https://consilium.test/cases/${caseId}`);
      expect(mail.raw).not.toContain(patient.familyName);
      expect(mail.raw).not.toContain(patient.mrn);
      expect(mail.raw).not.toMatch(/rectal|cancer|carcinoma|metasta/i);
    }
    const audits = await prisma.auditEvent.count({
      where: { type: 'reminder.delivery', entityId: chemo.id, actorUserId: null },
    });
    expect(audits).toBe(6);

    // The coordinator sees it in the app and marks it read; another user cannot.
    const coordinator = await signIn(api.url, 'coordinator', prisma);
    const unreadOnly = { params: { query: { unread: true } } };
    const list = await coordinator.get('/me/notifications', unreadOnly);
    expect(list.status).toBe(200);
    const note = list.body.find((n) => n.reminderId === chemo.id)!;
    expect(note.title).toContain(caseReference);
    const surgeon = await signIn(api.url, 'surgeon', prisma);
    const ofNote = { params: { path: { id: note.id } } };
    expect((await surgeon.post('/me/notifications/{id}/read', ofNote)).status).toBe(404);
    const read = await coordinator.post('/me/notifications/{id}/read', ofNote);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await coordinator.get('/me/notifications', unreadOnly);
    expect(unread.body.some((n) => n.id === note.id)).toBe(false);

    // A late duplicate job for the same version sends nothing.
    expect(await worker.get(ReminderDelivery).deliver(chemo.id, chemo.version)).toBe('skipped');
    expect(await prisma.delivery.count({ where: { reminderId: chemo.id } })).toBe(6);
  });

  it('reschedules and cancels on treatment-event changes, never duplicating, and delivers nothing before the new due time', async () => {
    const before = await reminders();
    const surgeryTarget = before.find((row) => row.dedupeKey.endsWith(':SURGERY_TARGET'))!;
    // The radiotherapy actually ended two days later; chemotherapy started in the window.
    const rt = await prisma.treatmentEvent.findFirstOrThrow({ where: { caseId, kind: 'RADIOTHERAPY' } });
    const lastFraction = addDays(rt.endDate!.toISOString().slice(0, 10), 2);
    await prisma.treatmentEvent.update({ where: { id: rt.id }, data: { endDate: day(lastFraction) } });
    await prisma.treatmentEvent.create({
      data: {
        caseId,
        recommendationId,
        kind: 'SYSTEMIC_THERAPY',
        status: 'DONE',
        startDate: day(addDays(lastFraction, 12)),
        regimens: ['FOLFOX'],
      },
    });
    await prisma.outboxEvent.create({
      data: {
        topic: OutboxTopic.TreatmentEventsChanged,
        aggregateType: 'case',
        aggregateId: caseId,
        payload: { caseId },
      },
    });

    await eventually(
      async () => (await byKey('CHEMO_START_WINDOW:escalation'))?.status === 'CANCELLED',
      10_000,
      'the escalation to be cancelled',
    );
    const after = await reminders();
    expect(new Set(after.map((row) => row.dedupeKey)).size).toBe(after.length);
    const moved = after.find((row) => row.id === surgeryTarget.id)!;
    expect(moved.version).toBe(surgeryTarget.version + 1);
    expect(moved.dueAt.toISOString()).toBe(`${addDays(lastFraction, 84)}T07:00:00.000Z`);
    // Chemotherapy known: its milestones and the response-evaluation escalation now exist.
    expect(after.find((row) => row.dedupeKey.endsWith(':RESPONSE_EVALUATION'))?.status).toBe('SCHEDULED');
    expect(after.find((row) => row.dedupeKey.endsWith(':RESPONSE_EVALUATION:escalation'))?.status).toBe('SCHEDULED');
    // The rescheduled reminder waits in PostgreSQL for its new due time (the due loop claims it then):
    // its relayed outbox row left no job per reminder in Redis.
    await eventually(
      async () => (await prisma.outboxEvent.count({ where: { aggregateId: moved.id, processedAt: null } })) === 0,
      5_000,
      'the relayed outbox row',
    );
    expect(
      await redis.exists(jobKey(config.redisPrefix, QueueName.Reminders, reminderJobId(moved.id, moved.version))),
    ).toBe(0);
    expect(await prisma.delivery.count({ where: { reminderId: moved.id, reminderVersion: moved.version } })).toBe(0);
    // The delivered chemotherapy-window reminder moved into the future: it goes out again, as a new version.
    const chemo = (await byKey('CHEMO_START_WINDOW'))!;
    expect(chemo).toMatchObject({ status: 'SCHEDULED', version: 2 });
    expect(chemo.dueAt.toISOString()).toBe(`${addDays(lastFraction, 11)}T07:00:00.000Z`);
  });

  it('delivers a due reminder that has no job and no outbox row (PostgreSQL is the source of truth)', async () => {
    const reminder = await prisma.reminder.create({
      data: {
        kind: 'MILESTONE',
        caseId,
        recommendationId,
        milestoneCode: 'SURGERY_TARGET',
        dedupeKey: `lost-job-${caseId}`,
        dueAt: new Date(Date.now() - 1_000),
        audience: ['BOARD_COORDINATORS'],
      },
    });
    // No outbox row and no job: only the sweep can find it.
    await eventually(
      async () => (await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).status === 'DELIVERED',
      10_000,
      'the swept reminder',
    );
    expect(await prisma.delivery.count({ where: { reminderId: reminder.id } })).toBe(2);
  });

  it('retries a failed e-mail send without resending what went out', async () => {
    smtp.failNext(1);
    const reminder = await prisma.reminder.create({
      data: {
        kind: 'MILESTONE',
        caseId,
        recommendationId,
        milestoneCode: 'SURGERY_TARGET',
        dedupeKey: `retry-${caseId}`,
        dueAt: new Date(),
        audience: ['TREATING_CLINICIANS', 'BOARD_COORDINATORS'],
      },
    });
    await prisma.outboxEvent.create({
      data: {
        topic: OutboxTopic.ReminderChanged,
        aggregateType: 'reminder',
        aggregateId: reminder.id,
        payload: { reminderId: reminder.id, version: 1, dueAt: reminder.dueAt.toISOString() },
      },
    });
    await eventually(
      async () => (await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).status === 'DELIVERED',
      15_000,
      'the retried reminder',
    );
    const mails = smtp.received.filter((mail) => mail.messageId.includes(reminder.id));
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(3);
    expect(await prisma.delivery.count({ where: { reminderId: reminder.id, channel: 'EMAIL' } })).toBe(3);
  });

  it('sends an e-mail a killed worker had claimed once its claim lapses, not before, and only then marks the reminder DELIVERED', async () => {
    // As a worker leaves it when SIGKILLed mid-send: delivered in-app, its e-mail claimed (claim ending
    // MAIL_CLAIM_MS ahead). One transaction, so the due loop never sees the due reminder undelivered.
    const reminderId = randomUUID();
    const [reminder] = await prisma.$transaction([
      prisma.reminder.create({
        data: {
          id: reminderId,
          kind: 'MILESTONE',
          caseId,
          recommendationId,
          milestoneCode: 'SURGERY_TARGET',
          dedupeKey: `claimed-${caseId}`,
          dueAt: new Date(),
          audience: ['BOARD_COORDINATORS'],
        },
      }),
      prisma.delivery.create({
        data: {
          reminderId,
          reminderVersion: 1,
          channel: 'IN_APP',
          recipientId: users.coordinator!,
          externalId: 'killed',
        },
      }),
    ]);
    const claimEnds = Date.now() + MAIL_CLAIM_MS;
    await prisma.reminderEmail.create({
      data: {
        reminderId: reminder.id,
        reminderVersion: 1,
        recipientId: users.coordinator!,
        subject: '[Consilium] claimed',
        body: 'claimed body',
        claimedBy: 'killed-worker:00000000',
        notBefore: new Date(claimEnds),
        attempts: 1,
      },
    });
    const mail = await eventually(
      async () =>
        smtp.received.find((each) => each.messageId === deliveryMessageId(reminder.id, 1, users.coordinator!)),
      MAIL_CLAIM_MS + 5_000,
      'the taken-over e-mail',
    );
    expect(mail.at).toBeGreaterThanOrEqual(claimEnds - 50);
    expect(mail.at).toBeLessThan(claimEnds + 2_000);
    expect(mail.subject).toBe('[Consilium] claimed');
    const delivered = await eventually(
      async () => {
        const row = await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } });
        return row.status === 'DELIVERED' ? row : null;
      },
      5_000,
      'the reminder DELIVERED',
    );
    expect(delivered.deliveredAt!.getTime()).toBeGreaterThanOrEqual(mail.at - 1_000);
    expect(await prisma.delivery.count({ where: { reminderId: reminder.id, channel: 'EMAIL' } })).toBe(1);
    expect(await prisma.reminderEmail.count({ where: { reminderId: reminder.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { type: 'reminder.delivery', entityId: reminder.id } })).toBe(1);
  });

  it("sends the coordinators the pre-meeting digest with each case's missing items", async () => {
    const meeting = await prisma.meeting.findFirstOrThrow({
      where: { status: 'PLANNED' },
      orderBy: { startsAt: 'asc' },
    });
    const digest = await eventually(
      async () => {
        const row = await prisma.reminder.findUnique({ where: { dedupeKey: `meeting:${meeting.id}` } });
        return row?.status === 'DELIVERED' ? row : null;
      },
      15_000,
      'the meeting digest',
    );
    expect(digest.dueAt.getTime()).toBe(meeting.startsAt.getTime() - 168 * 3600_000);
    const notes = await prisma.notification.findMany({ where: { reminderId: digest.id } });
    expect(notes.map((n) => n.userId)).toEqual([users.coordinator]);
    const agenda = await prisma.agendaItem.findMany({
      where: { meetingId: meeting.id },
      include: { case: { include: { patient: { select: { birthDate: true } } } } },
    });
    expect(agenda.length).toBeGreaterThan(0);
    for (const item of agenda) {
      const expected = readinessOf(item.case);
      expect(notes[0]!.body).toContain(
        `- ${item.case.reference}: ${expected.ready ? 'ready' : expected.missing.map((missing) => missing.message).join('; ')}`,
      );
    }
  });

  it('serves the queue dashboard to ADMIN only (bearer header, or the cookie from POST /admin/queues/session)', async () => {
    expect((await fetch(`${api.url}/admin/queues`)).status).toBe(401);
    const coordinator = await signIn(api.url, 'coordinator', prisma);
    expect(
      (await fetch(`${api.url}/admin/queues`, { headers: { authorization: `Bearer ${coordinator.token}` } })).status,
    ).toBe(403);
    expect((await coordinator.post('/admin/queues/session')).status).toBe(403);
    const admin = await signIn(api.url, 'admin', prisma);
    const page = await fetch(`${api.url}/admin/queues`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(page.status).toBe(200);
    const session = await admin.post('/admin/queues/session');
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const api1 = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(api1.status).toBe(200);
    expect(JSON.stringify(await api1.json())).toContain('reminders');
  });

  it('refuses to start against a Redis whose maxmemory-policy may evict jobs', async () => {
    const privateRedis = new PrivateRedis(await freePort());
    await privateRedis.start();
    const client = new Redis(privateRedis.url);
    try {
      await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const check = new RedisPolicyCheck(client, config);
      await expect(check.onModuleInit()).rejects.toThrow(RedisEvictionPolicyError);
      await expect(check.onModuleInit()).rejects.toThrow(/noeviction/);
      await client.config('SET', 'maxmemory-policy', 'noeviction');
      await expect(check.onModuleInit()).resolves.toBeUndefined();
    } finally {
      client.disconnect();
      await privateRedis.stop();
    }
  });
});
