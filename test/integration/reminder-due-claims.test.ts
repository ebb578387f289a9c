import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import { seedDemo } from '../../prisma/seed';
import { ReminderDeliveryRepository } from '../../apps/worker/src/reminders/reminder-delivery.repository';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/**
 * The due loop's claim (ReminderDeliveryRepository.claimDue) against a real PostgreSQL, no worker
 * running: due versions are claimed once (FOR UPDATE SKIP LOCKED, then never again once delivered
 * in-app), future ones wait, and one reminder that cannot be delivered fails alone.
 */
describe('due reminder claims', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let config: AppConfig;
  let delivery: ReminderDeliveryRepository;
  let caseId: string;

  const milestone = (dueAt: Date) =>
    prisma.reminder.create({
      data: {
        kind: 'MILESTONE',
        caseId,
        milestoneCode: 'SURGERY_TARGET',
        dedupeKey: randomUUID(),
        dueAt,
        audience: ['BOARD_COORDINATORS'],
      },
    });
  const text = { title: 'Milestone', body: 'Body', link: 'https://consilium.test/x' };

  beforeAll(async () => {
    database = await createTestDatabase('dueclaims');
    config = testConfig({ DATABASE_URL: database.url });
    prisma = new PrismaService(config);
    await seedDemo(prisma);
    delivery = new ReminderDeliveryRepository(config, prisma);
    caseId = (
      await prisma.case.findFirstOrThrow({
        where: { board: { members: { some: { user: { roles: { has: 'COORDINATOR' }, active: true } } } } },
      })
    ).id;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('claims due versions once, in two concurrent claims without overlap, and leaves future ones', async () => {
    const due = await Promise.all(Array.from({ length: 6 }, () => milestone(new Date(Date.now() - 1_000))));
    const future = await milestone(new Date(Date.now() + 3_600_000));
    const seen: string[] = [];
    const claim = () =>
      delivery.claimDue(4, async (rows) => {
        seen.push(...rows.map((row) => row.id));
        await new Promise((resolve) => setTimeout(resolve, 200)); // both claims hold their rows at once
        return rows.map(({ recipients, ...reminder }) => ({
          reminder,
          version: reminder.version,
          recipients,
          text,
          requestId: null,
        }));
      });
    const [first, second] = await Promise.all([claim(), claim()]);
    expect(first.claimed + second.claimed).toBeGreaterThanOrEqual(due.length);
    const ids = due.map((reminder) => reminder.id);
    expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(seen).not.toContain(future.id);
    expect(await delivery.anyDue()).toBe(false);
    expect((await delivery.claimDue(256, async () => [])).claimed).toBe(0);
    expect(await prisma.notification.count({ where: { reminderId: { in: ids } } })).toBe(ids.length);
    expect(await prisma.reminderEmail.count({ where: { reminderId: { in: ids } } })).toBe(ids.length);
  });

  it('fails the one reminder that cannot be delivered and delivers the rest of its batch', async () => {
    const [good, bad] = [await milestone(new Date(Date.now() - 2_000)), await milestone(new Date(Date.now() - 1_000))];
    const outcome = await delivery.claimDue(256, async (rows) => {
      if (rows.some((row) => row.id === bad.id)) throw new Error('cannot render this reminder');
      return rows.map(({ recipients, ...reminder }) => ({
        reminder,
        version: reminder.version,
        recipients,
        text,
        requestId: null,
      }));
    });
    expect(outcome.claimed).toBe(2);
    expect(await prisma.reminder.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({
      status: 'FAILED',
      lastError: 'cannot render this reminder',
    });
    expect(await prisma.notification.count({ where: { reminderId: good.id } })).toBeGreaterThan(0);
    expect(await prisma.notification.count({ where: { reminderId: bad.id } })).toBe(0);
    expect(await delivery.anyDue()).toBe(false);
  });
});
