import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { verifyPassword } from '../../apps/api/src/auth/password.hasher';
import { readinessOf } from '../../apps/api/src/cases/readiness';
import { DEMO_USERS, seedDemo } from '../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

async function counts(prisma: PrismaClient): Promise<Record<string, number>> {
  const [users, boards, members, patients, cases, metastases, meetings, agendaItems] = await Promise.all([
    prisma.user.count(),
    prisma.board.count(),
    prisma.boardMember.count(),
    prisma.patient.count(),
    prisma.case.count(),
    prisma.metastasis.count(),
    prisma.meeting.count(),
    prisma.agendaItem.count(),
  ]);
  return { users, boards, members, patients, cases, metastases, meetings, agendaItems };
}

describe('demo seed', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase('seed');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('loads a board, a user per role, stage IV cases and an upcoming meeting, and re-running changes nothing', async () => {
    const now = new Date('2026-11-27T08:00:00Z');
    const first = await seedDemo(prisma, now);
    const afterFirst = await counts(prisma);

    expect(afterFirst).toEqual({
      users: DEMO_USERS.length,
      boards: 1,
      members: DEMO_USERS.length - 1, // the admin sees all boards without membership
      patients: 6,
      cases: 6,
      metastases: 7,
      meetings: 1,
      agendaItems: 2,
    });
    const roles = new Set((await prisma.user.findMany()).flatMap((user) => user.roles));
    expect([...roles].sort()).toEqual(['ADMIN', 'AUDITOR', 'CLINICIAN', 'COORDINATOR']);
    const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: first.meetingId } });
    expect(meeting.startsAt.getTime()).toBeGreaterThan(now.getTime());
    expect(await prisma.case.count({ where: { mCategory: { in: ['M1a', 'M1b', 'M1c'] } } })).toBe(6);
    // One case is worked up and READY for an agenda; the scheduled ones sit on the meeting's.
    const statuses = (await prisma.case.findMany({ select: { status: true } })).map((row) => row.status).sort();
    expect(statuses).toEqual(['READY', 'REFERRED', 'REFERRED', 'REFERRED', 'SCHEDULED', 'SCHEDULED']);
    const ready = await prisma.case.findFirstOrThrow({ where: { status: 'READY' }, include: { metastases: true } });
    expect(readinessOf(ready)).toEqual({ ready: true, missing: [] });
    // Referral dates lie before the seeding, so reports have a referral-to-discussion time.
    for (const row of await prisma.case.findMany()) expect(row.referredAt.getTime()).toBeLessThan(now.getTime());

    const second = await seedDemo(prisma, now);
    expect(second.created).toBe(0);
    expect(second.meetingId).toBe(first.meetingId);
    expect(await counts(prisma)).toEqual(afterFirst);
  });

  it('stores argon2id hashes that verify with the documented demo passwords', async () => {
    const coordinator = DEMO_USERS.find((user) => user.roles.includes('COORDINATOR'))!;
    const row = await prisma.user.findUniqueOrThrow({ where: { email: coordinator.email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(row.passwordHash, coordinator.password)).resolves.toBe(true);
    await expect(verifyPassword(row.passwordHash, `${coordinator.password}x`)).resolves.toBe(false);
  });
});
