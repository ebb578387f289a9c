import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { rectalIntake } from '../support/intake';
import { ifMatch, recommendationEtag, startStack, type Schemas, type Stack, type UserClient } from '../support/stack';
import type { CaseFacts } from '@consilium/pathway';

const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;

/** Resectable liver oligometastases, pMMR, all biomarkers known: the pathway's first branch. */
const resectableFacts: Omit<CaseFacts, 'ageYears'> = {
  tCategory: 'T3',
  nCategory: 'N1',
  mCategory: 'M1a',
  distanceFromAnalVergeCm: 8,
  mesorectalFasciaThreatened: false,
  metastases: [{ site: 'liver', count: 2, resectability: 'resectable' }],
  ecog: 0,
  fitForIntensiveTreatment: true,
  comorbidities: [],
  creatinineClearanceMlMin: 90,
  preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
  symptoms: { bleeding: false, obstruction: false, pain: false },
  biomarkers: {
    kras: 'wild-type',
    krasVariant: null,
    nras: 'wild-type',
    braf: 'wild-type',
    mmr: 'pMMR',
    her2: 'negative',
    dpd: 'normal',
  },
};

describe('tumor-board workflow', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let boardId: string;
  let meetingId: string;
  const as: Record<string, UserClient> = {};
  let userIds: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack('workflow');
    ({ prisma, boardId } = stack);
    meetingId = stack.seeded!.meetingId;
    for (const name of ['coordinator', ...QUORUM, 'hpb']) as[name] = await stack.as(name);
    userIds = await stack.userIds();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const coordinator = (): UserClient => as.coordinator!;
  const oncologist = (): UserClient => as.oncologist!;
  const byId = (id: string) => ({ params: { path: { id } } });

  async function newPatient(): Promise<string> {
    const response = await coordinator().post('/patients', {
      body: {
        mrn: `T-${randomUUID().slice(0, 8)}`,
        givenName: 'Test',
        familyName: 'Patient',
        birthDate: '1960-05-01',
        sex: 'FEMALE',
      },
    });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function intake(facts: Omit<CaseFacts, 'ageYears'> = resectableFacts): Promise<{ id: string; etag: string }> {
    const response = await coordinator().post('/cases', {
      body: {
        patientId: await newPatient(),
        boardId,
        questionForBoard: 'Treatment sequence?',
        lastImagingDate: '2026-11-10',
        ...rectalIntake(facts),
      },
    });
    expect(response.status).toBe(201);
    return { id: response.body.id, etag: response.headers.get('etag')! };
  }

  it('refuses a duplicate MRN with 409 naming the field', async () => {
    const body = { mrn: 'DUP-0001', givenName: 'A', familyName: 'B', birthDate: '1950-01-01', sex: 'MALE' } as const;
    expect((await coordinator().post('/patients', { body })).status).toBe(201);
    const duplicate = await coordinator().post('/patients', { body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ errors: [{ field: 'mrn' }] });
  });

  it('names every invalid fact in one 400 and writes nothing', async () => {
    const before = await prisma.case.count();
    const valid = rectalIntake(resectableFacts);
    const condition = valid.core.condition!;
    const staging = valid.core.staging!;
    const invalid = {
      core: {
        ...valid.core,
        condition: { ...condition, ecog: 7 },
        staging: { ...staging, clinical: { ...staging.clinical!, m: 'M0' } },
      },
      pathwayFacts: { ...valid.pathwayFacts, distanceFromAnalVergeCm: -1 },
    };
    const response = await coordinator().raw('POST', '/cases', {
      body: { patientId: await newPatient(), boardId, ...invalid },
    });
    expect(response.status).toBe(400);
    const fields = response.problem!.errors!.map((error) => error.field).sort();
    expect(fields).toEqual(
      expect.arrayContaining(['core.condition.ecog', 'core.metastases', 'pathwayFacts.distanceFromAnalVergeCm']),
    );
    // A valid M0 core is a case, but not one for the stage IV pathway: the refusal names the pathway.
    const m0 = rectalIntake({ ...resectableFacts, metastases: [] });
    const notStageIv = await coordinator().post('/cases', {
      body: {
        patientId: await newPatient(),
        boardId,
        core: {
          ...m0.core,
          staging: {
            edition: 'AJCC-8',
            clinical: { t: 'T3', n: 'N1', m: 'M0', afterTherapy: false },
            pathological: null,
            stageGroup: 'IIIB',
          },
        },
        pathwayFacts: m0.pathwayFacts,
      },
    });
    expect(notStageIv.status).toBe(400);
    expect(notStageIv.problem?.errors).toEqual([
      expect.objectContaining({
        field: 'pathwayFacts.pathwayId',
        message: expect.stringContaining('rectal-stage-iv does not apply'),
      }),
    ]);
    expect(await prisma.case.count()).toBe(before);
  });

  it('requires If-Match (428), refuses a stale one (412), and lets exactly one of two concurrent edits win', async () => {
    const created = await intake();
    // Without the If-Match the document requires: sent raw.
    const noMatch = await coordinator().raw('PATCH', `/cases/${created.id}`, { body: { questionForBoard: 'x' } });
    expect(noMatch.status).toBe(428);
    const [first, second] = await Promise.all([
      coordinator().patch('/cases/{id}', {
        params: ifMatch(created.id, created.etag),
        body: { questionForBoard: 'First edit' },
      }),
      coordinator().patch('/cases/{id}', {
        params: ifMatch(created.id, created.etag),
        body: { questionForBoard: 'Second edit' },
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const winner = first.status === 200 ? 'First edit' : 'Second edit';
    const stored = await prisma.case.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.questionForBoard).toBe(winner);
    expect(stored.version).toBe(2);
  });

  it('takes pathwayFacts null (documented nullable) as "no pathway", at intake and to leave a pathway on edit', async () => {
    const rectal = await intake();
    const { core } = rectalIntake(resectableFacts);
    const edited = await coordinator().patch('/cases/{id}', {
      params: ifMatch(rectal.id, rectal.etag),
      body: { core, pathwayFacts: null },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ pathway: null, pathwayFacts: null });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: rectal.id } })).pathwayId).toBeNull();
    const created = await coordinator().post('/cases', {
      body: { patientId: await newPatient(), boardId, core, pathwayFacts: null },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      pathway: null,
      pathwayFacts: null,
      applicablePathways: [expect.objectContaining({ id: 'rectal-stage-iv' })],
    });
  });

  it('enforces the status lifecycle with 409 and the readiness checklist', async () => {
    const created = await intake({
      ...resectableFacts,
      biomarkers: { ...resectableFacts.biomarkers, mmr: 'unknown', dpd: 'unknown' },
    });
    const readiness = await coordinator().get('/cases/{id}/readiness', byId(created.id));
    expect(readiness.body).toEqual({
      ready: false,
      missing: [expect.objectContaining({ code: 'MMR_UNKNOWN' }), expect.objectContaining({ code: 'DPD_UNKNOWN' })],
    });
    const notReady = await coordinator().post('/cases/{id}/status', { ...byId(created.id), body: { status: 'READY' } });
    expect(notReady.status).toBe(409);
    expect(notReady.problem?.detail).toContain('MMR/MSI status is unknown');
    const skip = await coordinator().post('/cases/{id}/status', { ...byId(created.id), body: { status: 'DECIDED' } });
    expect(skip.status).toBe(409);
  });

  it('answers a treatment event recorded before sign-off with the event itself (no recommendation yet)', async () => {
    const created = await intake();
    const recorded = await coordinator().post('/cases/{id}/treatment-events', {
      ...byId(created.id),
      body: { kind: 'SYSTEMIC_THERAPY', status: 'PLANNED', startDate: '2026-12-10', regimens: ['FOLFOX'] },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toEqual({
      event: expect.objectContaining({
        caseId: created.id,
        kind: 'SYSTEMIC_THERAPY',
        status: 'PLANNED',
        startDate: '2026-12-10',
        recommendationId: null,
      }),
      recommendation: null,
    });
    const listed = await coordinator().get('/cases/{id}/treatment-events', byId(created.id));
    expect(listed.body).toEqual([recorded.body.event]);
  });

  it('runs the whole journey: intake, draft, agenda, proposal, votes, sign-off, implementation, follow-up findings', async () => {
    const created = await intake();
    expect(
      (await coordinator().post('/cases/{id}/status', { ...byId(created.id), body: { status: 'READY' } })).status,
    ).toBe(200);

    const draft = await coordinator().post('/cases/{id}/drafts', byId(created.id));
    expect(draft.status).toBe(201);
    const recommendation = draft.body;
    expect(recommendation.primaryBranch).toBe('resectable-oligometastatic');
    expect(recommendation.summary).toContain('DRAFT');

    // Agenda and attendance (their own endpoints are covered by the meetings tests).
    await prisma.$transaction([
      prisma.agendaItem.create({ data: { meetingId, caseId: created.id, position: 10, minutesAllotted: 10 } }),
      prisma.case.update({ where: { id: created.id }, data: { status: 'SCHEDULED' } }),
      prisma.meeting.update({
        where: { id: meetingId },
        data: {
          status: 'IN_PROGRESS',
          chairId: userIds.oncologist,
          votingOpenUntil: new Date(Date.now() + 86_400_000),
        },
      }),
      ...QUORUM.map((name) =>
        prisma.attendance.create({ data: { meetingId, userId: userIds[name]!, specialty: null } }),
      ),
    ]);
    // Specialties as of check-in.
    for (const user of await prisma.user.findMany({ where: { id: { in: QUORUM.map((name) => userIds[name]!) } } })) {
      await prisma.attendance.update({
        where: { meetingId_userId: { meetingId, userId: user.id } },
        data: { specialty: user.specialty },
      });
    }

    const proposal: Schemas['ProposalDto'] = {
      meetingId,
      branch: 'resectable-oligometastatic',
      intent: 'curative',
      steps: [
        'SCRT 5x5 Gy',
        'FOLFOX from day 11-18',
        'Response evaluation at 6-8 weeks',
        'Staged resection at ~3 months',
      ],
      regimens: ['FOLFOX', 'PANITUMUMAB'],
      rationale: 'Fit patient with resectable liver oligometastases',
    };
    // Optimistic concurrency, as for cases: no If-Match is 428, a stale one 412 naming the current ETag.
    const ofRecommendation = byId(recommendation.id);
    const withoutIfMatch = await oncologist().raw('PUT', `/recommendations/${recommendation.id}/proposal`, {
      body: proposal,
    });
    expect(withoutIfMatch.status).toBe(428);
    expect(withoutIfMatch.problem?.detail).toContain('If-Match');
    const drafted = await oncologist().get('/recommendations/{id}', ofRecommendation);
    const draftEtag = drafted.headers.get('etag')!;
    expect(draftEtag).toBe(`"v${drafted.body.version}"`);
    const proposed = await oncologist().put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendation.id, draftEtag),
      body: proposal,
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'PROPOSED', round: 1 });
    expect(proposed.headers.get('etag')).toBe(`"v${proposed.body.version}"`);
    const stale = await oncologist().put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendation.id, draftEtag),
      body: { ...proposal, rationale: 'An edit made on the draft' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ currentEtag: proposed.headers.get('etag') });
    expect((await oncologist().get('/recommendations/{id}', ofRecommendation)).body).toMatchObject({
      proposedPlan: { rationale: proposal.rationale },
    });

    // A coordinator cannot vote (role), a clinician who is not checked in cannot (attendance).
    const approve = { ...ofRecommendation, body: { choice: 'APPROVE' as const } };
    expect((await coordinator().post('/recommendations/{id}/votes', approve)).status).toBe(403);
    expect((await as.hpb!.post('/recommendations/{id}/votes', approve)).status).toBe(403);

    // Idempotency: same key and payload replays; other payload is 422.
    const key = `vote-${randomUUID()}`;
    const firstVote = await as.surgeon!.post('/recommendations/{id}/votes', {
      ...approve,
      headers: { 'idempotency-key': key },
    });
    expect(firstVote.status).toBe(201);
    const replay = await as.surgeon!.post('/recommendations/{id}/votes', {
      ...approve,
      headers: { 'idempotency-key': key },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(firstVote.body);
    const otherPayload = await as.surgeon!.post('/recommendations/{id}/votes', {
      ...ofRecommendation,
      body: { choice: 'REJECT' },
      headers: { 'idempotency-key': key },
    });
    expect(otherPayload.status).toBe(422);

    // 100 parallel identical votes by one clinician: exactly one vote.
    const burst = await Promise.all(
      Array.from({ length: 100 }, () => as.radiologist!.post('/recommendations/{id}/votes', approve)),
    );
    expect(burst.filter((response) => response.status === 201)).toHaveLength(1);
    expect(burst.filter((response) => response.status === 409)).toHaveLength(99);
    expect(
      await prisma.vote.count({ where: { recommendationId: recommendation.id, voterId: userIds.radiologist } }),
    ).toBe(1);

    // Not the chair: 403. Consensus short (2 approvals of 3 = 2/3 passes, so first a dissent).
    await as.pathologist!.post('/recommendations/{id}/votes', {
      ...ofRecommendation,
      body: { choice: 'REJECT', comment: 'Prefer chemotherapy first' },
    });
    await as.radiotherapist!.post('/recommendations/{id}/votes', { ...ofRecommendation, body: { choice: 'REJECT' } });
    const signOff = { ...ofRecommendation, body: {} };
    expect((await as.surgeon!.post('/recommendations/{id}/sign-off', signOff)).status).toBe(403);
    const noConsensus = await oncologist().post('/recommendations/{id}/sign-off', signOff);
    expect(noConsensus.status).toBe(409);
    expect(noConsensus.problem?.detail).toContain('no consensus');

    // Editing the proposal opens round 2; old votes are kept.
    const edited = await oncologist().put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendation.id, await recommendationEtag(oncologist(), recommendation.id)),
      body: { ...proposal, regimens: ['FOLFOX', 'BEVACIZUMAB', 'PANITUMUMAB'] },
    });
    expect(edited.body).toMatchObject({ round: 2 });
    expect(await prisma.vote.count({ where: { recommendationId: recommendation.id, round: 1 } })).toBe(4);
    const blocks = edited.body.findings
      .filter((finding) => finding.severity === 'block')
      .map((finding) => finding.code);
    expect(blocks).toContain('BEVACIZUMAB_WITH_ANTI_EGFR');

    for (const name of ['surgeon', 'oncologist', 'radiologist', 'pathologist'] as const) {
      expect((await as[name]!.post('/recommendations/{id}/votes', approve)).status).toBe(201);
    }
    const blocked = await oncologist().post('/recommendations/{id}/sign-off', signOff);
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ unresolvedBlocks: expect.arrayContaining(['BEVACIZUMAB_WITH_ANTI_EGFR']) });
    const overrideWithoutReason = await oncologist().post('/recommendations/{id}/overrides', {
      ...ofRecommendation,
      body: { code: 'BEVACIZUMAB_WITH_ANTI_EGFR', reason: 'x' },
    });
    expect(overrideWithoutReason.status).toBe(400);

    // Back to a clean proposal (round 3), departing from the pathway: a coded reason is required.
    await oncologist().put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendation.id, await recommendationEtag(oncologist(), recommendation.id)),
      body: { ...proposal, branch: 'conversion-chemo-first', regimens: ['FOLFOX', 'PANITUMUMAB'] },
    });
    for (const name of ['surgeon', 'oncologist', 'radiologist', 'pathologist'] as const) {
      await as[name]!.post('/recommendations/{id}/votes', {
        ...ofRecommendation,
        body: { choice: name === 'pathologist' ? 'REJECT' : 'APPROVE' },
      });
    }
    const tally = await coordinator().get('/recommendations/{id}/votes', ofRecommendation);
    expect(tally.body).toMatchObject({ round: 3, approve: 3, reject: 1, quorate: true, consensus: true });
    const noReason = await oncologist().post('/recommendations/{id}/sign-off', signOff);
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [{ field: 'deviationReason' }] });

    const signed = await oncologist().post('/recommendations/{id}/sign-off', {
      ...ofRecommendation,
      body: { deviationReason: 'PATIENT_PREFERENCE' },
    });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      status: 'SIGNED_OFF',
      followsPathway: false,
      deviationReason: 'PATIENT_PREFERENCE',
    });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('DECIDED');
    expect(
      await prisma.outboxEvent.count({ where: { topic: 'recommendation.signed-off', aggregateId: recommendation.id } }),
    ).toBe(1);
    const signOffAudit = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'recommendation.sign-off', entityId: recommendation.id },
    });
    expect(signOffAudit.detail).toMatchObject({ dissent: [userIds.pathologist] });

    // Immutable after sign-off; votes refused.
    expect(
      (
        await oncologist().put('/recommendations/{id}/proposal', {
          params: ifMatch(recommendation.id, await recommendationEtag(oncologist(), recommendation.id)),
          body: proposal,
        })
      ).status,
    ).toBe(409);
    expect((await as.hpb!.post('/recommendations/{id}/votes', approve)).status).toBe(409);

    // Follow-through: implemented, and the real dates re-validated.
    const implemented = await oncologist().patch('/recommendations/{id}/implementation', {
      ...ofRecommendation,
      body: { status: 'YES' },
    });
    expect(implemented.status).toBe(200);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('IN_TREATMENT');
    await oncologist().post('/cases/{id}/treatment-events', {
      ...byId(created.id),
      body: {
        kind: 'RADIOTHERAPY',
        status: 'DONE',
        startDate: '2026-12-01',
        endDate: '2026-12-05',
        regimens: ['SCRT_5X5'],
      },
    });
    const chemo = await oncologist().post('/cases/{id}/treatment-events', {
      ...byId(created.id),
      body: { kind: 'SYSTEMIC_THERAPY', status: 'DONE', startDate: '2026-12-24', regimens: ['FOLFOX'] },
    });
    expect(chemo.status).toBe(201);
    const followUp = chemo.body.recommendation!.followUpFindings;
    expect(followUp.map((finding) => finding.code)).toContain('CHEMO_START_OUTSIDE_WINDOW');

    // Every change was audited.
    const types = (
      await prisma.auditEvent.findMany({
        where: { patientId: (await prisma.case.findUniqueOrThrow({ where: { id: created.id } })).patientId },
      })
    ).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'case.create',
        'case.status',
        'recommendation.draft',
        'recommendation.propose',
        'vote.cast',
        'recommendation.sign-off',
        'recommendation.implementation',
        'treatment-event.record',
      ]),
    );
    // A vote's audit row (written in the vote's own statement) names the vote, the voter, the board, the round and the choice.
    const pathologistVote = await prisma.vote.findFirstOrThrow({
      where: { recommendationId: recommendation.id, voterId: userIds.pathologist, round: 1 },
    });
    const voteEvent = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'vote.cast', entityId: pathologistVote.id },
    });
    expect(voteEvent).toMatchObject({
      action: 'C',
      entityType: 'vote',
      actorUserId: userIds.pathologist,
      boardId,
      detail: { recommendationId: recommendation.id, round: 1, choice: 'REJECT' },
    });
    expect(voteEvent.patientId).toBe((await prisma.case.findUniqueOrThrow({ where: { id: created.id } })).patientId);
  });

  it('answers an empty edit with the case unchanged: same version, no audit row', async () => {
    const created = await intake();
    const audits = await prisma.auditEvent.count({ where: { type: 'case.update', entityId: created.id } });
    const empty = await coordinator().patch('/cases/{id}', {
      params: ifMatch(created.id, created.etag),
      body: {},
    });
    expect(empty.status).toBe(200);
    expect(empty.headers.get('etag')).toBe(created.etag);
    expect(await prisma.auditEvent.count({ where: { type: 'case.update', entityId: created.id } })).toBe(audits);
  });

  it('keeps draft history: changing the facts makes a new draft version', async () => {
    const created = await intake();
    await coordinator().post('/cases/{id}/drafts', byId(created.id));
    const changed = await coordinator().patch('/cases/{id}', {
      params: ifMatch(created.id, created.etag),
      body: rectalIntake({
        ...resectableFacts,
        metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }],
      }),
    });
    expect(changed.status).toBe(200);
    const history = await coordinator().get('/cases/{id}/recommendations', byId(created.id));
    expect(history.body.map((version) => [version.draftVersion, version.status, version.primaryBranch])).toEqual([
      [2, 'DRAFT', 'palliative-systemic'],
      [1, 'SUPERSEDED', 'resectable-oligometastatic'],
    ]);
  });
});
