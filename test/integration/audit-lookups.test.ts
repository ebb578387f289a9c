import { PrismaService } from '@consilium/db';
import type { AuditLookups, NamedIds } from '../../apps/api/src/audit/audit-describe';
import { AuditRepository } from '../../apps/api/src/audit/audit.repository';
import { DEMO_BOARD_NAME, seedDemo, THORACIC_BOARD_NAME } from '../../prisma/seed';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** The lookups as the five ORM queries computed them before they were one statement: the reference. */
async function lookupsViaOrm(
  prisma: PrismaService,
  ids: NamedIds,
  boards: { in: string[] } | undefined,
): Promise<AuditLookups> {
  const recommendations = await prisma.recommendation.findMany({
    where: { id: { in: ids.recommendations } },
    select: { id: true, caseId: true, draftVersion: true },
  });
  const meetings = await prisma.meeting.findMany({
    where: { id: { in: ids.meetings } },
    select: { id: true, title: true, startsAt: true },
  });
  const caseIds = [...new Set([...ids.cases, ...recommendations.map((row) => row.caseId)])];
  const users = await prisma.user.findMany({
    where: { id: { in: ids.users } },
    select: { id: true, displayName: true, email: true },
  });
  const cases = await prisma.case.findMany({
    where: { id: { in: caseIds } },
    select: { id: true, reference: true, patientId: true },
  });
  const patientIds = [...new Set([...ids.patients, ...cases.map((row) => row.patientId)])];
  const patients = await prisma.patient.findMany({
    where: { id: { in: patientIds }, ...(boards ? { cases: { some: { boardId: boards } } } : {}) },
    select: { id: true, givenName: true, familyName: true, mrn: true },
  });
  return {
    users: new Map(users.map((row) => [row.id, { name: row.displayName, email: row.email }])),
    cases: new Map(cases.map((row) => [row.id, { reference: row.reference, patientId: row.patientId }])),
    patients: new Map(patients.map((row) => [row.id, { name: `${row.givenName} ${row.familyName}`, mrn: row.mrn }])),
    recommendations: new Map(
      recommendations.map((row) => [row.id, { caseId: row.caseId, draftVersion: row.draftVersion }]),
    ),
    meetings: new Map(meetings.map((row) => [row.id, { title: row.title, startsAt: row.startsAt }])),
  };
}

/** Maps sorted by key, so that equal lookups compare equal whatever order the rows came in. */
function sorted(lookups: AuditLookups): Record<string, [string, unknown][]> {
  return Object.fromEntries(
    Object.entries(lookups).map(([kind, map]) => [
      kind,
      [...(map as ReadonlyMap<string, unknown>).entries()].sort(([a], [b]) => a.localeCompare(b)),
    ]),
  );
}

describe(`${AuditRepository.name} lookups`, () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let repository: AuditRepository;

  beforeAll(async () => {
    database = await createTestDatabase('auditlookups');
    prisma = new PrismaService(testConfig({ DATABASE_URL: database.url }));
    await seedDemo(prisma);
    repository = new AuditRepository(prisma);
  });
  afterAll(async () => {
    await prisma?.onModuleDestroy();
    await database?.drop();
  });

  it('names what the five ORM queries named, in one statement, with and without a board scope', async () => {
    const colorectal = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const thoracic = await prisma.board.findUniqueOrThrow({ where: { name: THORACIC_BOARD_NAME } });
    const [thoracicCase] = await prisma.case.findMany({ where: { boardId: thoracic.id }, take: 1 });
    const colorectalCases = await prisma.case.findMany({
      where: { boardId: colorectal.id },
      orderBy: { reference: 'asc' },
    });
    expect(thoracicCase).toBeDefined();
    expect(colorectalCases.length).toBeGreaterThan(2);
    // A recommendation whose case is named by nothing else: its case and patient come through it.
    const viaRecommendation = colorectalCases.at(-1)!;
    const recommendation = await prisma.recommendation.create({
      data: {
        caseId: viaRecommendation.id,
        draftVersion: 3,
        pathwayId: 'p',
        pathwayVersion: '1',
        primaryBranch: 'palliative-systemic',
        factsSnapshot: {},
        draftPlan: {},
        findings: [],
      },
    });
    // A patient without any case: named by id, shown to an auditor of every board only.
    const caseless = await prisma.patient.create({
      data: {
        mrn: 'LOOKUP-0001',
        givenName: 'Ada',
        familyName: 'Caseless',
        birthDate: new Date('1950-01-02'),
        sex: 'FEMALE',
      },
    });
    const ids: NamedIds = {
      users: [...(await prisma.user.findMany({ select: { id: true } })).map((row) => row.id), UNKNOWN],
      cases: [colorectalCases[0]!.id, colorectalCases[1]!.id, thoracicCase!.id, UNKNOWN],
      patients: [colorectalCases[0]!.patientId, caseless.id, UNKNOWN],
      recommendations: [recommendation.id, UNKNOWN],
      meetings: [...(await prisma.meeting.findMany({ select: { id: true } })).map((row) => row.id), UNKNOWN],
    };

    const statements: string[] = [];
    const query = prisma.sql.query.bind(prisma.sql);
    const spy = jest.spyOn(prisma.sql, 'query').mockImplementation(((text: string, values: unknown[]) => {
      statements.push(text);
      return query(text, values);
    }) as never);
    const all = await repository.lookups(ids, undefined);
    const scoped = await repository.lookups(ids, { in: [colorectal.id] });
    spy.mockRestore();
    expect(statements).toHaveLength(2);

    expect(sorted(all)).toEqual(sorted(await lookupsViaOrm(prisma, ids, undefined)));
    expect(sorted(scoped)).toEqual(sorted(await lookupsViaOrm(prisma, ids, { in: [colorectal.id] })));
    // What an auditor would notice: the names are there, and outside the scope they are not.
    expect(all.cases.get(viaRecommendation.id)?.reference).toBe(viaRecommendation.reference);
    expect(all.patients.has(viaRecommendation.patientId)).toBe(true);
    expect(all.patients.get(caseless.id)).toEqual({ name: 'Ada Caseless', mrn: 'LOOKUP-0001' });
    expect(scoped.patients.has(caseless.id)).toBe(false);
    expect(scoped.patients.has(thoracicCase!.patientId)).toBe(false);
    expect(scoped.cases.get(thoracicCase!.id)?.reference).toBe(thoracicCase!.reference);
    expect(all.recommendations.get(recommendation.id)).toEqual({ caseId: viaRecommendation.id, draftVersion: 3 });
    expect(all.meetings.size).toBe(ids.meetings.length - 1);
    expect(all.meetings.values().next().value?.startsAt).toBeInstanceOf(Date);
    expect(all.users.has(UNKNOWN)).toBe(false);
  });

  it('answers empty lookups for a page that names nothing', async () => {
    const none = await repository.lookups(
      { users: [], cases: [], patients: [], recommendations: [], meetings: [] },
      undefined,
    );
    expect(sorted(none)).toEqual({ users: [], cases: [], patients: [], recommendations: [], meetings: [] });
  });
});
