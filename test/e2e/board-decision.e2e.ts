import { randomUUID } from 'node:crypto';
import { rectalIntake } from '../support/intake';
import type { PrismaClient } from '@prisma/client';
import type { CaseFacts } from '@consilium/pathway';
import { withBiomarkers } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { ifMatch, recommendationEtag, startStack, type Schemas, type Stack, type UserClient } from '../support/stack';

/**
 * The outside tester's journey (issue 12): what the board decided must read as the board's
 * decision, be found in the audit trail by case and patient, and be taken while the board meets.
 */
const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
/** The pathway's resectable case with RAS wild-type (anti-EGFR allowed); age comes from the patient. */
const resectableFacts = (({ ageYears: _age, ...facts }: CaseFacts) => facts)(withBiomarkers({ kras: 'wild-type' }));
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

type Recommendation = Schemas['RecommendationDto'];

describe('the board decision (issue 12)', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let boardId: string;
  const as: Record<string, UserClient> = {};
  let userIds: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack('board_decision');
    ({ prisma, boardId } = stack);
    for (const name of ['coordinator', 'auditor', ...QUORUM]) as[name] = await stack.as(name);
    userIds = await stack.userIds();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const coordinator = (): UserClient => as.coordinator!;
  const oncologist = (): UserClient => as.oncologist!;
  const byId = (id: string) => ({ params: { path: { id } } });

  /** A meeting of the demo board starting `startsInMinutes` from now, chaired by the oncologist, the quorum checked in over HTTP when it may be. */
  async function meeting(startsInMinutes: number): Promise<string> {
    const created = await prisma.meeting.create({
      data: {
        boardId,
        title: `MDT ${randomUUID().slice(0, 6)}`,
        startsAt: new Date(Date.now() + startsInMinutes * 60_000),
        chairId: userIds.oncologist!,
        requiredSpecialties: ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIATION_ONCOLOGY', 'RADIOLOGY', 'PATHOLOGY'],
      },
    });
    return created.id;
  }

  async function checkInQuorum(meetingId: string): Promise<void> {
    for (const name of QUORUM) {
      const response = await coordinator().post('/meetings/{id}/attendance', {
        ...byId(meetingId),
        body: { userId: userIds[name]! },
      });
      expect(response.status).toBe(200);
    }
  }

  /** A new case of a new patient, drafted and put on the meeting's agenda (SCHEDULED). */
  async function scheduledCase(
    meetingId: string,
  ): Promise<{ caseId: string; patientId: string; recommendationId: string }> {
    const patient = await coordinator().post('/patients', {
      body: {
        mrn: `BD-${randomUUID().slice(0, 8)}`,
        givenName: 'Test',
        familyName: 'Patient',
        birthDate: '1960-05-01',
        sex: 'FEMALE',
      },
    });
    const patientId = patient.body.id;
    const created = await coordinator().post('/cases', {
      body: {
        patientId,
        boardId,
        questionForBoard: 'Sequence?',
        lastImagingDate: '2026-11-10',
        ...rectalIntake(resectableFacts),
      },
    });
    const caseId = created.body.id;
    expect(
      (await coordinator().post('/cases/{id}/status', { ...byId(caseId), body: { status: 'READY' } })).status,
    ).toBe(200);
    const draft = await coordinator().post('/cases/{id}/drafts', byId(caseId));
    expect(
      (await coordinator().post('/meetings/{id}/agenda', { ...byId(meetingId), body: { caseId, minutesAllotted: 10 } }))
        .status,
    ).toBe(201);
    return { caseId, patientId, recommendationId: draft.body.id };
  }

  async function propose(
    recommendationId: string,
    meetingId: string,
    body: Partial<Schemas['ProposalDto']> = {},
  ): Promise<Recommendation> {
    const proposal: Schemas['ProposalDto'] = {
      meetingId,
      branch: 'resectable-oligometastatic',
      intent: 'curative',
      steps: [
        'SCRT 5x5 Gy',
        'FOLFOX + panitumumab from day 11-18',
        'Response evaluation at 6-8 weeks',
        'Staged resection',
      ],
      regimens: ['FOLFOX', 'PANITUMUMAB'],
      rationale: 'Fit patient, resectable liver oligometastases',
      ...body,
    };
    const response = await oncologist().put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendationId, await recommendationEtag(oncologist(), recommendationId)),
      body: proposal,
    });
    expect(response.status).toBe(200);
    return response.body;
  }

  async function voteAndSignOff(
    recommendationId: string,
    signOff: Schemas['SignOffDto'] = {},
  ): Promise<Recommendation> {
    for (const name of QUORUM) {
      const vote = await as[name]!.post('/recommendations/{id}/votes', {
        ...byId(recommendationId),
        body: name === 'pathologist' ? { choice: 'REJECT', comment: 'Chemotherapy first' } : { choice: 'APPROVE' },
      });
      expect(vote.status).toBe(201);
    }
    const signed = await oncologist().post('/recommendations/{id}/sign-off', {
      ...byId(recommendationId),
      body: signOff,
    });
    expect(signed.status).toBe(200);
    return signed.body;
  }

  const codes = (findings: { code: string }[] | null | undefined): string[] =>
    (findings ?? []).map((finding) => finding.code);

  it("reads the proposal's regimens and the planned events for SYSTEMIC_THERAPY_DELAYED, before and after sign-off", async () => {
    const meetingId = await meeting(0);
    await checkInQuorum(meetingId);
    const choices: Schemas['ProposalDto']['regimens'][] = [['FOLFOX'], ['CAPOX'], ['FOLFOX', 'PANITUMUMAB']];
    for (const regimens of choices) {
      const { recommendationId } = await scheduledCase(meetingId);
      expect(codes((await propose(recommendationId, meetingId, { regimens })).findings)).not.toContain(
        'SYSTEMIC_THERAPY_DELAYED',
      );
    }
    const { caseId, recommendationId } = await scheduledCase(meetingId);
    await propose(recommendationId, meetingId);
    await voteAndSignOff(recommendationId);
    const planned = await oncologist().post('/cases/{id}/treatment-events', {
      ...byId(caseId),
      body: { kind: 'SYSTEMIC_THERAPY', status: 'PLANNED', startDate: day(10), regimens: ['FOLFOX'] },
    });
    expect(planned.status).toBe(201);
    expect(codes(planned.body.recommendation!.followUpFindings)).not.toContain('SYSTEMIC_THERAPY_DELAYED');
    // Planned too late: the finding names the wait.
    const eventId = (await prisma.treatmentEvent.findFirstOrThrow({ where: { caseId } })).id;
    const late = await oncologist().put('/cases/{id}/treatment-events/{eventId}', {
      params: { path: { id: caseId, eventId } },
      body: { kind: 'SYSTEMIC_THERAPY', status: 'PLANNED', startDate: day(40), regimens: ['FOLFOX'] },
    });
    expect(late.status).toBe(200);
    expect(late.body.recommendation!.followUpFindings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'SYSTEMIC_THERAPY_DELAYED', message: expect.stringContaining('40 days away') }),
      ]),
    );
  });

  it('finds every event about a case by its case and by its patient: the decision itself and the agenda reads', async () => {
    const meetingId = await meeting(0);
    await checkInQuorum(meetingId);
    const first = await scheduledCase(meetingId);
    const second = await scheduledCase(meetingId);
    expect((await oncologist().get('/meetings/{id}/agenda', byId(meetingId))).status).toBe(200);
    await propose(first.recommendationId, meetingId);
    await voteAndSignOff(first.recommendationId);
    expect(
      (
        await oncologist().patch('/recommendations/{id}/implementation', {
          ...byId(first.recommendationId),
          body: { status: 'YES' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await oncologist().post('/cases/{id}/treatment-events', {
          ...byId(first.caseId),
          body: { kind: 'SYSTEMIC_THERAPY', status: 'PLANNED', startDate: day(7), regimens: ['FOLFOX'] },
        })
      ).status,
    ).toBe(201);

    const types = async (filter: { caseId: string } | { patientId: string }): Promise<string[]> => {
      const page = await as.auditor!.get('/audit/events', { params: { query: { ...filter, limit: 500 } } });
      expect(page.status).toBe(200);
      return page.body.items.map((item) => item.type);
    };
    const decision = [
      'case.create',
      'recommendation.draft',
      'meeting.agenda.add',
      'meeting.agenda.read',
      'recommendation.propose',
      'vote.cast',
      'recommendation.sign-off',
      'recommendation.implementation',
      'treatment-event.record',
    ];
    for (const filter of [{ caseId: first.caseId }, { patientId: first.patientId }]) {
      const found = await types(filter);
      expect([filter, decision.filter((type) => !found.includes(type))]).toEqual([filter, []]);
      expect(found.filter((type) => type === 'vote.cast')).toHaveLength(QUORUM.length);
    }
    // The agenda read showed both cases: found by the other case and its patient too; never by an unrelated case.
    for (const filter of [{ caseId: second.caseId }, { patientId: second.patientId }])
      expect(await types(filter)).toContain('meeting.agenda.read');
    expect(await types({ caseId: second.caseId })).not.toContain('recommendation.sign-off');
  });

  it("reads the signed-off decision as the board's: dated from the meeting, signer, votes by name, deviation and the plan signed; the draft stays the draft", async () => {
    const meetingId = await meeting(-25 * 60); // began yesterday, still in session: the decision is dated from the meeting
    const meetingDate = (await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).startsAt
      .toISOString()
      .slice(0, 10);
    expect(meetingDate).not.toBe(day(0));
    await checkInQuorum(meetingId);
    const { recommendationId } = await scheduledCase(meetingId);
    const before = (await oncologist().get('/recommendations/{id}', byId(recommendationId))).body;
    expect(before).toMatchObject({ decision: null, decisionSummary: null });
    await propose(recommendationId, meetingId, {
      branch: 'conversion-chemo-first',
      steps: ['FOLFOX + panitumumab', 'Re-evaluate at 2 and 4 months'],
      rationale: 'Patient declines radiotherapy',
    });
    await voteAndSignOff(recommendationId, {
      deviationReason: 'PATIENT_PREFERENCE',
      deviationText: 'Declines radiotherapy',
    });

    const signed = (await oncologist().get('/recommendations/{id}', byId(recommendationId))).body;
    expect(signed.summary).toBe(before.summary); // the draft, as drafted
    const chair = await prisma.user.findUniqueOrThrow({ where: { id: userIds.oncologist } });
    const pathologist = await prisma.user.findUniqueOrThrow({ where: { id: userIds.pathologist } });
    expect(signed.decision).toMatchObject({
      meetingDate,
      signedBy: chair.displayName,
      followsPathway: false,
      deviation: { reason: 'PATIENT_PREFERENCE', text: 'Declines radiotherapy' },
      plan: { branch: 'conversion-chemo-first' },
    });
    const text = signed.decisionSummary!;
    expect(text).toContain(`# Board decision of ${meetingDate}`);
    expect(text).toContain(`Signed off by ${chair.displayName} at `);
    expect(text).toContain('4 for, 0 for with changes, 1 against, 0 abstaining');
    expect(text).toContain(`- against: ${pathologist.displayName} (PATHOLOGY): "Chemotherapy first"`);
    expect(text).toContain('PATIENT_PREFERENCE: Declines radiotherapy');
    expect(text).toContain('**Decided:** Conversion, chemotherapy first');
    expect(text).toContain('1. FOLFOX + panitumumab');
    expect(text).not.toContain('DRAFT');

    const timeline = (await oncologist().get('/recommendations/{id}/timeline', byId(recommendationId))).body;
    expect(timeline.boardDecision).toBe(meetingDate);
  });

  it('takes check-ins, votes and sign-off only while the meeting is in progress or in a voting window its chair opened', async () => {
    const meetingId = await meeting(3 * 7 * 24 * 60); // three weeks ahead
    const { recommendationId } = await scheduledCase(meetingId);
    const early = await coordinator().post('/meetings/{id}/attendance', {
      ...byId(meetingId),
      body: { userId: userIds.surgeon! },
    });
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');
    expect(early.problem?.detail).toContain('check-in opens 60 minutes before the meeting starts');
    // Even someone already in the list cannot vote weeks ahead, and the chair cannot sign off.
    await prisma.attendance.createMany({
      data: QUORUM.map((name) => ({ meetingId, userId: userIds[name]!, specialty: null })),
    });
    await propose(recommendationId, meetingId);
    const vote = await as.surgeon!.post('/recommendations/{id}/votes', {
      ...byId(recommendationId),
      body: { choice: 'APPROVE' },
    });
    expect(vote.status).toBe(409);
    expect(vote.problem?.detail).toContain('votes and sign-off are taken while the meeting is in progress');
    expect(await prisma.vote.count({ where: { recommendationId } })).toBe(0);
    const signOff = await oncologist().post('/recommendations/{id}/sign-off', { ...byId(recommendationId), body: {} });
    expect(signOff.status).toBe(409);
    expect(signOff.problem?.detail).toContain('sign-off is closed');
    await prisma.attendance.deleteMany({ where: { meetingId } });

    // The chair (only) opens an asynchronous voting window, audited; a window in the past is a 400 naming closesAt.
    const path = '/meetings/{id}/voting-window';
    const closesAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect((await as.surgeon!.post(path, { ...byId(meetingId), body: { closesAt } })).status).toBe(403);
    expect(
      (
        await oncologist().post(path, {
          ...byId(meetingId),
          body: { closesAt: new Date(Date.now() - 60_000).toISOString() },
        })
      ).problem,
    ).toMatchObject({ errors: [{ field: 'closesAt' }] });
    const opened = await oncologist().post(path, { ...byId(meetingId), body: { closesAt } });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ votingOpenUntil: closesAt, votingOpen: true });
    expect(await prisma.auditEvent.count({ where: { type: 'meeting.voting-window', entityId: meetingId } })).toBe(1);
    await checkInQuorum(meetingId);
    const signed = await voteAndSignOff(recommendationId);
    expect(signed.decision).toMatchObject({
      meetingDate: (await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).startsAt
        .toISOString()
        .slice(0, 10),
    });
  });
});
