import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '@prisma/client';
import type { Page } from 'playwright-core';
import {
  AuditSealer,
  CheckpointSigner,
  checkpointToLine,
  ExternalCheckpointLog,
  parseSigningKey,
  pgRunner,
} from '@consilium/audit';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { chromiumPages, eventually, screenshot, signIn, textOf } from '../browser/chromium';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { apiClient, demoLogin, propose, type Schemas } from '../support/stack';

const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
/** The bound on how stale a tally may look. */
const LIVE_TALLY_MS = 2000;

describe('web app in Chromium (served by the API)', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let meetingId: string;
  let checkpointDir: string;
  let signingKey: string;

  const { newPage } = chromiumPages();

  beforeAll(async () => {
    database = await createTestDatabase('web');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    meetingId = (await seedDemo(prisma)).meetingId;
    // A checkpoint log of its own: the shared one holds other databases' trees.
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-web-e2e-'));
    signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    api = await startApi(
      testConfig({ DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: checkpointDir, AUDIT_SIGNING_KEY: signingKey }),
    );
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('serves the app shell under the CSP, with the SPA fallback only for HTML navigations', async () => {
    const shell = await fetch(`${api.url}/`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-type')).toContain('text/html');
    expect(shell.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await shell.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const deepLink = await fetch(`${api.url}/some/client/route`, { headers: { accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get('content-type')).toContain('text/html');
    const apiMiss = await fetch(`${api.url}/some/client/route`, { headers: { accept: 'application/json' } });
    expect(apiMiss.status).toBe(404);
    expect((await fetch(`${api.url}/cases`)).status).toBe(401);
  });

  it('shows the coordinator the cases with status and readiness badges and the agenda, reordered by keyboard', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => (message.type() === 'error' ? errors.push(message.text()) : undefined));
    await signIn(page, api.url, ...demoLogin('coordinator'));

    const board = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const cases = await prisma.case.findMany({ where: { boardId: board.id } });
    await eventually(async () => expect(await page.getByTestId('case-row').count()).toBe(cases.length));
    const badges = await page.getByTestId('case-row').getByTestId('readiness').allInnerTexts();
    expect(badges).toHaveLength(cases.length);
    // Status and readiness never contradict: a complete case still REFERRED is "not yet marked ready".
    for (const badge of badges)
      expect(badge).toMatch(/^(✓ Ready|⚠ Not ready: \d+ missing|◔ Complete, not yet marked ready)$/);
    expect(badges.some((badge) => badge.startsWith('⚠'))).toBe(true);

    const agendaRows = await prisma.agendaItem.findMany({
      where: { meetingId },
      orderBy: { position: 'asc' },
      include: { case: true },
    });
    const items = page.getByTestId('agenda-item');
    await eventually(async () => expect(await items.count()).toBe(agendaRows.length));
    const minutes = agendaRows.reduce((sum, row) => sum + row.minutesAllotted, 0);
    await eventually(async () =>
      expect(await textOf(page.getByTestId('agenda-total'))).toContain(`${minutes} of 90 minutes allotted`),
    );

    // Keyboard only: focus "move down" on the first case and press Enter.
    const [first, second] = agendaRows.map((row) => row.case.reference);
    await page.getByRole('button', { name: `Move ${first} down` }).focus();
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await textOf(items.first())).toContain(second!));
    await eventually(async () => expect(await textOf(items.nth(1))).toContain(first!));
    // The screen shows the new order at once; the API stores it a moment later.
    await eventually(async () => {
      const stored = await prisma.agendaItem.findMany({
        where: { meetingId },
        orderBy: { position: 'asc' },
        include: { case: true },
      });
      expect(stored.slice(0, 2).map((row) => row.case.reference)).toEqual([second, first]);
    });
    await screenshot(page, 'coordinator-home');
    expect(errors).toEqual([]);
  });

  it("lets the coordinator take in a case: core first, the pathway offered from the facts, the API's field errors beside their fields", async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('coordinator'));
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByLabel('MRN').fill('MRN-WEB-0001');
    await page.getByLabel('Given name').fill('Ingrid');
    await page.getByLabel('Family name').fill('Webform');
    await page.getByLabel('Birth date').fill('1958-04-02');
    await page.getByLabel('Sex').selectOption('FEMALE');
    await page.getByLabel('Question for the board').fill('Liver-only disease: upfront resection?');
    await page.getByLabel('Last imaging date').fill('2026-01-10');
    // The common core first: site, histology, staging.
    await page.getByLabel('Primary site (ICD-10)').fill('C20');
    await page.getByLabel('Morphology (ICD-O-3)').fill('8140/3');
    const pathways = page.getByTestId('pathway-choice');
    // Without an M category neither pathway applies, and the form says why.
    await eventually(async () =>
      expect(await textOf(page.getByTestId('pathways-not-applicable'))).toContain(
        'no distant metastases (M1) recorded',
      ),
    );
    expect(await pathways.getByRole('radio').count()).toBe(1);
    await page.getByLabel('cT', { exact: true }).selectOption('T3');
    await page.getByLabel('cN', { exact: true }).selectOption('N1');
    await page.getByLabel('cM', { exact: true }).selectOption('M1a');
    await page.getByRole('button', { name: 'Add a metastasis site' }).click();
    await page.getByLabel('Site (metastasis 1)').selectOption('liver');
    await page.getByLabel('Count (metastasis 1)').fill('2');
    await page.getByLabel('Resectability (metastasis 1)').selectOption('resectable');
    await page.getByLabel('ECOG performance status').selectOption('1');
    await page.getByRole('button', { name: 'Add a biomarker result' }).click();
    await page.getByLabel('Marker 1', { exact: true }).fill('KRAS');
    await page.getByLabel('Result of marker 1').selectOption('wild-type');

    // Stage IV rectal adenocarcinoma: the rectal pathway applies (computed in the browser) and is offered first.
    const rectal = pathways.getByRole('radio', { name: /Stage IV rectal/i });
    await eventually(async () => expect(await rectal.isChecked()).toBe(true));
    expect(await textOf(page.getByTestId('pathways-not-applicable'))).toContain('not the colon');
    expect(await pathways.getByRole('radio', { name: 'No pathway (board-authored plan)' }).count()).toBe(1);
    const distance = page.getByLabel('Distance from anal verge (cm)');
    await distance.fill('25');
    await page.getByRole('button', { name: 'Create case' }).click();

    // The pathway's own validation, named pathwayFacts.distanceFromAnalVergeCm, beside its field.
    await eventually(async () => expect(await distance.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = await distance.getAttribute('aria-describedby');
    expect(await textOf(page.locator(`#${describedBy!}`))).toContain('distanceFromAnalVergeCm');
    // The callback runs in the page; this file is compiled without the DOM library.
    await eventually(async () =>
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement
              ?.id,
        ),
      ).toBe('field-pathwayFacts-distanceFromAnalVergeCm'),
    );
    await screenshot(page, 'case-intake-errors');

    await distance.fill('8');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('heading', { name: 'Coordinator' }).waitFor();
    await eventually(async () =>
      expect(await page.getByTestId('case-row').filter({ hasText: 'Webform' }).count()).toBe(1),
    );
    const patient = await prisma.patient.findUniqueOrThrow({ where: { mrn: 'MRN-WEB-0001' } });
    const created = await prisma.case.findFirstOrThrow({ where: { patientId: patient.id } });
    const core = created.core as {
      primary: { siteCode: string };
      staging: { clinical: { m: string } };
      condition: { ecog: number | null };
      metastases: unknown[];
      biomarkers: { marker: string; result: string }[];
    };
    expect(core.primary.siteCode).toBe('C20');
    expect(core.staging.clinical.m).toBe('M1a');
    expect(core.condition.ecog).toBe(1);
    expect(core.metastases).toHaveLength(1);
    expect(core.biomarkers).toEqual([expect.objectContaining({ marker: 'KRAS', result: 'wild-type' })]);
    expect(created.pathwayId).toBe('rectal-stage-iv');
    expect(created.pathwayFacts).toMatchObject({ distanceFromAnalVergeCm: 8 });
    await screenshot(page, 'case-intake-listed');
  });

  it('offers a resected colon cancer the colon pathway and asks for its own facts, each refusal beside its field', async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('coordinator'));
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByLabel('MRN').fill('MRN-WEB-0002');
    await page.getByLabel('Given name').fill('Konrad');
    await page.getByLabel('Family name').fill('Colonform');
    await page.getByLabel('Birth date').fill('1955-02-11');
    await page.getByLabel('Sex').selectOption('MALE');
    await page
      .getByLabel('Question for the board')
      .fill('Resected sigmoid cancer pT3 N1b: adjuvant CAPOX, 3 or 6 months?');
    await page.getByLabel('Last imaging date').fill('2026-11-02');
    await page.getByLabel('Primary site (ICD-10)').fill('C18.7');
    await page.getByLabel('Morphology (ICD-O-3)').fill('8140/3');
    await page.getByLabel('pT', { exact: true }).selectOption('T3');
    await page.getByLabel('pN', { exact: true }).selectOption('N1b');
    await page.getByLabel('pM', { exact: true }).selectOption('M0');
    await page.getByLabel('Stage group').selectOption('IIIB');
    await page.getByLabel('ECOG performance status').selectOption('0');
    // Colon, M0: the colon pathway is offered (its facts asked), the rectal one says why not; no laterality, no metastases.
    const colon = page.getByTestId('pathway-choice').getByRole('radio', { name: /Resected colon cancer, stage I-III/ });
    await eventually(async () => expect(await colon.isChecked()).toBe(true));
    expect(await textOf(page.getByTestId('pathways-not-applicable'))).toContain(
      'primary site C18.7 is not the rectum (C20)',
    );
    expect(await page.getByLabel('Laterality').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add a metastasis site' }).count()).toBe(0);
    expect(await page.getByLabel('Distance from anal verge (cm)').count()).toBe(0);
    await page.getByLabel('Date of resection').fill('2026-11-09');
    await page.getByLabel('Lymph nodes examined').fill('14');
    await page.getByLabel('Grade (WHO)').selectOption('G2');
    await page.getByLabel('Pre-operative CEA (ng/mL)').fill('3.1');
    await page.getByRole('button', { name: 'Create case' }).click();

    // CEA without the lab's upper limit: the colon pathway's rule, beside the field it names.
    const upperLimit = page.getByLabel(/CEA upper limit of normal/);
    await eventually(async () => expect(await upperLimit.getAttribute('aria-invalid')).toBe('true'));
    expect(await textOf(page.locator(`[id="${(await upperLimit.getAttribute('aria-describedby'))!}"]`))).toContain(
      'ceaUpperLimitNgMl is required with preoperativeCeaNgMl',
    );
    await upperLimit.fill('5');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByRole('heading', { name: 'Coordinator' }).waitFor();
    const patient = await prisma.patient.findUniqueOrThrow({ where: { mrn: 'MRN-WEB-0002' } });
    const created = await prisma.case.findFirstOrThrow({ where: { patientId: patient.id } });
    expect(created.pathwayId).toBe('colon-stage-i-iii');
    expect(created.pathwayFacts).toMatchObject({
      surgeryDate: '2026-11-09',
      lymphNodesExamined: 14,
      grade: 'G2',
      preoperativeCeaNgMl: 3.1,
      ceaUpperLimitNgMl: 5,
    });
    expect(created.core).toMatchObject({
      primary: { siteCode: 'C18.7', laterality: null },
      staging: { clinical: null, pathological: { t: 'T3', n: 'N1b', m: 'M0' } },
      metastases: [],
    });
  });

  it('tells the second of two editors of a case that someone else changed it (412), and reloads', async () => {
    const target = await prisma.case.findUniqueOrThrow({ where: { reference: 'CRC-DEMO-0002' } });
    const [first, second] = [await newPage(), await newPage()];
    for (const page of [first, second]) {
      await signIn(page, api.url, ...demoLogin('coordinator'));
      await page.getByRole('link', { name: `Edit ${target.reference}` }).click();
      await page.getByRole('heading', { name: `Edit case ${target.reference}` }).waitFor();
    }
    await first.getByLabel('Question for the board').fill('Edited in the first browser');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await first.getByRole('status').filter({ hasText: 'saved' }).waitFor({ state: 'attached' });

    await second.getByLabel('Question for the board').fill('Edited in the second browser');
    await second.getByRole('button', { name: 'Save changes' }).click();
    const warning = second.getByTestId('stale-warning');
    await eventually(async () =>
      expect(await textOf(warning)).toContain('Someone else changed this case while you were editing'),
    );
    expect(
      await second
        .getByRole('alert')
        .filter({ hasText: 'reload to see their version, then re-apply your change' })
        .count(),
    ).toBe(1);
    await screenshot(second, 'case-edit-conflict');
    expect((await prisma.case.findUniqueOrThrow({ where: { id: target.id } })).questionForBoard).toBe(
      'Edited in the first browser',
    );

    await second.getByRole('button', { name: 'Reload the case' }).click();
    await eventually(async () =>
      expect(await second.getByLabel('Question for the board').inputValue()).toBe('Edited in the first browser'),
    );
    expect(await warning.count()).toBe(0);
    await second.getByLabel('Question for the board').fill('Re-applied in the second browser');
    await second.getByRole('button', { name: 'Save changes' }).click();
    await second.getByRole('status').filter({ hasText: 'saved' }).waitFor({ state: 'attached' });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: target.id } })).questionForBoard).toBe(
      'Re-applied in the second browser',
    );
  });

  it('in meeting mode, three clinicians vote from their own browsers and each sees the tally change within 2 s', async () => {
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
    const firstItem = await prisma.agendaItem.findFirstOrThrow({
      where: { meetingId },
      orderBy: { position: 'asc' },
      include: { case: true },
    });
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    const draft = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
      params: { path: { id: firstItem.caseId } },
    });
    expect(draft.status).toBe(201);
    const recommendation = draft.body;
    const { primaryBranch } = recommendation;
    if (!primaryBranch) throw new Error(`the draft ${recommendation.id} names no primary branch`);
    await prisma.$transaction([
      prisma.meeting.update({
        where: { id: meetingId },
        data: {
          status: 'IN_PROGRESS',
          chairId: users.get('oncologist')!.id,
          votingOpenUntil: new Date(Date.now() + 86_400_000),
        },
      }),
      ...QUORUM.map((name) =>
        prisma.attendance.create({
          data: { meetingId, userId: users.get(name)!.id, specialty: users.get(name)!.specialty },
        }),
      ),
    ]);
    const chair = (await login(api.url, ...demoLogin('oncologist'))).accessToken;
    const proposal: Schemas['ProposalDto'] = {
      meetingId,
      branch: primaryBranch,
      intent: 'palliative',
      steps: ['Systemic therapy', 'Response evaluation at 8 weeks'],
      regimens: ['FOLFOX'],
      rationale: 'Board proposal for the browser test',
    };
    const proposed = await propose(apiClient(api.url, chair), recommendation.id, proposal);
    expect(proposed.status).toBe(200);

    const voters = ['surgeon', 'radiologist', 'pathologist'] as const;
    const pages: Page[] = [];
    for (const name of voters) {
      const page = await newPage();
      await signIn(page, api.url, ...demoLogin(name));
      await page.goto(`${api.url}/#/meeting/${meetingId}`);
      await eventually(async () =>
        expect(await textOf(page.getByTestId('case-heading'))).toContain(firstItem.case.reference),
      );
      await eventually(async () => expect(await textOf(page.getByTestId('tally-approve'))).toBe('0'));
      pages.push(page);
    }

    for (const [index, page] of pages.entries()) {
      await page.getByRole('radio', { name: 'Approve', exact: true }).check();
      await page.getByLabel('Comment (optional)').fill(`Agreed by ${voters[index]}`);
      const castAt = Date.now();
      await page.getByRole('button', { name: 'Cast vote' }).click();
      // The vote shows as cast, and the form is gone: one vote per round.
      await eventually(async () =>
        expect(await textOf(page.getByTestId('my-vote'))).toContain('Your vote in round 1: Approve'),
      );
      expect(await page.getByRole('button', { name: 'Cast vote' }).count()).toBe(0);
      // Every open meeting screen shows the new count within 2 s of the vote.
      await Promise.all(
        pages.map((other) =>
          eventually(
            async () => expect(await textOf(other.getByTestId('tally-approve'))).toBe(String(index + 1)),
            LIVE_TALLY_MS,
          ),
        ),
      );
      expect(Date.now() - castAt).toBeLessThan(LIVE_TALLY_MS + 1000);
    }
    await pages[0]!.getByText('Agreed by pathologist').waitFor({ state: 'visible' });
    expect(await prisma.vote.count({ where: { recommendationId: recommendation.id } })).toBe(3);
    await screenshot(pages[0]!, 'meeting-mode-votes');
  });

  it('lets the chair sign off in meeting mode: the panel lists what is missing, a deviation needs a reason', async () => {
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
    const items = await prisma.agendaItem.findMany({
      where: { meetingId },
      orderBy: { position: 'asc' },
      include: { case: true },
    });
    const target = items[1]!;
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    const draft = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
      params: { path: { id: target.caseId } },
    });
    expect(draft.status).toBe(201);
    const recommendation = draft.body;
    const { primaryBranch } = recommendation;
    if (!primaryBranch) throw new Error(`the draft ${recommendation.id} names no primary branch`);
    // The meeting runs with the oncologist in the chair and the quorum present (whatever ran before).
    // The demo meeting is two days ahead and no voting window is open: the chair opens one in meeting mode below.
    await prisma.meeting.update({
      where: { id: meetingId },
      data: { status: 'IN_PROGRESS', chairId: users.get('oncologist')!.id, votingOpenUntil: null },
    });
    for (const name of QUORUM) {
      const user = users.get(name)!;
      await prisma.attendance.upsert({
        where: { meetingId_userId: { meetingId, userId: user.id } },
        update: { leftAt: null },
        create: { meetingId, userId: user.id, specialty: user.specialty },
      });
    }
    const chair = (await login(api.url, ...demoLogin('oncologist'))).accessToken;
    const branch = primaryBranch === 'best-supportive-care' ? 'palliative-systemic' : 'best-supportive-care';
    const proposal: Schemas['ProposalDto'] = {
      meetingId,
      branch,
      intent: 'palliative',
      steps: ['Symptom control', 'Review in 4 weeks'],
      regimens: [],
      rationale: 'The patient declines further treatment',
    };
    const proposed = await propose(apiClient(api.url, chair), recommendation.id, proposal);
    expect(proposed.status).toBe(200);
    for (const finding of proposed.body.findings.filter((item) => item.severity === 'block')) {
      expect(
        (
          await call(api.url, 'POST', `/recommendations/${recommendation.id}/overrides`, {
            token: chair,
            body: { code: finding.code, reason: 'Overridden by the board for the browser test' },
          })
        ).status,
      ).toBe(201);
    }

    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await page.goto(`${api.url}/#/meeting/${meetingId}`);
    await page
      .getByRole('navigation', { name: 'Agenda cases' })
      .getByRole('button', { name: new RegExp(target.case.reference) })
      .click();
    await eventually(async () =>
      expect(await textOf(page.getByTestId('case-heading'))).toContain(target.case.reference),
    );
    const signOff = page.getByRole('button', { name: 'Sign off the plan' });
    await signOff.waitFor();

    // The meeting is days ahead: voting is closed until the chair opens a voting window.
    const votingWindow = page.getByTestId('voting-window');
    expect(await textOf(votingWindow)).toContain('Voting is closed');
    const closesAt = new Date(Date.now() + 86_400_000);
    const local = new Date(closesAt.getTime() - closesAt.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Voting window closes').fill(local);
    await page.getByRole('button', { name: 'Open a voting window' }).click();
    await eventually(async () =>
      expect((await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } })).votingOpenUntil).not.toBeNull(),
    );
    await eventually(async () => expect(await textOf(votingWindow)).toContain('Voting is open until'));

    // No votes yet: the button is disabled and the panel lists what is missing, as the API would refuse.
    await eventually(async () =>
      expect(await textOf(page.getByTestId('signoff-missing'))).toContain(
        "consensus: approvals meeting the board's rule",
      ),
    );
    expect(await signOff.isDisabled()).toBe(true);

    for (const name of ['surgeon', 'radiologist', 'pathologist']) {
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

    // Consensus now, but the proposal departs from the pathway: the reason is required, and said so.
    const reason = page.getByLabel('Deviation reason');
    await eventually(async () =>
      expect(await textOf(page.getByTestId('signoff-missing'))).toMatch(
        /^Sign-off needs:\s+✖ a deviation reason: the proposal departs from the pathway$/,
      ),
    );
    expect(await signOff.isDisabled()).toBe(true);
    expect(await reason.getAttribute('aria-required')).toBe('true');
    await screenshot(page, 'meeting-mode-sign-off-deviation');

    await reason.selectOption('PATIENT_PREFERENCE');
    await signOff.click();
    await eventually(async () => expect(await textOf(page.getByTestId('signoff-state'))).toContain('Signed off'));
    expect(await textOf(page.getByTestId('signoff-state'))).toContain('Patient preference');
    // The board's decision, not the pathway's draft: signer, votes, the deviation and its reason.
    const decision = await textOf(page.getByTestId('decision-summary'));
    // Formatted text: the Markdown heading is a heading, not a "#".
    expect(decision).toMatch(/^Board decision of \d{4}-\d{2}-\d{2}/);
    expect(
      await page
        .getByTestId('decision-summary')
        .getByRole('heading', { name: /^Board decision of/ })
        .count(),
    ).toBe(1);
    expect(decision).toContain(`Signed off by ${users.get('oncologist')!.displayName}`);
    expect(decision).toContain('3 for, 0 for with changes, 0 against, 0 abstaining');
    expect(decision).toContain('PATIENT_PREFERENCE');
    expect(decision).not.toContain('DRAFT');
    const stored = await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendation.id } });
    expect(stored.status).toBe('SIGNED_OFF');
    expect(stored.deviationReason).toBe('PATIENT_PREFERENCE');
    await screenshot(page, 'meeting-mode-signed-off');
  });

  it('shows a clinician a notification and marks it read', async () => {
    const surgeon = await prisma.user.findUniqueOrThrow({ where: { email: 'surgeon@consilium.demo' } });
    const notification = await prisma.notification.create({
      data: {
        userId: surgeon.id,
        kind: 'MILESTONE',
        title: 'Plan signed off for CRC-DEMO-0001',
        body: 'The board signed off the plan.',
      },
    });
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('surgeon'));
    await page.getByRole('link', { name: 'Notifications' }).click();
    const item = page.getByTestId('notification').filter({ hasText: notification.title });
    await eventually(async () => expect(await textOf(item)).toContain('● Unread'));
    await item.getByRole('button', { name: `Mark “${notification.title}” as read` }).click();
    await eventually(async () => expect(await textOf(item)).toContain('✓ Read'));
    await eventually(async () => expect(await item.getByRole('button').count()).toBe(0));
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: notification.id } })).readAt).not.toBeNull();
    await screenshot(page, 'clinician-notifications');
  });

  it('lets the auditor search the trail and verify it, a tampered event explained in words', async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('auditor'));
    await page.getByLabel('Action').selectOption('C');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('audit-row').first().waitFor({ state: 'visible' });
    // In words: the actor's name and a readable action, never an action letter or an id prefix.
    const board = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const created = await prisma.auditEvent.count({ where: { action: 'C', boardId: board.id } });
    expect(await page.getByTestId('audit-row').count()).toBe(Math.min(created, 50));
    for (const summary of await page.getByTestId('audit-summary').allInnerTexts()) {
      expect(summary).toMatch(/^[a-z]+ .+/);
      expect(summary).not.toMatch(/\b[0-9a-f]{8}\b/);
    }

    // Seal what is there (as the worker does), and put another database's checkpoint in the same file.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    let tamperedId: string;
    try {
      await new AuditSealer(
        pgRunner(client),
        new CheckpointSigner(parseSigningKey(signingKey)),
        new ExternalCheckpointLog(checkpointDir),
        4,
      ).sealAll();
      const stranger = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
      appendFileSync(
        join(checkpointDir, 'checkpoints.jsonl'),
        `${checkpointToLine(stranger.sign(randomUUID(), 1n, Buffer.alloc(32), new Date()))}\n`,
      );
      const sealed = await prisma.auditLeaf.count();
      expect(sealed).toBeGreaterThan(0);

      await page.getByRole('button', { name: 'Verify the trail' }).click();
      await eventually(
        async () => expect(await textOf(page.getByTestId('verify-result'))).toContain('The trail is intact'),
        15_000,
      );
      // In words first (the counts of the report), no finding, the checkpoint facts; the raw report only behind <details>.
      const verdict = await textOf(page.getByTestId('verify-result'));
      const [, events, batches] =
        /The trail is intact: (\d+) events? in (\d+) batch(?:es)?, checked against [1-9]\d* signed checkpoints? .*; \d+ events? not sealed yet\./.exec(
          verdict,
        ) ?? [];
      expect(events).toBe(String(sealed));
      expect(await page.getByTestId('verify-finding').count()).toBe(0);
      expect(await page.getByTestId('verify-notes').getByRole('listitem').allInnerTexts()).toEqual([
        'Lines of other logs (other databases sharing the checkpoint file): 1, counted, not tampering.',
        'No witness copy is configured.',
      ]);
      const raw = page.getByTestId('verify-raw');
      expect(await raw.isVisible()).toBe(false);
      await page.getByText('Raw report').click();
      expect(JSON.parse(await raw.innerText())).toMatchObject({
        ok: true,
        leavesVerified: events,
        batchesVerified: Number(batches),
        finding: null,
        otherLogLines: 1,
      });
      expect(await prisma.auditEvent.count({ where: { type: 'audit.verify' } })).toBe(1);
      await screenshot(page, 'auditor-verify');

      // A superuser bypasses the append-only triggers and rewrites one sealed event.
      tamperedId = (await prisma.auditLeaf.findUniqueOrThrow({ where: { leafIndex: 2n }, include: { event: true } }))
        .event.id;
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(`UPDATE audit_events SET user_agent = 'tampered' WHERE id = $1::uuid`, [tamperedId]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    await page.getByRole('button', { name: 'Verify the trail' }).click();
    await eventually(
      async () =>
        expect(await textOf(page.getByTestId('verify-result'))).toContain(
          'The trail was altered: 2 events verified before the first mismatch',
        ),
      15_000,
    );
    const explained = await textOf(page.getByTestId('verify-finding'));
    expect(explained).toContain(
      `An event was changed after it was sealed: the content of leaf 2 (event ${tamperedId})`,
    );
    expect(explained).toContain('events from leaf 2 on are not vouched for');
    expect(explained).not.toContain('{');
    await screenshot(page, 'auditor-verify-tampered');
  });

  it('opens meeting mode on a 20-case agenda and shows the first case quickly', async () => {
    const board = await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } });
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    const created = await apiClient(api.url, coordinator).post('/meetings', {
      body: { boardId: board.id, startsAt: '2030-03-01T15:00:00Z', durationMinutes: 240 },
    });
    expect(created.status).toBe(201);
    const bigMeetingId = created.body.id;
    // Twenty cases cloned from a ready demo case, each with a draft plan, on one agenda.
    const {
      id: _id,
      reference,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      ...template
    } = await prisma.case.findUniqueOrThrow({ where: { reference: 'CRC-DEMO-0001' } });
    for (let index = 1; index <= 20; index += 1) {
      const clone = await prisma.case.create({
        data: {
          ...template,
          core: template.core as Prisma.InputJsonValue,
          pathwayFacts: template.pathwayFacts as Prisma.InputJsonValue,
          reportLinks: template.reportLinks as Prisma.InputJsonValue,
          reference: `${reference}-X${String(index).padStart(2, '0')}`,
          status: 'SCHEDULED',
          version: 1,
        },
      });
      await prisma.agendaItem.create({
        data: { meetingId: bigMeetingId, caseId: clone.id, position: index - 1, minutesAllotted: 12 },
      });
      expect((await call(api.url, 'POST', `/cases/${clone.id}/drafts`, { token: coordinator })).status).toBe(201);
    }

    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await page.goto(`${api.url}/#/meeting/${bigMeetingId}`);
    await page.getByTestId('case-heading').waitFor();
    // Time to first case: a cold load of the meeting screen (reload: session restore, agenda, render).
    const started = Date.now();
    await page.reload();
    await page
      .getByTestId('case-heading')
      .filter({ hasText: `${reference}-X01` })
      .waitFor({ timeout: 10_000 });
    const timeToFirstCaseMs = Date.now() - started;
    console.log(`web: meeting mode time to first case with a 20-case agenda: ${timeToFirstCaseMs} ms`);
    expect(await page.getByRole('navigation', { name: 'Agenda cases' }).getByRole('button').count()).toBe(20);
    expect(timeToFirstCaseMs).toBeLessThan(5000);
    await screenshot(page, 'meeting-mode-20-cases');
  });
});
