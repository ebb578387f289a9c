import { rectalCaseColumns } from '../support/intake';
import { resectableFacts } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import type { DeviationReason, ImplementationStatus, PrismaClient } from '@prisma/client';
import { startStack, type Stack, type UserClient } from '../support/stack';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

interface SeedCase {
  reference: string;
  referredAt: string;
  discussedAt: string;
  treatmentStartedOn?: string;
  recommendations: {
    signedOffAt?: string;
    status?: 'SIGNED_OFF' | 'DRAFT';
    followsPathway?: boolean;
    deviationReason?: DeviationReason;
    implementationStatus?: ImplementationStatus;
  }[];
}

/**
 * In the period 2026-01-01 .. 2026-03-01:
 * referral -> discussion: 10, 20, 30, 4 days   => median 15, p90 27
 * discussion -> treatment: 14, 20, 1 days       => median 14, p90 18.8
 * signed off: 5 (2 following the pathway), departures PATIENT_PREFERENCE x2, COMORBIDITY x1,
 * implementation YES 2, PARTLY 1, NO 1, not recorded 1. Everything else lies outside.
 */
const CASES: SeedCase[] = [
  {
    reference: 'RPT-1',
    referredAt: '2026-01-01',
    discussedAt: '2026-01-11',
    treatmentStartedOn: '2026-01-25',
    recommendations: [
      { signedOffAt: '2026-01-11', followsPathway: true, implementationStatus: 'YES' },
      { status: 'DRAFT' },
    ],
  },
  {
    reference: 'RPT-2',
    referredAt: '2026-01-01',
    discussedAt: '2026-01-21',
    treatmentStartedOn: '2026-02-10',
    recommendations: [
      {
        signedOffAt: '2026-01-21',
        followsPathway: false,
        deviationReason: 'PATIENT_PREFERENCE',
        implementationStatus: 'PARTLY',
      },
    ],
  },
  {
    reference: 'RPT-3',
    referredAt: '2026-01-01',
    discussedAt: '2026-01-31',
    recommendations: [{ signedOffAt: '2026-01-31', followsPathway: false, deviationReason: 'COMORBIDITY' }],
  },
  {
    reference: 'RPT-4',
    referredAt: '2026-01-01',
    discussedAt: '2026-01-05',
    treatmentStartedOn: '2026-01-06',
    recommendations: [
      { signedOffAt: '2026-01-05', followsPathway: true, implementationStatus: 'NO' },
      {
        signedOffAt: '2026-02-20',
        followsPathway: false,
        deviationReason: 'PATIENT_PREFERENCE',
        implementationStatus: 'YES',
      },
    ],
  },
  {
    reference: 'RPT-5',
    referredAt: '2025-11-01',
    discussedAt: '2025-12-01',
    treatmentStartedOn: '2025-12-02',
    recommendations: [
      { signedOffAt: '2025-12-01', followsPathway: false, deviationReason: 'OTHER', implementationStatus: 'NO' },
    ],
  },
];

