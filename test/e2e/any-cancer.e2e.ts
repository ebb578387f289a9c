import { randomUUID } from 'node:crypto';
import type { PrismaClient, Specialty } from '@prisma/client';
import { addDays, type IsoDate } from '@consilium/pathway';
import { THORACIC_BOARD_NAME } from '../../prisma/seed';
import { scratchCheckpointDir } from '../support/config';
import { spawnWorker, type WorkerProcess } from '../support/worker';
import { SmtpSink, eventually } from '../reminders/smtp-sink';
import {
  ifMatch,
  recommendationEtag,
  startStack,
  type Problem,
  type Schemas,
  type Stack,
  type UserClient,
} from '../support/stack';

const today = (): IsoDate => new Date().toISOString().slice(0, 10);

type Recommendation = Schemas['RecommendationDto'];

const condition = {
  ecog: 0,
  fitForIntensiveTreatment: true,
  comorbidities: [],
  creatinineClearanceMlMin: 92,
  preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
  symptoms: [],
  symptomNotes: null,
} satisfies Schemas['CaseCoreInput']['condition'];

/**
 * Any cancer, any stage (issues 13 and 14), end to end over HTTP with the built worker as its own
 * process and a real SMTP peer: a resected stage III colon cancer on the colon pathway, and a
 * stage II rectal cancer and a lung cancer that no pathway covers (the board authors the plan),
 * each registered, made ready, scheduled, discussed, voted, signed off and followed by its
 * reminders; the reports group them by site and pathway.
 */
