import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login, recommendationIfMatch } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { rectalIntake } from '../support/intake';
import type { CaseFacts } from '@consilium/pathway';

const CLINICIAN_PASSWORD = 'Demo-Clinician-Passw0rd';
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
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let boardId: string;
  let meetingId: string;
  /** Filled in beforeAll, like the lets above. */
  const tokens = {} as Record<(typeof QUORUM)[number] | 'coordinator' | 'hpb', string>;
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase('workflow');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    const seeded = await seedDemo(prisma);
    meetingId = seeded.meetingId;
    boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    api = await startApi(testConfig({ DATABASE_URL: database.url }));
    tokens.coordinator = (await login(api.url, 'coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd')).accessToken;
    for (const name of [...QUORUM, 'hpb'] as const) {
      tokens[name] = (await login(api.url, `${name}@consilium.demo`, CLINICIAN_PASSWORD)).accessToken;
    }
    for (const user of await prisma.user.findMany()) userIds[user.email.split('@')[0]!] = user.id;
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  async function newPatient(): Promise<string> {
    const response = await call(api.url, 'POST', '/patients', {
      token: tokens.coordinator,
      body: {
        mrn: `T-${randomUUID().slice(0, 8)}`,
        givenName: 'Test',
        familyName: 'Patient',
        birthDate: '1960-05-01',
        sex: 'FEMALE',
      },
    });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  async function intake(facts: Omit<CaseFacts, 'ageYears'> = resectableFacts): Promise<{ id: string; etag: string }> {
    const response = await call(api.url, 'POST', '/cases', {
      token: tokens.coordinator,
      body: {
        patientId: await newPatient(),
        boardId,
        questionForBoard: 'Treatment sequence?',
        lastImagingDate: '2026-11-10',
        ...rectalIntake(facts),
      },
    });
    expect(response.status).toBe(201);
    return { id: (response.body as { id: string }).id, etag: response.headers.get('etag')! };
  }

  it('refuses a duplicate MRN with 409 naming the field', async () => {
    const body = { mrn: 'DUP-0001', givenName: 'A', familyName: 'B', birthDate: '1950-01-01', sex: 'MALE' };
    expect((await call(api.url, 'POST', '/patients', { token: tokens.coordinator, body })).status).toBe(201);
    const duplicate = await call(api.url, 'POST', '/patients', { token: tokens.coordinator, body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ errors: [{ field: 'mrn' }] });
  });

  it('names every invalid fact in one 400 and writes nothing', async () => {
    const before = await prisma.case.count();
    const valid = rectalIntake(resectableFacts);
    const condition = valid.core['condition'] as Record<string, unknown>;
    const staging = valid.core['staging'] as { clinical: Record<string, unknown> };
    const invalid = {
      core: {
        ...valid.core,
        condition: { ...condition, ecog: 7 },
        staging: { ...staging, clinical: { ...staging.clinical, m: 'M0' } },
      },
      pathwayFacts: { ...valid.pathwayFacts, distanceFromAnalVergeCm: -1 },
    };
    const response = await call(api.url, 'POST', '/cases', {
      token: tokens.coordinator,
      body: { patientId: await newPatient(), boardId, ...invalid },
    });
    expect(response.status).toBe(400);
    const fields = (response.body as { errors: { field: string; message: string }[] }).errors
      .map((error) => error.field)
      .sort();
    expect(fields).toEqual(
      expect.arrayContaining(['core.condition.ecog', 'core.metastases', 'pathwayFacts.distanceFromAnalVergeCm']),
    );
    // A valid M0 core is a case, but not one for the stage IV pathway: the refusal names the pathway.
    const m0 = rectalIntake({ ...resectableFacts, metastases: [] });
    const notStageIv = await call(api.url, 'POST', '/cases', {
      token: tokens.coordinator,
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
    expect((notStageIv.body as { errors: { field: string; message: string }[] }).errors).toEqual([
      expect.objectContaining({
        field: 'pathwayFacts.pathwayId',
        message: expect.stringContaining('rectal-stage-iv does not apply'),
      }),
    ]);
    expect(await prisma.case.count()).toBe(before);
  });

  it('requires If-Match (428), refuses a stale one (412), and lets exactly one of two concurrent edits win', async () => {
    const created = await intake();
    const noMatch = await call(api.url, 'PATCH', `/cases/${created.id}`, {
      token: tokens.coordinator,
      body: { questionForBoard: 'x' },
    });
    expect(noMatch.status).toBe(428);
    const [first, second] = await Promise.all([
      call(api.url, 'PATCH', `/cases/${created.id}`, {
        token: tokens.coordinator,
        body: { questionForBoard: 'First edit' },
        headers: { 'if-match': created.etag },
      }),
      call(api.url, 'PATCH', `/cases/${created.id}`, {
        token: tokens.coordinator,
        body: { questionForBoard: 'Second edit' },
        headers: { 'if-match': created.etag },
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
    const edited = await call(api.url, 'PATCH', `/cases/${rectal.id}`, {
      token: tokens.coordinator,
      body: { core, pathwayFacts: null },
      headers: { 'if-match': rectal.etag },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ pathway: null, pathwayFacts: null });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: rectal.id } })).pathwayId).toBeNull();
    const created = await call(api.url, 'POST', '/cases', {
      token: tokens.coordinator,
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
    const readiness = await call(api.url, 'GET', `/cases/${created.id}/readiness`, { token: tokens.coordinator });
    expect(readiness.body).toEqual({
      ready: false,
      missing: [expect.objectContaining({ code: 'MMR_UNKNOWN' }), expect.objectContaining({ code: 'DPD_UNKNOWN' })],
    });
    const notReady = await call(api.url, 'POST', `/cases/${created.id}/status`, {
      token: tokens.coordinator,
      body: { status: 'READY' },
    });
    expect(notReady.status).toBe(409);
    expect((notReady.body as { detail: string }).detail).toContain('MMR/MSI status is unknown');
    const skip = await call(api.url, 'POST', `/cases/${created.id}/status`, {
      token: tokens.coordinator,
      body: { status: 'DECIDED' },
    });
    expect(skip.status).toBe(409);
  });

  it('answers a treatment event recorded before sign-off with the event itself (no recommendation yet)', async () => {
    const created = await intake();
    const recorded = await call(api.url, 'POST', `/cases/${created.id}/treatment-events`, {
      token: tokens.coordinator,
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
    const listed = await call(api.url, 'GET', `/cases/${created.id}/treatment-events`, { token: tokens.coordinator });
    expect(listed.body).toEqual([(recorded.body as { event: unknown }).event]);
  });

  it('runs the whole journey: intake, draft, agenda, proposal, votes, sign-off, implementation, follow-up findings', async () => {
    const created = await intake();
    expect(
      (
        await call(api.url, 'POST', `/cases/${created.id}/status`, {
          token: tokens.coordinator,
          body: { status: 'READY' },
        })
      ).status,
    ).toBe(200);

    const draft = await call(api.url, 'POST', `/cases/${created.id}/drafts`, { token: tokens.coordinator });
    expect(draft.status).toBe(201);
    const recommendation = draft.body as { id: string; primaryBranch: string; pathwayVersion: string; summary: string };
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

    const proposal = {
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
    const proposalUrl = `/recommendations/${recommendation.id}/proposal`;
    const withoutIfMatch = await call(api.url, 'PUT', proposalUrl, { token: tokens.oncologist, body: proposal });
    expect(withoutIfMatch.status).toBe(428);
    expect((withoutIfMatch.body as { detail: string }).detail).toContain('If-Match');
    const drafted = await call(api.url, 'GET', `/recommendations/${recommendation.id}`, { token: tokens.oncologist });
    const draftEtag = drafted.headers.get('etag')!;
    expect(draftEtag).toBe(`"v${(drafted.body as { version: number }).version}"`);
    const proposed = await call(api.url, 'PUT', proposalUrl, {
      token: tokens.oncologist,
      body: proposal,
      headers: { 'if-match': draftEtag },
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'PROPOSED', round: 1 });
    expect(proposed.headers.get('etag')).toBe(`"v${(proposed.body as { version: number }).version}"`);
    const stale = await call(api.url, 'PUT', proposalUrl, {
      token: tokens.oncologist,
      body: { ...proposal, rationale: 'An edit made on the draft' },
      headers: { 'if-match': draftEtag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ currentEtag: proposed.headers.get('etag') });
    expect(
      (await call(api.url, 'GET', `/recommendations/${recommendation.id}`, { token: tokens.oncologist })).body,
    ).toMatchObject({ proposedPlan: { rationale: proposal.rationale } });

    // A coordinator cannot vote (role), a clinician who is not checked in cannot (attendance).
    expect(
      (
        await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: tokens.coordinator,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: tokens.hpb,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(403);

    // Idempotency: same key and payload replays; other payload is 422.
    const key = `vote-${randomUUID()}`;
    const firstVote = await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
      token: tokens.surgeon,
      body: { choice: 'APPROVE' },
      headers: { 'idempotency-key': key },
    });
    expect(firstVote.status).toBe(201);
    const replay = await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
      token: tokens.surgeon,
      body: { choice: 'APPROVE' },
      headers: { 'idempotency-key': key },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(firstVote.body);
    const otherPayload = await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
      token: tokens.surgeon,
      body: { choice: 'REJECT' },
      headers: { 'idempotency-key': key },
    });
    expect(otherPayload.status).toBe(422);

    // 100 parallel identical votes by one clinician: exactly one vote.
    const burst = await Promise.all(
      Array.from({ length: 100 }, () =>
        call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: tokens.radiologist,
          body: { choice: 'APPROVE' },
        }),
      ),
    );
    expect(burst.filter((response) => response.status === 201)).toHaveLength(1);
    expect(burst.filter((response) => response.status === 409)).toHaveLength(99);
    expect(
      await prisma.vote.count({ where: { recommendationId: recommendation.id, voterId: userIds.radiologist } }),
    ).toBe(1);

    // Not the chair: 403. Consensus short (2 approvals of 3 = 2/3 passes, so first a dissent).
    await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
      token: tokens.pathologist,
      body: { choice: 'REJECT', comment: 'Prefer chemotherapy first' },
    });
    await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
      token: tokens.radiotherapist,
      body: { choice: 'REJECT' },
    });
    expect(
      (
        await call(api.url, 'POST', `/recommendations/${recommendation.id}/sign-off`, {
          token: tokens.surgeon,
          body: {},
        })
      ).status,
    ).toBe(403);
    const noConsensus = await call(api.url, 'POST', `/recommendations/${recommendation.id}/sign-off`, {
      token: tokens.oncologist,
      body: {},
    });
    expect(noConsensus.status).toBe(409);
    expect((noConsensus.body as { detail: string }).detail).toContain('no consensus');

    // Editing the proposal opens round 2; old votes are kept.
    const edited = await call(api.url, 'PUT', proposalUrl, {
      token: tokens.oncologist,
      body: { ...proposal, regimens: ['FOLFOX', 'BEVACIZUMAB', 'PANITUMUMAB'] },
      headers: await recommendationIfMatch(api.url, recommendation.id, tokens.oncologist),
    });
    expect(edited.body).toMatchObject({ round: 2 });
    expect(await prisma.vote.count({ where: { recommendationId: recommendation.id, round: 1 } })).toBe(4);
    const blocks = (edited.body as { findings: { code: string; severity: string }[] }).findings
      .filter((finding) => finding.severity === 'block')
      .map((finding) => finding.code);
    expect(blocks).toContain('BEVACIZUMAB_WITH_ANTI_EGFR');

    for (const name of ['surgeon', 'oncologist', 'radiologist', 'pathologist'] as const) {
      expect(
        (
          await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
            token: tokens[name],
            body: { choice: 'APPROVE' },
          })
        ).status,
      ).toBe(201);
    }
    const blocked = await call(api.url, 'POST', `/recommendations/${recommendation.id}/sign-off`, {
      token: tokens.oncologist,
      body: {},
    });
    expect(blocked.status).toBe(409);
    expect((blocked.body as { unresolvedBlocks: string[] }).unresolvedBlocks).toContain('BEVACIZUMAB_WITH_ANTI_EGFR');
    const overrideWithoutReason = await call(api.url, 'POST', `/recommendations/${recommendation.id}/overrides`, {
      token: tokens.oncologist,
      body: { code: 'BEVACIZUMAB_WITH_ANTI_EGFR', reason: 'x' },
    });
    expect(overrideWithoutReason.status).toBe(400);

    // Back to a clean proposal (round 3), departing from the pathway: a coded reason is required.
    await call(api.url, 'PUT', proposalUrl, {
      token: tokens.oncologist,
      body: { ...proposal, branch: 'conversion-chemo-first', regimens: ['FOLFOX', 'PANITUMUMAB'] },
      headers: await recommendationIfMatch(api.url, recommendation.id, tokens.oncologist),
    });
    for (const name of ['surgeon', 'oncologist', 'radiologist', 'pathologist'] as const) {
      await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
        token: tokens[name],
        body: { choice: name === 'pathologist' ? 'REJECT' : 'APPROVE' },
      });
    }
    const tally = await call(api.url, 'GET', `/recommendations/${recommendation.id}/votes`, {
      token: tokens.coordinator,
    });
    expect(tally.body).toMatchObject({ round: 3, approve: 3, reject: 1, quorate: true, consensus: true });
    const noReason = await call(api.url, 'POST', `/recommendations/${recommendation.id}/sign-off`, {
      token: tokens.oncologist,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [{ field: 'deviationReason' }] });

    const signed = await call(api.url, 'POST', `/recommendations/${recommendation.id}/sign-off`, {
      token: tokens.oncologist,
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
        await call(api.url, 'PUT', proposalUrl, {
          token: tokens.oncologist,
          body: proposal,
          headers: await recommendationIfMatch(api.url, recommendation.id, tokens.oncologist),
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
          token: tokens.hpb,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(409);

    // Follow-through: implemented, and the real dates re-validated.
    const implemented = await call(api.url, 'PATCH', `/recommendations/${recommendation.id}/implementation`, {
      token: tokens.oncologist,
      body: { status: 'YES' },
    });
    expect(implemented.status).toBe(200);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('IN_TREATMENT');
    await call(api.url, 'POST', `/cases/${created.id}/treatment-events`, {
      token: tokens.oncologist,
      body: {
        kind: 'RADIOTHERAPY',
        status: 'DONE',
        startDate: '2026-12-01',
        endDate: '2026-12-05',
        regimens: ['SCRT_5X5'],
      },
    });
    const chemo = await call(api.url, 'POST', `/cases/${created.id}/treatment-events`, {
      token: tokens.oncologist,
      body: { kind: 'SYSTEMIC_THERAPY', status: 'DONE', startDate: '2026-12-24', regimens: ['FOLFOX'] },
    });
    expect(chemo.status).toBe(201);
    const followUp = (
      chemo.body as { recommendation: { followUpFindings: { code: string; dayCounts: Record<string, number> }[] } }
    ).recommendation.followUpFindings;
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
    const empty = await call(api.url, 'PATCH', `/cases/${created.id}`, {
      token: tokens.coordinator,
      headers: { 'if-match': created.etag },
      body: {},
    });
    expect(empty.status).toBe(200);
    expect(empty.headers.get('etag')).toBe(created.etag);
    expect(await prisma.auditEvent.count({ where: { type: 'case.update', entityId: created.id } })).toBe(audits);
  });

  it('keeps draft history: changing the facts makes a new draft version', async () => {
    const created = await intake();
    await call(api.url, 'POST', `/cases/${created.id}/drafts`, { token: tokens.coordinator });
    const changed = await call(api.url, 'PATCH', `/cases/${created.id}`, {
      token: tokens.coordinator,
      headers: { 'if-match': created.etag },
      body: rectalIntake({
        ...resectableFacts,
        metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }],
      }),
    });
    expect(changed.status).toBe(200);
    const history = await call(api.url, 'GET', `/cases/${created.id}/recommendations`, { token: tokens.coordinator });
    const versions = history.body as { draftVersion: number; status: string; primaryBranch: string }[];
    expect(versions.map((version) => [version.draftVersion, version.status, version.primaryBranch])).toEqual([
      [2, 'DRAFT', 'palliative-systemic'],
      [1, 'SUPERSEDED', 'resectable-oligometastatic'],
    ]);
  });
});
