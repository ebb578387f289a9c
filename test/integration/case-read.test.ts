import { PrismaService } from '@consilium/db';
import { CaseReadRepository } from '../../apps/api/src/cases/case-read.repository';
import { caseDetail } from '../../apps/api/src/cases/case-lifecycle.service';
import { caseCoreOf, readinessOf } from '../../apps/api/src/cases/case-facts.mapper';
import { agendaViewInclude, meetingInclude, MeetingsRepository } from '../../apps/api/src/meetings/meetings.repository';
import { toMeetingDto } from '../../apps/api/src/meetings/meetings.service';
import { DraftingService } from '../../apps/api/src/recommendations/drafting.service';
import { seedDemo } from '../../prisma/seed';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe(CaseReadRepository.name, () => {
  let database: TestDatabase;
  let prisma: PrismaService;

  let meetingId: string;

  beforeAll(async () => {
    database = await createTestDatabase('caseread');
    prisma = new PrismaService(testConfig({ DATABASE_URL: database.url }));
    meetingId = (await seedDemo(prisma)).meetingId;
  });
  afterAll(async () => {
    await prisma?.onModuleDestroy();
    await database?.drop();
  });

  it('reads exactly what the ORM include reads, for every demo case', async () => {
    const repository = new CaseReadRepository(prisma);
    const cases = await prisma.case.findMany({ include: caseDetail });
    expect(cases).toHaveLength(12);
    for (const expected of cases) {
      const actual = await repository.findDetail(expected.id);
      expect(actual).not.toBeNull();
      expect(caseCoreOf(actual!)).toEqual(caseCoreOf(expected));
      expect(readinessOf(actual!)).toEqual(readinessOf(expected));
      expect(actual!.patient.birthDate.toISOString()).toBe(expected.patient.birthDate.toISOString());
      expect(actual!.lastImagingDate?.toISOString() ?? null).toBe(expected.lastImagingDate?.toISOString() ?? null);
      expect({
        reference: actual!.reference,
        status: actual!.status,
        version: actual!.version,
        mrn: actual!.patient.mrn,
      }).toEqual({
        reference: expected.reference,
        status: expected.status,
        version: expected.version,
        mrn: expected.patient.mrn,
      });
    }
    expect(await repository.findDetail('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('reads the agenda view exactly as the ORM include would, with the current draft of each case', async () => {
    const first = await prisma.agendaItem.findFirstOrThrow({
      where: { meetingId },
      orderBy: { position: 'asc' },
      include: { case: { include: caseDetail } },
    });
    const drafting = new DraftingService({ record: async () => undefined } as never);
    await prisma.$transaction(async (tx) => {
      await drafting.draft(tx, first.case, { userId: null });
      await drafting.draft(tx, first.case, { userId: null }); // version 2 supersedes version 1
    });
    const viaSql = (await new MeetingsRepository(prisma).agendaView(meetingId))!.rows;
    const viaOrm = await prisma.agendaItem.findMany({
      where: { meetingId },
      include: agendaViewInclude,
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    });
    expect(viaSql).toHaveLength(2);
    expect(viaSql.map((row) => row.id)).toEqual(viaOrm.map((row) => row.id));
    for (const [index, row] of viaSql.entries()) {
      const expected = viaOrm[index]!;
      expect(caseCoreOf(row.case)).toEqual(caseCoreOf(expected.case));
      expect(readinessOf(row.case)).toEqual(readinessOf(expected.case));
      expect(
        row.case.recommendations.map((draft) => [draft.id, draft.draftVersion, draft.status, draft.draftPlan]),
      ).toEqual(
        expected.case.recommendations.map((draft) => [draft.id, draft.draftVersion, draft.status, draft.draftPlan]),
      );
      expect({ position: row.position, minutes: row.minutesAllotted, mrn: row.case.patient.mrn }).toEqual({
        position: expected.position,
        minutes: expected.minutesAllotted,
        mrn: expected.case.patient.mrn,
      });
    }
    expect(viaSql[0]!.case.recommendations[0]!.draftVersion).toBe(2);

    // The meeting, read in the same statement, maps to the same DTO as the ORM's row.
    const view = await new MeetingsRepository(prisma).agendaView(meetingId);
    const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId }, include: meetingInclude });
    expect(toMeetingDto(view!.meeting)).toEqual(toMeetingDto(meeting));
    expect(view!.meeting.requiredSpecialties.length).toBeGreaterThan(0);
  });

  it('reads an empty agenda with its meeting, and nothing for a missing meeting', async () => {
    const { boardId } = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    const empty = await prisma.meeting.create({
      data: {
        boardId,
        title: 'Empty',
        startsAt: new Date('2031-01-01T12:00:00Z'),
        requiredSpecialties: ['COLORECTAL_SURGERY', 'RADIOLOGY'],
      },
      include: meetingInclude,
    });
    const view = await new MeetingsRepository(prisma).agendaView(empty.id);
    expect(view!.rows).toEqual([]);
    expect(toMeetingDto(view!.meeting)).toEqual(toMeetingDto(empty));
    expect(await new MeetingsRepository(prisma).agendaView('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
