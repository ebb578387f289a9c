import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import { seedDemo } from '../../prisma/seed';
import { deliveryMessageId } from '../../apps/worker/src/reminders/reminder-content';
import {
  ReminderDeliveryRepository,
  type ReminderRow,
} from '../../apps/worker/src/reminders/reminder-delivery.repository';
import { ReminderMailerRepository } from '../../apps/worker/src/reminders/reminder-mailer.repository';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/**
 * The reminder repositories' statements against a real PostgreSQL, the paths the delivery flows
 * (reminders-delivery.test, reminders-chaos.e2e) seldom take: failures, give-ups, claims handed
 * back, an escalation's own audit event.
 */
describe('reminder repositories', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let config: AppConfig;
  let delivery: ReminderDeliveryRepository;
  let mailer: ReminderMailerRepository;
  let caseId: string;
  let coordinatorIds: string[];

  const escalation = (dueAt = new Date()) =>
    prisma.reminder.create({
      data: {
        kind: 'ESCALATION',
        caseId,
        milestoneCode: 'TEST',
        dedupeKey: randomUUID(),
        dueAt,
        audience: ['BOARD_COORDINATORS'],
      },
    });
  const target = async (id: string): Promise<ReminderRow> => {
    const [row] = await delivery.readTargets([id]);
    if (!row) throw new Error(`reminder ${id} not read`);
    return row;
  };

  beforeAll(async () => {
    database = await createTestDatabase('reminderrepos');
    config = testConfig({ DATABASE_URL: database.url });
    prisma = new PrismaService(config);
    await seedDemo(prisma);
    delivery = new ReminderDeliveryRepository(config, prisma);
    mailer = new ReminderMailerRepository(config, prisma);
    const withCoordinator = await prisma.case.findFirstOrThrow({
      where: { board: { members: { some: { user: { roles: { has: 'COORDINATOR' }, active: true } } } } },
      select: { id: true, boardId: true },
    });
    caseId = withCoordinator.id;
    coordinatorIds = (
      await prisma.user.findMany({
        where: {
          active: true,
          roles: { has: 'COORDINATOR' },
          memberships: { some: { boardId: withCoordinator.boardId } },
        },
        select: { id: true },
      })
    )
      .map((user) => user.id)
      .sort();
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('reads a reminder with its recipients (the board coordinators) and marks it DELIVERED with its escalation event', async () => {
    expect(coordinatorIds.length).toBeGreaterThan(0);
    const reminder = await escalation(new Date(Date.now() - 1_000));
    const [row, unknown] = await delivery.readTargets([reminder.id, randomUUID()]);
    expect(unknown).toBeUndefined();
    expect(row).toMatchObject({
      id: reminder.id,
      kind: 'ESCALATION',
      status: 'SCHEDULED',
      version: 1,
      case_id: caseId,
    });
    expect(row?.recipients.map((recipient) => recipient.id)).toEqual(coordinatorIds);

    const recipients = row?.recipients ?? [];
    await delivery.markDelivered(await target(reminder.id), 1, recipients, 'req-1');
    await delivery.markDelivered(await target(reminder.id), 1, recipients, 'req-1'); // a retry: no second event
    expect(await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({
      status: 'DELIVERED',
      deliveredAt: expect.any(Date),
    });
    const events = await prisma.auditEvent.findMany({ where: { type: 'reminder.escalation', entityId: reminder.id } });
    expect(events).toHaveLength(1);
  });

  it('marks a reminder FAILED only at its current version', async () => {
    const reminder = await escalation();
    await delivery.markFailed(reminder.id, 2, 'stale job');
    expect(await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({
      status: 'SCHEDULED',
      lastError: null,
    });
    await delivery.markFailed(reminder.id, 1, 'x'.repeat(3_000));
    const failed = await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } });
    expect(failed.status).toBe('FAILED');
    expect(failed.lastError).toHaveLength(2_000);
  });

  it('writes in-app deliveries once, claims their e-mails, hands claims back, retries, gives up, and finishes a sent one', async () => {
    const reminder = await escalation();
    const row = await target(reminder.id);
    const [recipients] = await delivery.readTargets([reminder.id]);
    const text = { title: 'Escalation', body: 'Body', link: 'https://consilium.test/x' };
    const input = { reminder: row, version: 1, recipients: recipients?.recipients ?? [], text, requestId: null };
    await delivery.writeInApp([input]);
    await delivery.writeInApp([input]); // a retried job adds nothing
    expect(await prisma.notification.count({ where: { reminderId: reminder.id } })).toBe(coordinatorIds.length);
    expect(await prisma.reminderEmail.count({ where: { reminderId: reminder.id } })).toBe(coordinatorIds.length);

    const claimant = `test:${randomUUID().slice(0, 8)}`;
    const claimed = (await mailer.claim(claimant, 1_000, 60_000)).filter((email) => email.reminder_id === reminder.id);
    expect(claimed).toHaveLength(coordinatorIds.length);
    expect(claimed[0]).toMatchObject({
      reminder_version: 1,
      attempts: 1,
      current: true,
      kind: 'ESCALATION',
      subject: expect.any(String),
    });
    expect(
      (await mailer.claim(claimant, 1_000, 60_000)).filter((email) => email.reminder_id === reminder.id),
    ).toHaveLength(0);

    const [first, ...others] = claimed;
    if (!first) throw new Error('nothing claimed');
    await mailer.renewClaims(claimant, [first], 120_000);
    const renewed = await prisma.reminderEmail.findFirstOrThrow({
      where: { reminderId: reminder.id, recipientId: first.recipient_id },
    });
    expect(renewed.notBefore.getTime()).toBeGreaterThan(Date.now() + 90_000);
    await mailer.releaseClaims(claimant, [first]);
    expect(
      await prisma.reminderEmail.findFirstOrThrow({
        where: { reminderId: reminder.id, recipientId: first.recipient_id },
      }),
    ).toMatchObject({ claimedBy: null });

    await mailer.retryLater(first, 'SMTP 451', 60_000);
    const retried = await prisma.reminderEmail.findFirstOrThrow({
      where: { reminderId: reminder.id, recipientId: first.recipient_id },
    });
    expect(retried).toMatchObject({ claimedBy: null, lastError: `${first.recipient_id}: SMTP 451` });
    expect(retried.notBefore.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect((await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).lastError).toBe(
      `${first.recipient_id}: SMTP 451`,
    );

    // The others are sent and logged; the reminder waits for the first e-mail.
    await mailer.finish(others.map((email) => ({ email, sent: true })));
    for (const email of others) {
      expect(
        await prisma.delivery.findFirst({
          where: { reminderId: reminder.id, channel: 'EMAIL', recipientId: email.recipient_id },
        }),
      ).toMatchObject({
        externalId: deliveryMessageId(reminder.id, 1, email.recipient_id),
      });
    }
    expect((await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).status).toBe('SCHEDULED');

    await mailer.giveUp(first, 'SMTP 550');
    expect(await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({
      status: 'FAILED',
      lastError: 'SMTP 550',
    });
    expect(await prisma.reminderEmail.count({ where: { reminderId: reminder.id } })).toBe(0);
  });

  it('finishing the last e-mail marks the reminder DELIVERED with its escalation event', async () => {
    const reminder = await escalation();
    const row = await target(reminder.id);
    const [read] = await delivery.readTargets([reminder.id]);
    await delivery.writeInApp([
      {
        reminder: row,
        version: 1,
        recipients: read?.recipients ?? [],
        text: { title: 't', body: 'b', link: 'l' },
        requestId: null,
      },
    ]);
    const claimed = (await mailer.claim('test-finish', 1_000, 60_000)).filter(
      (email) => email.reminder_id === reminder.id,
    );
    await mailer.finish(claimed.map((email, index) => ({ email, sent: index > 0 })));
    expect(await prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({
      status: 'DELIVERED',
    });
    expect(await prisma.delivery.count({ where: { reminderId: reminder.id, channel: 'EMAIL' } })).toBe(
      claimed.length - 1,
    );
    expect(await prisma.auditEvent.count({ where: { type: 'reminder.escalation', entityId: reminder.id } })).toBe(1);
  });

  it('reads the cases on a meeting agenda for the digest', async () => {
    const item = await prisma.agendaItem.findFirstOrThrow({ select: { meetingId: true } });
    const expected = await prisma.agendaItem.findMany({
      where: { meetingId: item.meetingId },
      orderBy: { position: 'asc' },
      select: { case: { select: { reference: true } } },
    });
    const rows = await delivery.digestCases(item.meetingId);
    expect(rows.map((row) => row.reference)).toEqual(expected.map((each) => each.case.reference));
    expect(rows[0]).toMatchObject({ core: expect.any(Object) });
    expect(await delivery.digestCases(randomUUID())).toEqual([]);
  });
});
