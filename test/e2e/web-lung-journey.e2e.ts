import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import type { Page } from 'playwright-core';
import { seedDemo, THORACIC_BOARD_NAME } from '../../prisma/seed';
import { axeViolations } from '../browser/axe';
import { chromiumPages, eventually, screenshot, signIn, textOf } from '../browser/chromium';
import { startApi, type RunningApi } from '../support/api';
import { call, login, recommendationIfMatch } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { demoLogin } from '../support/stack';

/** The thoracic board's required specialties: medical and radiation oncology, radiology, pathology. */
const QUORUM = ['oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
const MRN = 'MRN-LUNG-0001';

interface StoredBoardPlan {
  intent: string;
  modalities: string[];
  regimens: { code: string | null; text: string | null }[];
  steps: { modality: string; description: string }[];
  milestones: (
    { key: string; label: string; dueDate: string } | { key: string; label: string; anchor: string; offsetDays: number }
  )[];
  notes: string | null;
}

/**
 * A lung case from referral to decision in Chromium, against the real API and PostgreSQL: no
 * pathway covers it, so the form offers none (and says why), meeting mode shows the
 * board-authored plan editor, and the board decides on what it wrote. axe finds no violation on
 * the screens of the journey.
 */
describe('web app: a lung case end to end, no pathway (board-authored plan)', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let checkpointDir: string;
  let thoracicMeetingId: string;
  const { newPage } = chromiumPages();
  const violations: Record<string, unknown[]> = {};

  async function scan(page: Page, screen: string): Promise<void> {
    const found = await axeViolations(page);
    if (found.length > 0) violations[screen] = found;
  }

  beforeAll(async () => {
    database = await createTestDatabase('web_lung');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    const seeded = await seedDemo(prisma);
    const thoracic = await prisma.board.findUniqueOrThrow({ where: { name: THORACIC_BOARD_NAME } });
    const meeting = await prisma.meeting.findFirstOrThrow({
      where: { id: { in: seeded.meetingIds }, boardId: thoracic.id },
    });
    thoracicMeetingId = meeting.id;
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-web-lung-'));
    api = await startApi(testConfig({ DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: checkpointDir }));
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('registers, schedules, discusses and decides a lung case with a board plan and a follow-up milestone', async () => {
    // 1. The coordinator registers the case through the form.
    const page = await newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, api.url, ...demoLogin('coordinator'));
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByRole('heading', { name: 'New case' }).waitFor();
    const thoracic = await prisma.board.findUniqueOrThrow({ where: { name: THORACIC_BOARD_NAME } });
    await eventually(async () =>
      expect(await page.locator('#field-boardId').locator('option').allInnerTexts()).toContain(THORACIC_BOARD_NAME),
    );
    await page.locator('#field-boardId').selectOption(thoracic.id);
    await page.getByLabel('MRN').fill(MRN);
    await page.getByLabel('Given name').fill('Lena');
    await page.getByLabel('Family name').fill('Lungform');
    await page.getByLabel('Birth date').fill('1957-09-21');
    await page.getByLabel('Sex').selectOption('FEMALE');
    await page
      .getByLabel('Question for the board')
      .fill('Right upper lobe adenocarcinoma cT2a N2, EGFR exon 19 deletion: chemoradiotherapy then osimertinib?');
    await page.getByLabel('Last imaging date').fill('2026-11-20');

    // Laterality is asked only for a paired organ.
    const laterality = page.getByLabel('Laterality');
    await page.getByLabel('Primary site (ICD-10)').fill('C20');
    expect(await laterality.count()).toBe(0);
    await page.getByLabel('Primary site (ICD-10)').fill('C34.1');
    await laterality.waitFor();
    expect(await textOf(page.locator('.field').filter({ has: page.getByLabel('Primary site (ICD-10)') }))).toContain(
      'Upper lobe, bronchus or lung',
    );
    await laterality.selectOption('right');
    await page.getByLabel('Morphology (ICD-O-3)').fill('8140/3');
    await page.getByLabel('Histology as reported').fill('adenocarcinoma, acinar predominant');
    await page.getByLabel('Date of diagnosis').fill('2026-11-05');
    await page.getByLabel('cT', { exact: true }).selectOption('T2a');
    await page.getByLabel('cN', { exact: true }).selectOption('N2');
    await page.getByLabel('cM', { exact: true }).selectOption('M0');
    await page.getByLabel('Stage group').selectOption('IIIA');
    await page.getByLabel('ECOG performance status').selectOption('1');
    await page.getByLabel('Creatinine clearance (ml/min)').fill('88');
    await page.getByRole('button', { name: 'Add a comorbidity' }).click();
    await page.getByLabel('Comorbidity 1', { exact: true }).fill('COPD, FEV1 70%');
    const comorbidityCode = page.getByLabel('ICD-10 code of comorbidity 1');
    await comorbidityCode.fill('J44-9');
    await page.getByRole('checkbox', { name: 'Cough' }).check();
    await page.getByRole('button', { name: 'Add a biomarker result' }).click();
    await page.getByLabel('Marker 1', { exact: true }).fill('EGFR');
    await page.getByLabel('Result of marker 1').selectOption('mutant');
    await page.getByLabel('Variant of marker 1').fill('exon 19 deletion');
    await page.getByLabel('Method of marker 1').fill('NGS');

    // No pathway covers a lung primary: only "no pathway" is offered, each pathway says why not.
    const pathways = page.getByTestId('pathway-choice');
    expect(await pathways.getByRole('radio').count()).toBe(1);
    expect(await pathways.getByRole('radio', { name: 'No pathway (board-authored plan)' }).isChecked()).toBe(true);
    const reasons = await textOf(page.getByTestId('pathways-not-applicable'));
    expect(reasons).toContain('primary site C34.1 is not the rectum');
    expect(reasons).toContain('primary site C34.1 is not the colon');
    expect(await page.getByTestId('pathway-facts').count()).toBe(0);
    await scan(page, 'case form');
    await screenshot(page, 'lung-case-form');
    await page.getByRole('button', { name: 'Create case' }).click();
    // The core's own validation (core.condition.comorbidities[0].code) beside its field.
    await eventually(async () => expect(await comorbidityCode.getAttribute('aria-invalid')).toBe('true'));
    expect(await textOf(page.locator(`[id="${(await comorbidityCode.getAttribute('aria-describedby'))!}"]`))).toContain(
      'comorbidities[0].code',
    );
    await scan(page, 'case form with an error');
    await comorbidityCode.fill('J44.9');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('heading', { name: 'Coordinator' }).waitFor();

    const patient = await prisma.patient.findUniqueOrThrow({ where: { mrn: MRN } });
    const created = await prisma.case.findFirstOrThrow({ where: { patientId: patient.id } });
    expect(created.boardId).toBe(thoracic.id);
    expect(created.pathwayId).toBeNull();
    expect(created.siteCode).toBe('C34.1');
    expect(created.core).toMatchObject({
      primary: { siteCode: 'C34.1', laterality: 'right', morphologyCode: '8140/3' },
      staging: {
        edition: 'UICC-8',
        clinical: { t: 'T2a', n: 'N2', m: 'M0', afterTherapy: false },
        pathological: null,
        stageGroup: 'IIIA',
      },
      metastases: [],
      condition: { ecog: 1, comorbidities: [{ code: 'J44.9', text: 'COPD, FEV1 70%' }], symptoms: ['cough'] },
      biomarkers: [{ marker: 'EGFR', result: 'mutant', variant: 'exon 19 deletion', method: 'NGS', date: null }],
    });

    // The case view shows the core in clinical words.
    await page.goto(`${api.url}/#/cases/${created.id}`);
    await eventually(async () =>
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Case ${created.reference}: Lungform, Lena`),
    );
    expect(await textOf(page.getByTestId('facts-primary'))).toMatch(
      /Site\s+C34\.1 Upper lobe, bronchus or lung[\s\S]*Laterality\s+Right/,
    );
    expect(await textOf(page.getByTestId('facts-staging'))).toMatch(/Clinical \(TNM\)\s+cT2a N2 M0[\s\S]*Stage IIIA/);
    expect(await textOf(page.getByTestId('facts-biomarkers'))).toContain('EGFR: mutant (exon 19 deletion)');
    expect(await textOf(page.getByTestId('facts-pathway'))).toBe('No pathway: the board authors the plan.');
    await page.getByText('Why the other pathways do not apply').click();
    expect(await textOf(page.getByTestId('pathways-not-applicable'))).toContain(
      'primary site C34.1 is not the rectum (C20)',
    );
    // Complete (nothing missing), not yet marked ready by the coordinator.
    await eventually(async () => expect(await textOf(page.getByTestId('readiness'))).toContain('Complete'));
    await scan(page, 'case view');

    // Edited through the same form (PATCH with If-Match): a PD-L1 result is added.
    await page.getByRole('link', { name: 'Edit the case' }).click();
    await page.getByRole('heading', { name: `Edit case ${created.reference}` }).waitFor();
    expect(await page.getByLabel('Laterality').inputValue()).toBe('right');
    expect(
      await page
        .getByTestId('pathway-choice')
        .getByRole('radio', { name: 'No pathway (board-authored plan)' })
        .isChecked(),
    ).toBe(true);
    await page.getByRole('button', { name: 'Add a biomarker result' }).click();
    await page.getByLabel('Marker 2', { exact: true }).fill('PDL1_TPS');
    await page.getByLabel('Result of marker 2').fill('30%');
    await page.getByLabel('Method of marker 2').fill('IHC');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'saved' }).waitFor({ state: 'attached' });
    const edited = await prisma.case.findUniqueOrThrow({ where: { id: created.id } });
    expect(edited.version).toBe(created.version + 1);
    expect((edited.core as { biomarkers: unknown[] }).biomarkers).toEqual([
      { marker: 'EGFR', result: 'mutant', variant: 'exon 19 deletion', method: 'NGS', date: null },
      { marker: 'PDL1_TPS', result: '30%', variant: null, method: 'IHC', date: null },
    ]);
    expect(edited.pathwayId).toBeNull();

    // 2. Made READY (its first draft: board-authored) and put on the thoracic meeting's agenda.
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    expect(
      (await call(api.url, 'POST', `/cases/${created.id}/status`, { token: coordinator, body: { status: 'READY' } }))
        .status,
    ).toBe(200);
    const added = await call(api.url, 'POST', `/meetings/${thoracicMeetingId}/agenda`, {
      token: coordinator,
      body: { caseId: created.id, minutesAllotted: 15 },
    });
    expect(added.status).toBe(201);
    const recommendation = await prisma.recommendation.findFirstOrThrow({
      where: { caseId: created.id, status: 'DRAFT' },
    });
    expect(recommendation.pathwayId).toBeNull();

    // The meeting runs: the oncologist chairs, the quorum is checked in, voting is open.
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
    await prisma.$transaction([
      prisma.meeting.update({
        where: { id: thoracicMeetingId },
        data: {
          status: 'IN_PROGRESS',
          chairId: users.get('oncologist')!.id,
          votingOpenUntil: new Date(Date.now() + 86_400_000),
        },
      }),
      ...QUORUM.map((name) =>
        prisma.attendance.create({
          data: { meetingId: thoracicMeetingId, userId: users.get(name)!.id, specialty: users.get(name)!.specialty },
        }),
      ),
    ]);

    // 3. The chair writes the board plan in meeting mode.
    const chair = await newPage();
    chair.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(chair, api.url, ...demoLogin('oncologist'));
    await chair.goto(`${api.url}/#/meeting/${thoracicMeetingId}`);
    await chair
      .getByRole('navigation', { name: 'Agenda cases' })
      .getByRole('button', { name: new RegExp(created.reference) })
      .click();
    await eventually(async () => expect(await textOf(chair.getByTestId('case-heading'))).toContain(created.reference));
    expect(await textOf(chair.getByTestId('facts-primary'))).toContain('C34.1 Upper lobe, bronchus or lung');
    const editor = chair.getByTestId('board-plan-editor');
    await editor.waitFor();
    // A pathway case's branch picker is not offered: there is no pathway.
    expect(await chair.getByLabel('Branch').count()).toBe(0);

    await editor.getByLabel('Intent').selectOption('curative');
    await editor.getByRole('checkbox', { name: 'Chemoradiotherapy' }).check();
    await editor.getByRole('checkbox', { name: 'Systemic therapy' }).check();
    await editor.getByRole('button', { name: 'Add a regimen' }).click();
    await editor.getByLabel('Regimen 1', { exact: true }).selectOption('CISPLATIN_PEMETREXED');
    await editor.getByRole('button', { name: 'Add a regimen' }).click();
    await editor.getByLabel('Regimen 2', { exact: true }).selectOption('OSIMERTINIB');
    await editor.getByLabel('Regimen 2 details or free text').fill('3 years after chemoradiotherapy (LAURA)');
    await editor.getByRole('button', { name: 'Add a step' }).click();
    await editor.getByLabel('Step 1 modality').selectOption('chemoradiotherapy');
    await editor
      .getByLabel('Step 1', { exact: true })
      .fill('Concurrent cisplatin-pemetrexed with 60 Gy in 30 fractions');
    await editor.getByRole('button', { name: 'Add a step' }).click();
    await editor.getByLabel('Step 2 modality').selectOption('systemic-therapy');
    await editor.getByLabel('Step 2', { exact: true }).fill('Osimertinib maintenance');
    await editor.getByRole('button', { name: 'Add a follow-up milestone' }).click();
    await editor.getByLabel('Follow-up 1', { exact: true }).fill('CT chest 3 months after chemoradiotherapy');
    await editor.getByLabel('Follow-up 1: counted from').selectOption('treatmentEnd');
    await editor
      .getByLabel('Rationale')
      .fill('Unresectable N2 disease, EGFR-mutant: definitive chemoradiotherapy then osimertinib.');

    // The days are missing: the API's error appears beside that field, nothing is saved.
    await editor.getByRole('button', { name: 'Save the board plan' }).click();
    const days = editor.getByLabel('Follow-up 1: days after');
    await eventually(async () => expect(await days.getAttribute('aria-invalid')).toBe('true'));
    expect(await textOf(chair.locator(`[id="${(await days.getAttribute('aria-describedby'))!}"]`))).toContain(
      'milestones[0].offsetDays',
    );
    expect((await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendation.id } })).status).toBe('DRAFT');
    await scan(chair, 'meeting mode, board plan editor with an error');

    await days.fill('90');
    await editor.getByRole('button', { name: 'Add a follow-up milestone' }).click();
    await editor.getByLabel('Follow-up 2', { exact: true }).fill('Thoracic MDT review');
    await editor.getByLabel('Follow-up 2 is due').selectOption('date');
    await editor.getByLabel('Follow-up 2 due date').fill('2027-06-01');
    await editor.getByRole('button', { name: 'Save the board plan' }).click();
    await eventually(async () =>
      expect(await textOf(chair.getByTestId('proposal-notice'))).toContain('Saved; voting round 1'),
    );

    const proposed = await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendation.id } });
    expect(proposed.status).toBe('PROPOSED');
    const stored = proposed.proposedPlan as unknown as { boardPlan: StoredBoardPlan; branch: string | null };
    expect(stored.branch).toBeNull();
    const plan = stored.boardPlan;
    expect(plan).toEqual({
      intent: 'curative',
      modalities: ['chemoradiotherapy', 'systemic-therapy'],
      regimens: [
        { code: 'CISPLATIN_PEMETREXED', text: null },
        { code: 'OSIMERTINIB', text: '3 years after chemoradiotherapy (LAURA)' },
      ],
      steps: [
        { modality: 'chemoradiotherapy', description: 'Concurrent cisplatin-pemetrexed with 60 Gy in 30 fractions' },
        { modality: 'systemic-therapy', description: 'Osimertinib maintenance' },
      ],
      milestones: [
        {
          key: expect.stringMatching(/^ct-chest-3-months/),
          label: 'CT chest 3 months after chemoradiotherapy',
          anchor: 'treatmentEnd',
          offsetDays: 90,
        },
        { key: 'thoracic-mdt-review', label: 'Thoracic MDT review', dueDate: '2027-06-01' },
      ],
      notes: null,
    });
    // The follow-up milestones are on the plan's timeline: one waits for the end of treatment, one is dated.
    const timeline = chair.getByTestId('timeline-table');
    await eventually(async () => expect(await timeline.getByTestId('timeline-row').count()).toBe(4));
    // The table sits under the chart, folded: open it as a reader would.
    if (
      !(await chair.locator('details.timeline-details').evaluate((node) => (node as unknown as { open: boolean }).open))
    )
      await chair.locator('details.timeline-details > summary').click();
    expect(await textOf(timeline.getByRole('row', { name: /CT chest 3 months/ }))).toContain(
      'waits for the treatment end date',
    );
    expect(await textOf(timeline.getByRole('row', { name: /Thoracic MDT review/ }))).toContain('2027');

    // The chair saves from another device meanwhile (only the chair writes the plan) while typing here: the edit here is kept, not saved over it.
    const notes = editor.getByLabel('Notes (optional)');
    await notes.fill('The chair, still typing');
    const otherDevice = (await login(api.url, ...demoLogin('oncologist'))).accessToken;
    const theirs = await call(api.url, 'PUT', `/recommendations/${recommendation.id}/proposal`, {
      token: otherDevice,
      headers: await recommendationIfMatch(api.url, recommendation.id, otherDevice),
      body: {
        meetingId: thoracicMeetingId,
        intent: 'curative',
        rationale: "Saved from the chair's tablet meanwhile",
        boardPlan: plan,
      },
    });
    expect(theirs.status).toBe(200);
    await eventually(async () =>
      expect(await textOf(editor.getByTestId('proposal-newer'))).toContain(
        'A newer version of this plan was saved while you were editing',
      ),
    );
    expect(await notes.inputValue()).toBe('The chair, still typing');
    await editor.getByRole('button', { name: 'Discard my changes and show the newer version' }).click();
    await eventually(async () =>
      expect(await editor.getByLabel('Rationale').inputValue()).toBe("Saved from the chair's tablet meanwhile"),
    );
    expect(await notes.inputValue()).toBe('');
    expect(await editor.getByTestId('proposal-newer').count()).toBe(0);

    // 4. Votes: the chair in meeting mode, two colleagues from their own sessions.
    await chair.getByRole('radio', { name: 'Approve', exact: true }).check();
    await chair.getByRole('button', { name: 'Cast vote' }).click();
    await eventually(async () =>
      expect(await textOf(chair.getByTestId('my-vote'))).toContain('Your vote in round 1: Approve'),
    );
    for (const name of ['radiotherapist', 'pathologist']) {
      const token = (await login(api.url, ...demoLogin(name))).accessToken;
      expect(
        (
          await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
            token,
            body: { choice: 'APPROVE' },
          })
        ).status,
      ).toBe(201);
    }
    await eventually(async () => expect(await textOf(chair.getByTestId('tally-approve'))).toBe('3'), 5000);
    await scan(chair, 'meeting mode, board plan proposed');
    await screenshot(chair, 'lung-meeting-board-plan');

    // 5. Sign-off: no pathway, so no deviation to explain.
    expect(await chair.getByLabel('Deviation reason').count()).toBe(0);
    await chair.getByRole('button', { name: 'Sign off the plan' }).click();
    await eventually(async () => expect(await textOf(chair.getByTestId('signoff-state'))).toContain('Signed off'));
    expect(await textOf(chair.getByTestId('signoff-state'))).toContain('board-authored plan');
    const decision = await textOf(chair.getByTestId('decision-summary'));
    expect(decision).toMatch(/^Board decision of \d{4}-\d{2}-\d{2}/); // rendered Markdown: the heading as text
    expect(decision).toContain('3 for, 0 for with changes, 0 against, 0 abstaining');
    expect(await textOf(chair.getByTestId('board-plan-summary'))).toContain(
      'CT chest 3 months after chemoradiotherapy: 90 days after the end of treatment',
    );
    const signed = await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendation.id } });
    expect(signed.status).toBe('SIGNED_OFF');
    expect(signed.deviationReason).toBeNull();
    expect((await prisma.case.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('DECIDED');
    await scan(chair, 'meeting mode, signed off');
    await screenshot(chair, 'lung-signed-off');

    expect(violations).toEqual({});
    expect(pageErrors).toEqual([]);
  });
});