describe('board reports', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let boardId: string;
  let coordinator: UserClient;

  beforeAll(async () => {
    stack = await startStack('reports');
    prisma = stack.prisma;
    const coordinatorRow = await prisma.user.findUniqueOrThrow({ where: { email: 'coordinator@consilium.demo' } });
    // A board of its own, so the demo data cannot move the numbers.
    const board = await prisma.board.create({
      data: { name: 'Report board', requiredSpecialties: [], members: { create: { userId: coordinatorRow.id } } },
    });
    boardId = board.id;
    for (const [index, seed] of CASES.entries()) {
      const row = await prisma.case.create({
        data: {
          reference: seed.reference,
          board: { connect: { id: boardId } },
          status: 'DECIDED',
          ...rectalCaseColumns(resectableFacts()),
          referredAt: day(seed.referredAt),
          discussedAt: day(seed.discussedAt),
          treatmentStartedOn: seed.treatmentStartedOn ? day(seed.treatmentStartedOn) : null,
          patient: {
            create: {
              mrn: `RPT-MRN-${index}`,
              givenName: 'Report',
              familyName: `Patient ${index}`,
              birthDate: day('1960-01-01'),
              sex: 'FEMALE',
            },
          },
        },
      });
      for (const [version, recommendation] of seed.recommendations.entries()) {
        await prisma.recommendation.create({
          data: {
            caseId: row.id,
            draftVersion: version + 1,
            pathwayId: 'rectal-stage-iv',
            pathwayVersion: 'test',
            factsSnapshot: {},
            draftPlan: {},
            primaryBranch: 'test',
            status: recommendation.status ?? 'SIGNED_OFF',
            signedOffAt: recommendation.signedOffAt ? new Date(`${recommendation.signedOffAt}T18:00:00Z`) : null,
            followsPathway: recommendation.followsPathway ?? null,
            deviationReason: recommendation.deviationReason ?? null,
            implementationStatus: recommendation.implementationStatus ?? null,
          },
        });
      }
    }
    coordinator = await stack.as('coordinator');
  });

  afterAll(async () => {
    await stack?.close();
  });

  const report = (client: UserClient, query: { boardId: string; from?: string; to?: string }) =>
    client.get('/reports', { params: { query } });

  it('computes concordance, timeliness (median/p90) and implementation for the period', async () => {
    const response = await report(coordinator, { boardId, from: '2026-01-01', to: '2026-03-01' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      boardId,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
      concordance: {
        signedOff: 5,
        pathwaySignedOff: 5,
        followingPathway: 2,
        share: 0.4,
        departuresByReason: { COMORBIDITY: 1, PATIENT_PREFERENCE: 2 },
      },
      bySiteAndPathway: [
        { site: 'C20', pathwayId: 'rectal-stage-iv', signedOff: 5, followingPathway: 2, share: 0.4, implementedYes: 2 },
      ],
      referralToDiscussion: { count: 4, medianDays: 15, p90Days: 27 },
      discussionToTreatment: { count: 3, medianDays: 14, p90Days: 18.8 },
      implementation: { yes: 2, partly: 1, no: 1, notRecorded: 1, rate: 0.5 },
    });
  });

  it('counts a decision in the period of its meeting when signed off later in a voting window, and at its sign-off when that came first', async () => {
    const coordinatorRow = await prisma.user.findUniqueOrThrow({ where: { email: 'coordinator@consilium.demo' } });
    const board = await prisma.board.create({
      data: { name: 'Window board', requiredSpecialties: [], members: { create: { userId: coordinatorRow.id } } },
    });
    // Met on the last day of February and signed off on 3 March; met on 30 December and signed off on 2 January;
    // signed off on 2 May in a window opened before the meeting of 10 May.
    for (const [index, [meetingOn, signedOn]] of [
      ['2026-02-28', '2026-03-03'],
      ['2025-12-30', '2026-01-02'],
      ['2026-05-10', '2026-05-02'],
    ].entries()) {
      const meeting = await prisma.meeting.create({
        data: {
          boardId: board.id,
          title: `Window ${index}`,
          startsAt: new Date(`${meetingOn}T16:00:00Z`),
          requiredSpecialties: [],
          status: 'CLOSED',
        },
      });
      const row = await prisma.case.create({
        data: {
          reference: `WIN-${index}`,
          board: { connect: { id: board.id } },
          status: 'DECIDED',
          ...rectalCaseColumns(resectableFacts()),
          patient: {
            create: {
              mrn: `WIN-MRN-${index}`,
              givenName: 'Window',
              familyName: `Patient ${index}`,
              birthDate: day('1960-01-01'),
              sex: 'MALE',
            },
          },
        },
      });
      await prisma.recommendation.create({
        data: {
          caseId: row.id,
          meetingId: meeting.id,
          draftVersion: 1,
          pathwayId: 'rectal-stage-iv',
          pathwayVersion: 'test',
          factsSnapshot: {},
          draftPlan: {},
          primaryBranch: 'test',
          status: 'SIGNED_OFF',
          signedOffAt: new Date(`${signedOn}T09:00:00Z`),
          followsPathway: false,
          deviationReason: 'COMORBIDITY',
        },
      });
    }
    const concordance = async (from: string, to: string) =>
      (await report(coordinator, { boardId: board.id, from, to })).body.concordance;
    expect(await concordance('2026-02-01', '2026-03-01')).toMatchObject({
      signedOff: 1,
      departuresByReason: { COMORBIDITY: 1 },
    });
    expect(await concordance('2026-03-01', '2026-04-01')).toMatchObject({ signedOff: 0, departuresByReason: {} });
    expect(await concordance('2025-12-01', '2026-01-01')).toMatchObject({ signedOff: 1 });
    expect(await concordance('2026-01-01', '2026-01-31')).toMatchObject({ signedOff: 0 });
    expect(await concordance('2026-05-01', '2026-05-05')).toMatchObject({ signedOff: 1 });
    expect(await concordance('2026-05-05', '2026-06-01')).toMatchObject({ signedOff: 0 });
  });

  it('answers an empty period with zero counts and null ratios', async () => {
    const response = await report(coordinator, { boardId, from: '2020-01-01', to: '2020-02-01' });
    expect(response.body).toMatchObject({
      concordance: { signedOff: 0, followingPathway: 0, share: null, departuresByReason: {} },
      referralToDiscussion: { count: 0, medianDays: null, p90Days: null },
      implementation: { yes: 0, rate: null },
    });
  });

  it('scopes by board (404 outside), refuses auditors (403) and names bad parameters (400)', async () => {
    expect((await report(await stack.as('surgeon'), { boardId })).status).toBe(404);
    expect((await report(await stack.as('auditor'), { boardId })).status).toBe(403);
    const bad = await report(coordinator, { boardId: 'nope', from: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.problem!.errors!.map((error) => error.field).sort()).toEqual(['boardId', 'from']);
    const reversed = await report(coordinator, { boardId, from: '2026-03-01', to: '2026-01-01' });
    expect(reversed.status).toBe(400);
  });
});