describe('any cancer, any stage: colon stage III, rectal stage II and lung journeys', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let worker: WorkerProcess;
  let smtp: SmtpSink;
  const as: Record<string, UserClient> = {};
  let userIds: Record<string, string>;
  const boards: Record<'colorectal' | 'thoracic', string> = { colorectal: '', thoracic: '' };

  beforeAll(async () => {
    stack = await startStack('anycancer', { env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
    prisma = stack.prisma;
    boards.colorectal = stack.boardId;
    boards.thoracic = (await prisma.board.findUniqueOrThrow({ where: { name: THORACIC_BOARD_NAME } })).id;
    // No digest noise: the demo meetings are not part of these journeys.
    await prisma.meeting.updateMany({ data: { status: 'CANCELLED' } });
    smtp = new SmtpSink();
    await smtp.start();
    worker = spawnWorker({
      DATABASE_URL: stack.database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `anycancer-${randomUUID().slice(0, 8)}`,
      SMTP_PORT: String(smtp.port),
      SERVICE_INSTANCE: `anycancer-${Date.now()}`,
      AUDIT_CHECKPOINT_DIR: scratchCheckpointDir(),
    });
    for (const name of ['coordinator', 'surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist']) {
      as[name] = await stack.as(name);
    }
    userIds = await stack.userIds();
  });

  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await smtp?.stop();
    await stack?.close();
  });

  async function register(
    board: keyof typeof boards,
    core: Schemas['CaseCoreInput'],
    pathwayFacts: Schemas['PathwayFactsInput'],
  ): Promise<Schemas['CaseDto']> {
    const patient = await as.coordinator!.post('/patients', {
      body: {
        mrn: `AC-${randomUUID().slice(0, 8)}`,
        givenName: 'Any',
        familyName: 'Cancer',
        birthDate: '1960-05-01',
        sex: 'FEMALE',
      },
    });
    expect(patient.status).toBe(201);
    const created = await as.coordinator!.post('/cases', {
      body: {
        patientId: patient.body.id,
        boardId: boards[board],
        questionForBoard: 'Treatment?',
        lastImagingDate: '2026-11-10',
        core,
        pathwayFacts,
      },
    });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({
      status: 201,
      body: null,
    });
    return created.body;
  }

  /** READY (which drafts), a meeting about to start, the case on its agenda, the quorum checked in. */
  async function schedule(
    caseId: string,
    board: keyof typeof boards,
    specialties: readonly string[],
  ): Promise<{ meetingId: string; recommendation: Recommendation }> {
    const ready = await as.coordinator!.post('/cases/{id}/status', {
      params: { path: { id: caseId } },
      body: { status: 'READY' },
    });
    expect(ready.status).toBe(200);
    const drafts = (await as.coordinator!.get('/cases/{id}/recommendations', { params: { path: { id: caseId } } }))
      .body;
    expect(drafts).toHaveLength(1);
    const meeting = await prisma.meeting.create({
      data: {
        boardId: boards[board],
        title: `MDT ${randomUUID().slice(0, 6)}`,
        startsAt: new Date(Date.now() + 5 * 60_000),
        chairId: userIds.oncologist,
        requiredSpecialties: specialties.map((name) =>
          name === 'surgeon' ? 'COLORECTAL_SURGERY' : SPECIALTY[name],
        ) as Specialty[],
      },
    });
    // Without minutesAllotted (the server's default of 10), which the typed body would require.
    expect((await as.coordinator!.raw('POST', `/meetings/${meeting.id}/agenda`, { body: { caseId } })).status).toBe(
      201,
    );
    for (const name of specialties) {
      expect(
        (
          await as.coordinator!.post('/meetings/{id}/attendance', {
            params: { path: { id: meeting.id } },
            body: { userId: userIds[name]! },
          })
        ).status,
      ).toBe(200);
    }
    return { meetingId: meeting.id, recommendation: drafts[0]! };
  }

  async function propose(recommendationId: string, body: Schemas['ProposalDto']) {
    return as.oncologist!.put('/recommendations/{id}/proposal', {
      params: ifMatch(recommendationId, await recommendationEtag(as.oncologist!, recommendationId)),
      body,
    });
  }

  /** A proposal the document forbids (a missing boardPlan, a malformed one), sent as it is. */
  async function proposeRaw(recommendationId: string, body: unknown) {
    return as.oncologist!.raw('PUT', `/recommendations/${recommendationId}/proposal`, {
      body,
      headers: { 'if-match': await recommendationEtag(as.oncologist!, recommendationId) },
    });
  }

  async function voteAndSign(recommendationId: string, voters: readonly string[]): Promise<Recommendation> {
    for (const name of voters) {
      expect(
        (
          await as[name]!.post('/recommendations/{id}/votes', {
            params: { path: { id: recommendationId } },
            body: { choice: 'APPROVE' },
          })
        ).status,
      ).toBe(201);
    }
    const signed = await as.oncologist!.post('/recommendations/{id}/sign-off', {
      params: { path: { id: recommendationId } },
      body: {},
    });
    expect({ status: signed.status, body: signed.status === 200 ? null : signed.body }).toEqual({
      status: 200,
      body: null,
    });
    return signed.body;
  }

  const fieldsOf = (problem: Problem | undefined): string[] =>
    (problem?.errors ?? []).map((error) => error.field).sort();

  it('colon stage III: drafted by the colon pathway, decided, surgery and first dose recorded, the follow-up reminders delivered', async () => {
    // Resected 60 days ago: the 8-week adjuvant start target (day 56) is already due, the 12-week limit not reached.
    const surgery = addDays(today(), -60);
    const colon = await register(
      'colorectal',
      {
        primary: {
          siteCode: 'C18.7',
          topographyCode: 'C18.7',
          morphologyCode: '8140/3',
          histologyText: 'adenocarcinoma',
          laterality: null,
          diagnosisDate: addDays(surgery, -30),
        },
        staging: {
          edition: 'UICC-8',
          clinical: null,
          pathological: { t: 'T3', n: 'N1b', m: 'M0', afterTherapy: false },
          stageGroup: 'IIIB',
        },
        metastases: [],
        condition,
        biomarkers: [
          { marker: 'MMR', result: 'pMMR', variant: null, method: 'IHC', date: null },
          { marker: 'DPD', result: 'normal', variant: null, method: 'genotype', date: null },
        ],
      },
      {
        pathwayId: 'colon-stage-i-iii',
        surgeryDate: surgery,
        lymphNodesExamined: 18,
        grade: 'G2',
        lymphovascularInvasion: false,
        perineuralInvasion: false,
        obstructionAtPresentation: false,
        perforation: false,
        preoperativeCeaNgMl: 2,
        ceaUpperLimitNgMl: 5,
        colonFullyVisualisedPreoperatively: true,
        peripheralNeuropathy: false,
      },
    );
    expect(colon.pathway?.id).toBe('colon-stage-i-iii');
    expect(colon.applicablePathways.map((pathway) => pathway.id)).toEqual(['colon-stage-i-iii']);
    expect(colon.notApplicablePathways).toEqual([
      expect.objectContaining({ id: 'rectal-stage-iv', reason: expect.any(String) }),
    ]);

    const quorum = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'];
    const { meetingId, recommendation } = await schedule(colon.id, 'colorectal', quorum);
    expect(recommendation).toMatchObject({
      pathwayId: 'colon-stage-i-iii',
      primaryBranch: 'adjuvant-stage-iii-low-risk',
      status: 'DRAFT',
    });
    expect(recommendation.summary).toContain('IIIB');

    const proposal: Schemas['ProposalDto'] = {
      meetingId,
      branch: 'adjuvant-stage-iii-low-risk',
      intent: 'curative',
      steps: ['CAPOX for 3 months from week 4-8 after surgery', 'Follow-up: CEA, CT, colonoscopy'],
      regimens: ['CAPOX_3M'],
      rationale: 'Low-risk stage III (pT3 N1b), fit, under 70',
    };
    // The colon pathway's own lists: a rectal branch or regimen is refused, named.
    const wrong = await propose(recommendation.id, {
      ...proposal,
      branch: 'palliative-systemic',
      regimens: ['FOLFOXIRI'],
    });
    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong.problem)).toEqual(['branch', 'regimens.0']);
    expect((await propose(recommendation.id, proposal)).status).toBe(200);
    const signed = await voteAndSign(recommendation.id, quorum);
    expect(signed).toMatchObject({ status: 'SIGNED_OFF', followsPathway: true });
    expect(signed.decisionSummary).toContain('Adjuvant chemotherapy, low-risk stage III');

    // What was done: the resection, then the first CAPOX dose today, day 60: after the 8-week target (a warning), within 12 weeks.
    expect(
      (
        await as.coordinator!.post('/cases/{id}/treatment-events', {
          params: { path: { id: colon.id } },
          body: { kind: 'SURGERY', status: 'DONE', startDate: surgery, surgeryTarget: 'PRIMARY' },
        })
      ).status,
    ).toBe(201);
    const dose = await as.coordinator!.post('/cases/{id}/treatment-events', {
      params: { path: { id: colon.id } },
      body: { kind: 'SYSTEMIC_THERAPY', status: 'DONE', startDate: today(), regimens: ['CAPOX_3M'] },
    });
    expect(dose.status).toBe(201);
    const followUp = dose.body.recommendation;
    expect(followUp?.followUpFindings.map((finding) => [finding.code, finding.severity])).toEqual([
      ['ADJUVANT_START_LATE', 'warn'],
    ]);

    // The calendar: CEA and CT series over the years and the colonoscopy at 1 year, dated from the surgery.
    const timeline = (
      await as.coordinator!.get('/recommendations/{id}/timeline', { params: { path: { id: recommendation.id } } })
    ).body;
    expect(timeline.branch).toBe('adjuvant-stage-iii-low-risk');
    expect(timeline.rows.filter((row) => row.code === 'CEA_FOLLOW_UP').length).toBeGreaterThanOrEqual(12);
    expect(timeline.rows.find((row) => row.code === 'COLONOSCOPY_1_YEAR')?.from).toBe(addDays(surgery, 365));

    // The worker turns the milestones into reminders; the one already due (the adjuvant start target) is delivered, by e-mail too.
    const reminders = await eventually(
      async () => {
        const rows = await prisma.reminder.findMany({ where: { recommendationId: recommendation.id } });
        return rows.length >= 20 ? rows : null;
      },
      20_000,
      'the colon reminders',
    );
    expect(new Set(reminders.map((row) => row.milestoneCode))).toEqual(
      new Set(['ADJUVANT_START_TARGET', 'CEA_FOLLOW_UP', 'CT_FOLLOW_UP', 'COLONOSCOPY_1_YEAR']),
    );
    expect(new Set(reminders.map((row) => row.dedupeKey)).size).toBe(reminders.length);
    const delivered = await eventually(
      async () => {
        const row = await prisma.reminder.findFirst({
          where: { recommendationId: recommendation.id, milestoneCode: 'ADJUVANT_START_TARGET', status: 'DELIVERED' },
        });
        return row;
      },
      30_000,
      'the adjuvant start reminder delivered',
    );
    expect(await prisma.reminder.count({ where: { recommendationId: recommendation.id, status: 'DELIVERED' } })).toBe(
      1,
    );
    expect(delivered.dueAt.getTime()).toBeLessThan(Date.now());
    const reference = (await prisma.case.findUniqueOrThrow({ where: { id: colon.id } })).reference;
    await eventually(
      async () => (smtp.received.some((mail) => mail.subject.includes(reference)) ? true : null),
      30_000,
      'the reminder e-mail',
    );
  });

  const boardPlanJourneys = [
    {
      name: 'rectal stage II (no pathway: the stage IV pathway does not apply)',
      board: 'colorectal' as const,
      quorum: ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'],
      site: 'C20',
      core: {
        primary: {
          siteCode: 'C20',
          topographyCode: 'C20.9',
          morphologyCode: '8140/3',
          histologyText: 'adenocarcinoma',
          laterality: null,
          diagnosisDate: '2026-11-01',
        },
        staging: {
          edition: 'UICC-8',
          clinical: { t: 'T3', n: 'N0', m: 'M0', afterTherapy: false },
          pathological: null,
          stageGroup: 'IIA',
        },
        metastases: [],
        condition,
        biomarkers: [{ marker: 'MMR', result: 'pMMR', variant: null, method: 'IHC', date: null }],
      } satisfies Schemas['CaseCoreInput'],
      boardPlan: {
        intent: 'curative',
        modalities: ['radiotherapy', 'systemic-therapy', 'surgery'],
        regimens: [
          { code: 'SCRT_5X5', text: null },
          { code: 'CAPOX', text: 'consolidation, 6 cycles' },
        ],
        steps: [
          { modality: 'radiotherapy', description: 'Short-course RT 5x5 Gy' },
          { modality: 'systemic-therapy', description: 'CAPOX x6' },
          { modality: 'surgery', description: 'TME' },
        ],
        milestones: [
          { key: 'mri-restaging', label: 'Restaging MRI', dueDate: addDays(today(), -1) },
          { key: 'surgery-review', label: 'Surgical review', anchor: 'treatmentEnd', offsetDays: 28 },
        ],
        notes: null,
      } satisfies Schemas['BoardPlanInput'],
    },
    {
      name: 'lung stage IIIA (no pathway), on the thoracic board',
      board: 'thoracic' as const,
      quorum: ['oncologist', 'radiotherapist', 'radiologist', 'pathologist'],
      site: 'C34',
      core: {
        primary: {
          siteCode: 'C34.1',
          topographyCode: 'C34.1',
          morphologyCode: '8140/3',
          histologyText: 'adenocarcinoma',
          laterality: 'right',
          diagnosisDate: '2026-10-28',
        },
        staging: {
          edition: 'UICC-8',
          clinical: { t: 'T2a', n: 'N2', m: 'M0', afterTherapy: false },
          pathological: null,
          stageGroup: 'IIIA',
        },
        metastases: [],
        condition,
        biomarkers: [
          { marker: 'EGFR', result: 'mutant', variant: 'exon 19 deletion', method: 'NGS', date: null },
          { marker: 'PDL1_TPS', result: '30%', variant: null, method: 'IHC', date: null },
        ],
      } satisfies Schemas['CaseCoreInput'],
      boardPlan: {
        intent: 'curative',
        modalities: ['chemoradiotherapy', 'systemic-therapy'],
        regimens: [
          { code: 'CARBOPLATIN_PEMETREXED', text: 'concurrent with 60 Gy' },
          { code: 'OSIMERTINIB', text: null },
        ],
        steps: [
          { modality: 'chemoradiotherapy', description: 'Concurrent chemoradiotherapy 60 Gy / 30 fractions' },
          { modality: 'systemic-therapy', description: 'Consolidation osimertinib' },
        ],
        milestones: [
          { key: 'clinic-review', label: 'Clinic review', dueDate: addDays(today(), -1) },
          { key: 'ct-3-months', label: 'CT chest', anchor: 'treatmentEnd', offsetDays: 90 },
        ],
        notes: 'EGFR exon 19 deletion: LAURA regimen.',
      } satisfies Schemas['BoardPlanInput'],
    },
  ];

  it.each(boardPlanJourneys)(
    '$name: a board-authored plan, voted, signed off, its follow-up a reminder',
    async ({ board, quorum, core, boardPlan, site }) => {
      const created = await register(board, core, null);
      expect(created.pathway).toBeNull();
      expect(created.applicablePathways).toEqual([]);
      expect(created.notApplicablePathways.map((pathway) => pathway.id).sort()).toEqual([
        'colon-stage-i-iii',
        'rectal-stage-iv',
      ]);
      const { meetingId, recommendation } = await schedule(created.id, board, quorum);
      expect(recommendation).toMatchObject({ pathwayId: null, primaryBranch: null, status: 'DRAFT' });
      expect(recommendation.summary).toContain('No pathway applies');

      // Nothing to pick from a pathway: the board plan is required, and every problem in it is named.
      const missing = await proposeRaw(recommendation.id, {
        meetingId,
        branch: 'palliative-systemic',
        intent: 'curative',
        rationale: 'x',
      });
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing.problem)).toEqual(['boardPlan', 'branch']);
      const invalid = await proposeRaw(recommendation.id, {
        meetingId,
        intent: 'curative',
        rationale: 'x',
        boardPlan: {
          ...boardPlan,
          modalities: [],
          milestones: [{ key: 'Bad Key', label: 'x', dueDate: '2026-02-30' }],
        },
      });
      expect(invalid.status).toBe(400);
      expect(fieldsOf(invalid.problem)).toEqual([
        'boardPlan.milestones[0].dueDate',
        'boardPlan.milestones[0].key',
        'boardPlan.modalities',
      ]);

      const proposed = await propose(recommendation.id, {
        meetingId,
        intent: 'curative',
        rationale: 'Board consensus after discussion',
        boardPlan,
      });
      expect(proposed.status).toBe(200);
      expect(proposed.body.summary).toContain('Board-authored plan');
      const signed = await voteAndSign(recommendation.id, quorum);
      expect(signed).toMatchObject({ status: 'SIGNED_OFF', followsPathway: null });
      expect(signed.decisionSummary).toContain('none applies; the board authored the plan');

      const timeline = (
        await as.coordinator!.get('/recommendations/{id}/timeline', { params: { path: { id: recommendation.id } } })
      ).body;
      expect(timeline.branch).toBeNull();
      expect(timeline.rows.filter((row) => row.kind === 'step')).toHaveLength(boardPlan.steps.length);
      const offset = timeline.rows.find((row) => row.code.endsWith('_3_MONTHS') || row.code === 'BOARD_SURGERY_REVIEW');
      expect(offset?.waitsFor).toBe('treatmentEnd');

      // The dated follow-up (due yesterday) is delivered; the one counted from the end of treatment waits for it.
      const reminder = await eventually(
        async () => prisma.reminder.findFirst({ where: { recommendationId: recommendation.id, status: 'DELIVERED' } }),
        30_000,
        'the board milestone delivered',
      );
      expect(reminder.milestoneCode).toMatch(/^BOARD_/);
      expect(await prisma.reminder.count({ where: { recommendationId: recommendation.id } })).toBe(1);

      const report = await as.coordinator!.get('/reports', { params: { query: { boardId: boards[board] } } });
      expect(report.status).toBe(200);
      const body = report.body;
      expect(body.bySiteAndPathway).toEqual(
        expect.arrayContaining([expect.objectContaining({ site, pathwayId: null, signedOff: 1, share: null })]),
      );
      expect(body.concordance.pathwaySignedOff).toBeLessThan(body.concordance.signedOff);
    },
  );
});

const SPECIALTY: Record<string, Specialty> = {
  oncologist: 'MEDICAL_ONCOLOGY',
  radiotherapist: 'RADIATION_ONCOLOGY',
  radiologist: 'RADIOLOGY',
  pathologist: 'PATHOLOGY',
};
