import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import type { Page } from 'playwright-core';
import { seedDemo } from '../../prisma/seed';
import { chromiumPages, eventually, screenshot, signIn, textOf } from '../browser/chromium';
import { startApi, type RunningApi } from '../support/api';
import { call, login, recommendationIfMatch } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { apiClient, demoLogin, type Schemas } from '../support/stack';

const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
const LIVE_TALLY_MS = 2000;

interface Finding {
  code: string;
  severity: string;
}

describe('meeting mode in Chromium: proposal, overrides, timeline, live tally, tablets', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let meetingId: string;
  let checkpointDir: string;
  let items: { caseId: string; reference: string; recommendationId: string }[];

  const { newPage } = chromiumPages();

  /** Opens meeting mode on the case with this reference. */
  async function openCase(page: Page, reference: string): Promise<void> {
    await page.goto(`${api.url}/#/meeting/${meetingId}`);
    await page
      .getByRole('navigation', { name: 'Agenda cases' })
      .getByRole('button', { name: new RegExp(reference) })
      .click();
    await eventually(async () => expect(await textOf(page.getByTestId('case-heading'))).toContain(reference));
  }

  /** The recommendation as GET /recommendations/{id} answers it to this token (asserting a 200). */
  async function proposalOf(id: string, token: string): Promise<Schemas['RecommendationDto']> {
    const found = await apiClient(api.url, token).get('/recommendations/{id}', { params: { path: { id } } });
    expect(found.status).toBe(200);
    return found.body;
  }

  beforeAll(async () => {
    database = await createTestDatabase('web_meeting');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    meetingId = (await seedDemo(prisma)).meetingId;
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-web-meeting-e2e-'));
    api = await startApi(testConfig({ DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: checkpointDir }));

    // The meeting is running: the oncologist chairs, the quorum is checked in, each case has a draft.
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
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
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    const agenda = await prisma.agendaItem.findMany({
      where: { meetingId },
      orderBy: { position: 'asc' },
      include: { case: true },
    });
    expect(agenda.length).toBeGreaterThanOrEqual(2);
    items = [];
    for (const item of agenda) {
      const draft = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
        params: { path: { id: item.caseId } },
      });
      expect(draft.status).toBe(201);
      items.push({ caseId: item.caseId, reference: item.case.reference, recommendationId: draft.body.id });
    }
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('edits the proposal: field errors beside the fields, findings recomputed on save, an edit after votes opens a new round', async () => {
    const target = items[0]!;
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await openCase(page, target.reference);
    const findingCodes = async (): Promise<string[]> =>
      (
        await page
          .getByTestId('finding')
          .evaluateAll((nodes) => nodes.map((node) => (node as unknown as { dataset: { code: string } }).dataset.code))
      ).sort();
    await page.getByRole('button', { name: 'Save the proposal' }).waitFor();

    // No intent chosen: the API's 400 names the field, and the message sits beside it.
    const intent = page.getByLabel('Intent');
    await page.getByRole('button', { name: 'Save the proposal' }).click();
    await eventually(async () => expect(await intent.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (await intent.getAttribute('aria-describedby'))!;
    expect(await textOf(page.locator(`[id="${describedBy}"]`))).toContain('intent must be one of');
    expect((await prisma.recommendation.findUniqueOrThrow({ where: { id: target.recommendationId } })).status).toBe(
      'DRAFT',
    );

    await intent.selectOption('curative');
    await page.getByRole('button', { name: 'Save the proposal' }).click();
    await eventually(async () =>
      expect(await textOf(page.getByTestId('proposal-notice'))).toContain(
        'Saved. The findings were recomputed; voting round 1',
      ),
    );
    await eventually(async () => expect(await textOf(page.getByTestId('tally-round'))).toBe('Votes, round 1'));
    const before = await findingCodes();

    // A vote in round 1, from another clinician's session: the chair's screen shows it.
    const surgeon = (await login(api.url, ...demoLogin('surgeon'))).accessToken;
    expect(
      (
        await call(api.url, 'POST', `/recommendations/${target.recommendationId}/votes`, {
          token: surgeon,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(201);
    await eventually(async () => expect(await textOf(page.getByTestId('tally-approve'))).toBe('1'), LIVE_TALLY_MS);

    // The board adds a checkpoint inhibitor in this pMMR tumour and rewords the steps. The pathway
    // forbids it: disabled with the reason shown, until the chair says the board departs on purpose.
    const pembrolizumab = page.getByRole('checkbox', { name: /^Pembrolizumab / });
    expect(await pembrolizumab.isDisabled()).toBe(true);
    const reasonId = (await pembrolizumab.getAttribute('aria-describedby'))!;
    expect((await textOf(page.locator(`[id="${reasonId}"]`))).length).toBeGreaterThan(10);
    await page.getByRole('checkbox', { name: /^Propose a regimen the pathway forbids/ }).check();
    await pembrolizumab.check();
    await page.getByLabel('Steps', { exact: true }).fill('SCRT 5x5 Gy\nPembrolizumab within a trial\nStaged resection');
    await page.getByRole('button', { name: 'Save the proposal' }).click();
    await eventually(async () =>
      expect(await textOf(page.getByTestId('proposal-notice'))).toContain(
        'Voting round 2 is open: votes of round 1 no longer count',
      ),
    );
    await eventually(async () => expect(await textOf(page.getByTestId('tally-round'))).toBe('Votes, round 2'));
    await eventually(async () => expect(await textOf(page.getByTestId('tally-approve'))).toBe('0'));

    const stored = await prisma.recommendation.findUniqueOrThrow({ where: { id: target.recommendationId } });
    expect(stored.round).toBe(2);
    expect(stored.proposedPlan).toMatchObject({
      intent: 'curative',
      regimens: ['PEMBROLIZUMAB'],
      steps: ['SCRT 5x5 Gy', 'Pembrolizumab within a trial', 'Staged resection'],
    });
    const storedCodes = (stored.findings as unknown as Finding[]).map((finding) => finding.code).sort();
    expect(storedCodes).toContain('IMMUNOTHERAPY_IN_PMMR');
    await eventually(async () => expect(await findingCodes()).toEqual(storedCodes));
    expect(before).not.toContain('IMMUNOTHERAPY_IN_PMMR');
    await screenshot(page, 'meeting-proposal-new-round');
  });

  it('overrides a block finding only with a recorded reason', async () => {
    const target = items[0]!;
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await openCase(page, target.reference);
    const finding = page.locator('[data-testid="finding"][data-code="IMMUNOTHERAPY_IN_PMMR"]');
    const reason = finding.getByLabel('Override reason for IMMUNOTHERAPY_IN_PMMR');
    await reason.waitFor();

    await finding.getByRole('button', { name: 'Override IMMUNOTHERAPY_IN_PMMR' }).click();
    await eventually(async () => expect(await reason.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (await reason.getAttribute('aria-describedby'))!;
    expect(await textOf(page.locator(`[id="${describedBy}"]`))).toContain('reason must be at least 10 characters');
    expect(
      (await prisma.recommendation.findUniqueOrThrow({ where: { id: target.recommendationId } })).overrides,
    ).toEqual([]);

    await reason.fill('Enrolled in the checkpoint-inhibitor trial');
    await finding.getByRole('button', { name: 'Override IMMUNOTHERAPY_IN_PMMR' }).click();
    await eventually(async () =>
      expect(await textOf(finding)).toContain('Overridden: “Enrolled in the checkpoint-inhibitor trial”'),
    );
    const stored = await prisma.recommendation.findUniqueOrThrow({ where: { id: target.recommendationId } });
    expect(stored.overrides).toMatchObject([
      { code: 'IMMUNOTHERAPY_IN_PMMR', reason: 'Enrolled in the checkpoint-inhibitor trial' },
    ]);
    expect(
      await prisma.auditEvent.count({ where: { type: 'recommendation.override', entityId: target.recommendationId } }),
    ).toBe(1);
    await screenshot(page, 'meeting-override');
  });

  it('draws the timeline as a chart loaded on demand, with the same dates as a table', async () => {
    const target = items[0]!;
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    // SCRT planned a week after the meeting dates the steps and milestones that count from its last fraction.
    const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    const day = (offset: number): string =>
      new Date(meeting.startsAt.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const formatted = (iso: string): string =>
      new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      });
    const event = await call(api.url, 'POST', `/cases/${target.caseId}/treatment-events`, {
      token: coordinator,
      body: { kind: 'RADIOTHERAPY', status: 'PLANNED', startDate: day(7), endDate: day(11), regimens: ['SCRT_5X5'] },
    });
    expect(event.status).toBe(201);
    const answered = await apiClient(api.url, coordinator).get('/recommendations/{id}/timeline', {
      params: { path: { id: target.recommendationId } },
    });
    expect(answered.status).toBe(200);
    const timeline = answered.body;
    const dated = timeline.rows.filter((row) => row.from && row.to);
    expect(dated.length).toBeGreaterThan(3);
    // Chemotherapy 11-18 days after the last fraction.
    expect(timeline.rows.find((row) => row.code === 'CHEMO_START_WINDOW')).toMatchObject({
      from: day(22),
      to: day(29),
    });

    const page = await newPage();
    const scripts: string[] = [];
    page.on('request', (request) =>
      request.resourceType() === 'script' ? scripts.push(new URL(request.url()).pathname) : undefined,
    );
    await signIn(page, api.url, ...demoLogin('oncologist'));
    // The chart's code is not part of the first load.
    expect(scripts.some((path) => path.includes('TimelineChart'))).toBe(false);
    await openCase(page, target.reference);
    const chart = page.getByTestId('timeline-chart');
    await chart.waitFor();
    expect(scripts.some((path) => path.includes('TimelineChart'))).toBe(true);
    await eventually(async () => expect(await chart.locator('.recharts-bar-rectangle').count()).toBe(dated.length));
    expect(await chart.getAttribute('aria-label')).toContain(`${dated.length} dated steps and milestones`);

    // The text alternative: every row, dated or waiting, with its dates in words (opened on demand).
    await page.locator('summary', { hasText: 'The timeline as a table' }).click();
    const table = page.getByTestId('timeline-table');
    expect(await table.getByTestId('timeline-row').count()).toBe(timeline.rows.length);
    expect(await textOf(table.getByRole('row', { name: /Milestone: Chemo start window/ }))).toContain(
      `${formatted(day(22))} to ${formatted(day(29))}`,
    );
    expect(await chart.getAttribute('aria-describedby')).toBe(await table.getAttribute('id'));
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'meeting-timeline');
  });

  it('updates the tally from the event stream, without polling the votes', async () => {
    const target = items[1]!;
    const chair = (await login(api.url, ...demoLogin('oncologist'))).accessToken;
    const proposed = await call(api.url, 'PUT', `/recommendations/${target.recommendationId}/proposal`, {
      token: chair,
      headers: await recommendationIfMatch(api.url, target.recommendationId, chair),
      body: {
        meetingId,
        branch: (await prisma.recommendation.findUniqueOrThrow({ where: { id: target.recommendationId } }))
          .primaryBranch,
        intent: 'palliative',
        steps: ['Systemic therapy'],
        regimens: [],
        rationale: 'Tally stream test',
      },
    });
    expect(proposed.status).toBe(200);

    const page = await newPage();
    const requests: { path: string; method: string; at: number }[] = [];
    page.on('request', (request) =>
      requests.push({ path: new URL(request.url()).pathname, method: request.method(), at: Date.now() }),
    );
    await signIn(page, api.url, ...demoLogin('radiologist'));
    await openCase(page, target.reference);
    await eventually(async () => expect(await textOf(page.getByTestId('live-state'))).toBe('● Live'));
    await eventually(async () => expect(await textOf(page.getByTestId('tally-approve'))).toBe('0'));
    expect(requests.some((request) => request.path === `/meetings/${meetingId}/events`)).toBe(true);

    const votesPath = `/recommendations/${target.recommendationId}/votes`;
    const quietFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(requests.filter((request) => request.path === votesPath && request.at >= quietFrom)).toEqual([]);

    const pathologist = (await login(api.url, ...demoLogin('pathologist'))).accessToken;
    const castAt = Date.now();
    expect((await call(api.url, 'POST', votesPath, { token: pathologist, body: { choice: 'APPROVE' } })).status).toBe(
      201,
    );
    await eventually(async () => expect(await textOf(page.getByTestId('tally-approve'))).toBe('1'), LIVE_TALLY_MS);
    const seenAfterMs = Date.now() - castAt;
    console.log(`web-meeting: a vote reached the open meeting screen through the event stream in ${seenAfterMs} ms`);
    // One fetch of the tally, prompted by the event; no polling.
    expect(
      requests.filter((request) => request.path === votesPath && request.method === 'GET' && request.at >= castAt),
    ).toHaveLength(1);
  });

  it('falls back to polling the tally when the event stream cannot be opened', async () => {
    const target = items[1]!;
    const page = await newPage();
    // A proxy that drops the stream: every attempt fails.
    await page.route('**/meetings/*/events', (route) => route.abort());
    await signIn(page, api.url, ...demoLogin('radiotherapist'));
    await openCase(page, target.reference);
    await eventually(async () =>
      expect(await textOf(page.getByTestId('live-state'))).toContain(
        'Live updates unavailable: refreshing every second',
      ),
    );
    const before = Number(await textOf(page.getByTestId('tally-approve')));
    const surgeon = (await login(api.url, ...demoLogin('surgeon'))).accessToken;
    expect(
      (
        await call(api.url, 'POST', `/recommendations/${target.recommendationId}/votes`, {
          token: surgeon,
          body: { choice: 'APPROVE' },
        })
      ).status,
    ).toBe(201);
    await eventually(
      async () => expect(await textOf(page.getByTestId('tally-approve'))).toBe(String(before + 1)),
      LIVE_TALLY_MS,
    );
  });

  it('refuses a save over a version someone else saved first (412): says so and shows their version', async () => {
    const target = items[1]!;
    const page = await newPage();
    // No event stream, so nothing reloads the form before the save.
    await page.route('**/meetings/*/events', (route) => route.abort());
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await openCase(page, target.reference);
    const rationale = page.getByLabel('Rationale');
    await rationale.fill("The chair's wording");

    // The chair's other device (only the chair edits the proposal) saves first.
    const otherDevice = (await login(api.url, ...demoLogin('oncologist'))).accessToken;
    const current = await proposalOf(target.recommendationId, otherDevice);
    const theirs = await call(api.url, 'PUT', `/recommendations/${target.recommendationId}/proposal`, {
      token: otherDevice,
      headers: await recommendationIfMatch(api.url, target.recommendationId, otherDevice),
      body: { ...current.proposedPlan, rationale: "The surgeon's wording" },
    });
    expect(theirs.status).toBe(200);

    await page.getByRole('button', { name: 'Save the proposal' }).click();
    await eventually(async () =>
      expect(await textOf(page.getByTestId('proposal-notice'))).toContain(
        'Not saved: someone else changed this plan while you were editing it',
      ),
    );
    await eventually(async () => expect(await rationale.inputValue()).toBe("The surgeon's wording"));
    expect(
      (await prisma.recommendation.findUniqueOrThrow({ where: { id: target.recommendationId } })).proposedPlan,
    ).toMatchObject({ rationale: "The surgeon's wording" });
  });

  it('keeps unsaved edits when someone else saves meanwhile: says a newer version exists, and shows it only when asked', async () => {
    const target = items[1]!;
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await openCase(page, target.reference);
    const rationale = page.getByLabel('Rationale');
    await rationale.fill('The chair, still typing');

    // The chair's other device (only the chair edits the proposal) saves first.
    const otherDevice = (await login(api.url, ...demoLogin('oncologist'))).accessToken;
    const current = await proposalOf(target.recommendationId, otherDevice);
    const theirs = await call(api.url, 'PUT', `/recommendations/${target.recommendationId}/proposal`, {
      token: otherDevice,
      headers: await recommendationIfMatch(api.url, target.recommendationId, otherDevice),
      body: { ...current.proposedPlan, rationale: 'The surgeon saved this meanwhile' },
    });
    expect(theirs.status).toBe(200);

    // The event stream brings the newer version: the form says so and keeps what the chair typed.
    await eventually(
      async () =>
        expect(await textOf(page.getByTestId('proposal-newer'))).toContain(
          'A newer version of this plan was saved while you were editing',
        ),
      5_000,
    );
    expect(await rationale.inputValue()).toBe('The chair, still typing');
    await screenshot(page, 'meeting-proposal-newer-version');
    await page.getByRole('button', { name: 'Discard my changes and show the newer version' }).click();
    await eventually(async () => expect(await rationale.inputValue()).toBe('The surgeon saved this meanwhile'));
    expect(await page.getByTestId('proposal-newer').count()).toBe(0);
  });

  it("offers a colon case the colon pathway's branches and regimens, and shows its facts in clinical words", async () => {
    // The demo's resected sigmoid cancer pT3 N1b, put on the agenda and drafted by the colon pathway.
    const colon = await prisma.case.findUniqueOrThrow({ where: { reference: 'CRC-DEMO-0007' } });
    const coordinator = (await login(api.url, ...demoLogin('coordinator'))).accessToken;
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meetingId}/agenda`, {
          token: coordinator,
          body: { caseId: colon.id, minutesAllotted: 10 },
        })
      ).status,
    ).toBe(201);
    const draft = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
      params: { path: { id: colon.id } },
    });
    expect(draft.status).toBe(201);
    const recommendation = draft.body;
    expect(recommendation.pathwayId).toBe('colon-stage-i-iii');

    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await openCase(page, colon.reference);
    expect(await textOf(page.getByTestId('facts-primary'))).toContain('C18.7 Sigmoid colon');
    expect(await textOf(page.getByTestId('facts-staging'))).toMatch(/Pathological \(TNM\)\s+pT3 N1b M0/);
    expect(await textOf(page.getByTestId('facts-pathway'))).toContain('Resected colon cancer, stage I-III');
    expect(await textOf(page.getByTestId('facts-pathway-facts'))).toMatch(/Date of resection\s+2026-11-09/);

    // The branch choices are the colon pathway's (whole titles, the draft's primary marked), never the rectal one's.
    const branchGroup = page.getByRole('group', { name: 'Branch' });
    await branchGroup.waitFor();
    const branches = (await branchGroup.locator('label').allInnerTexts()).map((text) => text.trim());
    expect(branches).toHaveLength(6);
    expect(branches).toContain('Adjuvant chemotherapy, low-risk stage III (pT1-3 N1) (pathway primary)');
    expect(branches.some((text) => /oligometastatic|conversion/i.test(text))).toBe(false);
    expect(await branchGroup.getByRole('radio', { checked: true }).inputValue()).toBe(recommendation.primaryBranch);
    // Regimens: the colon list by clinical name with the draft's verdict on each; no rectal stage IV regimen.
    const regimenLabels = (
      await page.getByRole('group', { name: 'Systemic regimens' }).locator('label').allInnerTexts()
    ).map((text) => text.trim());
    expect(regimenLabels).toContain('CAPOX, 3 months (preferred)');
    expect(
      regimenLabels.some(
        (text) => /panitumumab|bevacizumab|cetuximab|FOLFIRI/i.test(text) && !/forbidden|not advised/.test(text),
      ),
    ).toBe(false);
    expect(regimenLabels.some((text) => /sotorasib|encorafenib|ipilimumab/i.test(text))).toBe(false);

    await page.getByLabel('Intent').selectOption('curative');
    await page.getByRole('checkbox', { name: /^CAPOX, 3 months / }).check();
    await page.getByRole('button', { name: 'Save the proposal' }).click();
    await eventually(async () =>
      expect(await textOf(page.getByTestId('proposal-notice'))).toContain('Saved. The findings were recomputed'),
    );
    expect(
      (await prisma.recommendation.findUniqueOrThrow({ where: { id: recommendation.id } })).proposedPlan,
    ).toMatchObject({ branch: recommendation.primaryBranch, regimens: ['CAPOX_3M'], intent: 'curative' });
    await screenshot(page, 'meeting-colon-proposal');
  });

  it.each([
    ['portrait', { width: 768, height: 1024 }],
    ['landscape', { width: 1024, height: 768 }],
  ])('is usable on a %s tablet: no sideways scrolling, keyboard reachable, focus visible', async (name, viewport) => {
    const target = items[0]!;
    const page = await newPage(viewport);
    await signIn(page, api.url, ...demoLogin('oncologist'));
    await openCase(page, target.reference);
    await page.getByTestId('timeline-chart').waitFor();
    const overflow = await page.evaluate(() => {
      const root = (
        globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);

    // Keyboard: the second case's tab, then Enter opens it; the focus ring is drawn.
    const tab = page
      .getByRole('navigation', { name: 'Agenda cases' })
      .getByRole('button', { name: new RegExp(items[1]!.reference) });
    await tab.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const outline = await tab.evaluate((node) =>
      (
        globalThis as unknown as {
          getComputedStyle: (element: unknown) => { outlineStyle: string; outlineWidth: string };
        }
      ).getComputedStyle(node),
    );
    expect(outline.outlineStyle).not.toBe('none');
    expect(parseFloat(outline.outlineWidth)).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await textOf(page.getByTestId('case-heading'))).toContain(items[1]!.reference));
    // Every field of the proposal has a label.
    const unlabelled = await page.locator('form.proposal-form').evaluate((form) =>
      [
        ...(
          form as unknown as {
            querySelectorAll: (
              selector: string,
            ) => Iterable<{ id: string; labels: { length: number } | null; type: string }>;
          }
        ).querySelectorAll('input, select, textarea'),
      ]
        .filter((field) => !field.labels || field.labels.length === 0)
        .map((field) => field.id || field.type),
    );
    expect(unlabelled).toEqual([]);
    await screenshot(page, `meeting-tablet-${name}`);
  });
});
