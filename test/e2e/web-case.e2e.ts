import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { seedDemo } from '../../prisma/seed';
import { chromiumPages, eventually, screenshot, signIn, textOf } from '../browser/chromium';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { apiClient, demoLogin, demoUser, propose, type Schemas } from '../support/stack';

const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
const VOTERS = ['surgeon', 'radiologist', 'pathologist'] as const;
const REFERENCE = 'CRC-DEMO-0001';

/**
 * The read-only case view in Chromium against the real API and PostgreSQL: a notification's
 * link (/cases/<id>, as the worker writes it into e-mails and in-app notifications) opens it,
 * through sign-in, with the facts, the readiness, the draft history and the treatment events with
 * the follow-up findings the API computed.
 */
describe('web app: the case view behind notification links', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let checkpointDir: string;
  let caseId: string;
  let followUpCodes: string[];

  const { newPage } = chromiumPages();

  beforeAll(async () => {
    database = await createTestDatabase('web_case');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    const { meetingId } = await seedDemo(prisma);
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-web-case-'));
    api = await startApi(testConfig({ DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: checkpointDir }));

    // The board decides on the case through the API: draft, proposal, three approvals, sign-off.
    const token = async (name: string): Promise<string> => (await login(api.url, ...demoLogin(name))).accessToken;
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0] ?? '', user.id]));
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meetingId}/status`, {
          token: coordinator,
          body: { status: 'IN_PROGRESS' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meetingId}/voting-window`, {
          token: await token('oncologist'),
          body: { closesAt: new Date(Date.now() + 86_400_000).toISOString() },
        })
      ).status,
    ).toBe(200);
    for (const name of QUORUM)
      expect(
        (
          await call(api.url, 'POST', `/meetings/${meetingId}/attendance`, {
            token: coordinator,
            body: { userId: users.get(name) },
          })
        ).status,
      ).toBe(200);
    caseId = (await prisma.case.findUniqueOrThrow({ where: { reference: REFERENCE } })).id;
    const first = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
      params: { path: { id: caseId } },
    });
    expect(first.status).toBe(201);
    const draft = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
      params: { path: { id: caseId } },
    });
    expect(draft.status).toBe(201);
    const recommendation = draft.body;
    const { primaryBranch } = recommendation;
    if (!primaryBranch) throw new Error(`the draft ${recommendation.id} names no primary branch`);
    const chair = await token('oncologist');
    const proposal: Schemas['ProposalDto'] = {
      meetingId,
      branch: primaryBranch,
      intent: 'curative',
      steps: ['SCRT 5x5 Gy', 'FOLFOX from day 11-18', 'Staged resection'],
      regimens: ['FOLFOX'],
      rationale: `Board decision for ${REFERENCE}`,
    };
    const proposed = await propose(apiClient(api.url, chair), recommendation.id, proposal);
    expect(proposed.status).toBe(200);
    for (const finding of proposed.body.findings.filter((item) => item.severity === 'block')) {
      expect(
        (
          await call(api.url, 'POST', `/recommendations/${recommendation.id}/overrides`, {
            token: chair,
            body: { code: finding.code, reason: 'Overridden by the board in the browser test' },
          })
        ).status,
      ).toBe(201);
    }
    for (const name of VOTERS)
      expect(
        (
          await call(api.url, 'POST', `/recommendations/${recommendation.id}/votes`, {
            token: await token(name),
            body: { choice: 'APPROVE' },
          })
        ).status,
      ).toBe(201);
    expect(
      (await call(api.url, 'POST', `/recommendations/${recommendation.id}/sign-off`, { token: chair, body: {} }))
        .status,
    ).toBe(200);

    // What happened since: radiotherapy, then chemotherapy later than the plan's window.
    expect(
      (
        await call(api.url, 'POST', `/cases/${caseId}/treatment-events`, {
          token: chair,
          body: {
            kind: 'RADIOTHERAPY',
            status: 'DONE',
            startDate: '2026-12-01',
            endDate: '2026-12-05',
            regimens: ['SCRT_5X5'],
          },
        })
      ).status,
    ).toBe(201);
    const chemo = await apiClient(api.url, chair).post('/cases/{id}/treatment-events', {
      params: { path: { id: caseId } },
      body: { kind: 'SYSTEMIC_THERAPY', status: 'DONE', startDate: '2026-12-24', regimens: ['FOLFOX'], therapyLine: 1 },
    });
    expect(chemo.status).toBe(201);
    const signedOff = chemo.body.recommendation;
    if (!signedOff) throw new Error('the treatment event answered no signed-off recommendation');
    followUpCodes = signedOff.followUpFindings.map((finding) => finding.code);
    expect(followUpCodes).toContain('CHEMO_START_OUTSIDE_WINDOW');

    // The in-app notification as the worker writes it (its link is the e-mail's link).
    await prisma.notification.create({
      data: {
        userId: users.get('surgeon')!,
        caseId,
        kind: 'ESCALATION',
        title: `${REFERENCE}: escalation, action needed`,
        body: `Please review the case.\n${api.url}/cases/${caseId}`,
        link: `${api.url}/cases/${caseId}`,
      },
    });
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('opens the case from the e-mail link (/cases/<id>) after sign-in: facts, readiness, drafts, treatment and follow-up findings', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/cases/${caseId}`);
    await page.getByLabel('E-mail').fill('surgeon@consilium.demo');
    await page.getByLabel('Password').fill(demoUser('surgeon').password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const heading = page.getByRole('heading', { level: 1 });
    await eventually(async () => expect(await textOf(heading)).toBe(`Case ${REFERENCE}: Example, Maria`));
    expect(new URL(page.url()).hash).toBe(`#/cases/${caseId}`);
    expect(await textOf(page.getByTestId('case-status'))).toBe('Decided');
    // A decided case shows no readiness badge: readiness for a meeting is over.
    expect(await page.getByTestId('readiness').count()).toBe(0);
    // The core in clinical words (labels, not keys) and the pathway's own facts.
    expect(await textOf(page.getByTestId('facts-primary'))).toContain('C20 Rectum');
    expect(await textOf(page.getByTestId('facts-staging'))).toMatch(/Clinical \(TNM\)\s+cT\w+ N\w+ M1/);
    expect(await textOf(page.getByTestId('facts-pathway'))).toContain('Stage IV rectal cancer');
    expect(await textOf(page.getByTestId('facts-pathway-facts'))).toMatch(/Distance from anal verge \(cm\)\s+\d+/);

    // Both draft versions, newest first: the signed-off one on top.
    const drafts = page.getByTestId('recommendation-row');
    await eventually(async () => expect(await drafts.count()).toBe(2));
    expect(await textOf(drafts.nth(0))).toMatch(/^v2\s*Signed off.*Signed off .*follows the pathway/);
    expect(await textOf(drafts.nth(1))).toContain('Not signed off');
    const decision = await textOf(page.getByTestId('decision-summary'));
    expect(decision).toMatch(/^Board decision of \d{4}-\d{2}-\d{2}/);
    expect(decision).toContain(`Board decision for ${REFERENCE}`);
    expect(decision).toContain("follows the pathway's primary branch");

    const events = page.getByTestId('treatment-event');
    await eventually(async () => expect(await events.count()).toBe(2));
    expect(await textOf(events.nth(0))).toContain('2026-12-01 to 2026-12-05');
    expect(await textOf(events.nth(1))).toContain('FOLFOX; line 1');
    const shownCodes = await page
      .getByTestId('follow-up-finding')
      .evaluateAll((nodes) => nodes.map((node) => (node as unknown as { dataset: { code: string } }).dataset.code));
    expect(shownCodes).toEqual(followUpCodes);
    expect(await textOf(page.getByTestId('follow-up-findings'))).toMatch(/(⛔|⚠) (Block|Warn)/);
    await screenshot(page, 'case-view');
  });

  it('opens the same view from the in-app notification, and a clinician sees no edit link', async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('surgeon'));
    await page.getByRole('link', { name: `Open the case of “${REFERENCE}: escalation, action needed”` }).click();
    await eventually(async () =>
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`Case ${REFERENCE}: Example, Maria`),
    );
    expect(await page.getByRole('link', { name: 'Edit the case' }).count()).toBe(0);
  });

  it('still answers API clients on the same path with JSON', async () => {
    const anonymous = await call(api.url, 'GET', `/cases/${caseId}`, { headers: { accept: 'application/json' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const token = (await login(api.url, ...demoLogin('surgeon'))).accessToken;
    const withToken = await call(api.url, 'GET', `/cases/${caseId}`, {
      token,
      headers: { accept: 'text/html,application/json' },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.body).toMatchObject({ id: caseId, reference: REFERENCE });
  });
});
