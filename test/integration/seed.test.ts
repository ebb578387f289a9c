import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { verifyPassword } from '../../apps/api/src/auth/password.hasher';
import { caseCoreOf, pathwayFactsOf, readinessOf } from '../../apps/api/src/cases/case-facts.mapper';
import { PATHWAYS, validateCaseIntake, workflowOf } from '@consilium/pathway';
import { DEMO_USERS, seedDemo } from '../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

async function counts(prisma: PrismaClient): Promise<Record<string, number>> {
  const [users, boards, members, patients, cases, meetings, agendaItems] = await Promise.all([
    prisma.user.count(),
    prisma.board.count(),
    prisma.boardMember.count(),
    prisma.patient.count(),
    prisma.case.count(),
    prisma.meeting.count(),
    prisma.agendaItem.count(),
  ]);
  return { users, boards, members, patients, cases, meetings, agendaItems };
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

  it('loads two boards, a user per role, cases of every kind and an upcoming meeting each, and re-running changes nothing', async () => {
    const now = new Date('2026-11-27T08:00:00Z');
    const first = await seedDemo(prisma, now);
    const afterFirst = await counts(prisma);

    expect(afterFirst).toEqual({
      users: DEMO_USERS.length,
      boards: 2,
      // The admin sees all boards without membership; the surgeons sit only on the colorectal board.
      members: DEMO_USERS.length - 1 + (DEMO_USERS.length - 3),
      patients: 12,
      cases: 12,
      meetings: 2,
      agendaItems: 3,
    });
    const roles = new Set((await prisma.user.findMany()).flatMap((user) => user.roles));
    expect([...roles].sort()).toEqual(['ADMIN', 'AUDITOR', 'CLINICIAN', 'COORDINATOR']);
    const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: first.meetingId } });
    expect(meeting.startsAt.getTime()).toBeGreaterThan(now.getTime());
    // Both paths: six stage IV rectal cases and two resected colon cases on their pathways, four with a board-authored plan.
    const byPathway = await prisma.case.groupBy({ by: ['pathwayId'], _count: true, orderBy: { pathwayId: 'asc' } });
    expect(byPathway.map((group) => [group.pathwayId, group._count])).toEqual([
      ['colon-stage-i-iii', 2],
      ['rectal-stage-iv', 6],
      [null, 4],
    ]);
    const sites = (await prisma.case.findMany({ select: { siteCode: true } })).map((row) => row.siteCode.slice(0, 3));
    expect(new Set(sites)).toEqual(new Set(['C18', 'C20', 'C34']));
    const rows = await prisma.case.findMany({
      include: { patient: { select: { birthDate: true } } },
      orderBy: { reference: 'asc' },
    });
    for (const row of rows) {
      // Every seeded case is one the intake would accept, and its pathway drafts it.
      const core = caseCoreOf(row);
      const { ageYears: _age, ...condition } = core.condition;
      const intake = validateCaseIntake(
        {
          core: { ...core, condition: { ...condition, ageYears: core.condition.ageYears } },
          pathwayFacts: row.pathwayId === null ? null : { pathwayId: row.pathwayId, ...pathwayFactsOf(row) },
        },
        PATHWAYS,
      );
      expect({ reference: row.reference, problems: intake.ok ? [] : intake.problems }).toEqual({
        reference: row.reference,
        problems: [],
      });
      if (row.pathwayId !== null) expect(workflowOf(row.pathwayId)?.draft(core, pathwayFactsOf(row)).ok).toBe(true);
      // Worked-up cases (READY, SCHEDULED) are complete; the others show what is missing.
      if (row.status === 'READY' || row.status === 'SCHEDULED')
        expect({ reference: row.reference, readiness: readinessOf(row) }).toEqual({
          reference: row.reference,
          readiness: { ready: true, missing: [] },
        });
    }
    const statuses = rows
      .filter((row) => row.boardId === rows[0]!.boardId)
      .map((row) => row.status)
      .sort();
    expect(statuses).toEqual([
      'READY',
      'READY',
      'READY',
      'REFERRED',
      'REFERRED',
      'REFERRED',
      'REFERRED',
      'REFERRED',
      'SCHEDULED',
      'SCHEDULED',
    ]);
    // Referral dates lie before the seeding, so reports have a referral-to-discussion time.
    for (const row of await prisma.case.findMany()) expect(row.referredAt.getTime()).toBeLessThan(now.getTime());

    const second = await seedDemo(prisma, now);
    expect(second.created).toBe(0);
    expect(second.meetingIds).toEqual(first.meetingIds);
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
