import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type User } from '@prisma/client';
import { addDays } from '@consilium/pathway';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { chromiumPages, eventually, screenshot, signIn, textOf } from '../browser/chromium';
import { SmtpSink, eventually as until } from '../reminders/smtp-sink';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { ROOT } from '../support/constants';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { apiClient, demoLogin, propose, type Schemas } from '../support/stack';

const WORKER_MAIN = join(ROOT, 'dist/apps/worker/src/main.js');
const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
const VOTERS = ['surgeon', 'radiologist', 'pathologist'] as const;
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * The coordinator's, clinician's and auditor's remaining screens (issue 8) in Chromium, against
 * the real API, PostgreSQL, Redis and the built worker running as a child process (it relays the
 * outbox, delivers reminders and seals the audit log that the proofs come from).
 */

/** How many sibling hashes an RFC 9162 inclusion proof of leaf `index` in a tree of `size` leaves holds. */
function auditPathLength(index: bigint, size: bigint): number {
  if (size <= 1n) return 0;
  let split = 1n;
  while (split * 2n < size) split *= 2n;
  return 1 + (index < split ? auditPathLength(index, split) : auditPathLength(index - split, size - split));
}
describe('web app: agenda builder, attendance, reports, auditor exports and proofs, worker reminders', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let smtp: SmtpSink;
  let worker: ChildProcess | undefined;
  let workerOutput = '';
  let meetingId: string;
  let boardId: string;
  let checkpointDir: string;
  let users: Map<string, User>;

  const { newPage } = chromiumPages({ acceptDownloads: true });
  const tokenOf = async (name: string): Promise<string> => (await login(api.url, ...demoLogin(name))).accessToken;
  const userId = (name: string): string => users.get(name)?.id ?? '';

  /**
   * Signs off the current draft of a case on the demo agenda through the API, as the board would:
   * the meeting runs, the quorum is checked in, three clinicians approve, the chair signs off.
   */
  async function signOff(
    reference: string,
    deviationReason?: 'PATIENT_PREFERENCE',
  ): Promise<{ recommendationId: string; caseId: string }> {
    const coordinator = await tokenOf('coordinator');
    const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    if (meeting.status === 'PLANNED')
      expect(
        (
          await call(api.url, 'POST', `/meetings/${meetingId}/status`, {
            token: coordinator,
            body: { status: 'IN_PROGRESS' },
          })
        ).status,
      ).toBe(200);
    // The demo meeting is two days ahead: its chair opens a voting window (check-in, votes, sign-off).
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meetingId}/voting-window`, {
          token: await tokenOf('oncologist'),
          body: { closesAt: new Date(Date.now() + 86_400_000).toISOString() },
        })
      ).status,
    ).toBe(200);
    for (const name of QUORUM)
      expect(
        (
          await call(api.url, 'POST', `/meetings/${meetingId}/attendance`, {
            token: coordinator,
            body: { userId: userId(name) },
          })
        ).status,
      ).toBe(200);
    const caseRow = await prisma.case.findUniqueOrThrow({ where: { reference } });
    const draft = await apiClient(api.url, coordinator).post('/cases/{id}/drafts', {
      params: { path: { id: caseRow.id } },
    });
    expect(draft.status).toBe(201);
    const recommendation = draft.body;
    const { primaryBranch } = recommendation;
    if (!primaryBranch) throw new Error(`the draft ${recommendation.id} names no primary branch`);
    const chair = await tokenOf('oncologist');
    const branch = !deviationReason
      ? primaryBranch
      : primaryBranch === 'palliative-systemic'
        ? 'best-supportive-care'
        : 'palliative-systemic';
    const proposal: Schemas['ProposalDto'] = {
      meetingId,
      branch,
      intent: deviationReason ? 'palliative' : 'curative',
      steps: ['As discussed by the board'],
      regimens: deviationReason ? ['FOLFOX'] : [],
      rationale: `Board decision for ${reference}`,
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
            token: await tokenOf(name),
            body: { choice: 'APPROVE' },
          })
        ).status,
      ).toBe(201);
    const signed = await call(api.url, 'POST', `/recommendations/${recommendation.id}/sign-off`, {
      token: chair,
      body: deviationReason ? { deviationReason } : {},
    });
    expect(signed.status).toBe(200);
    return { recommendationId: recommendation.id, caseId: caseRow.id };
  }

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build before the e2e tier`);
    database = await createTestDatabase('webcoord');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    meetingId = (await seedDemo(prisma)).meetingId;
    boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0] ?? '', user]));
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-web-coord-'));
    smtp = new SmtpSink();
    await smtp.start();
    const config = testConfig({
      DATABASE_URL: database.url,
      AUDIT_CHECKPOINT_DIR: checkpointDir,
      SMTP_PORT: String(smtp.port),
    });
    api = await startApi(config);
    // The built worker as a process of its own: same database, Redis prefix and checkpoint log.
    worker = spawn(process.execPath, [WORKER_MAIN], {
      cwd: join(ROOT, 'test'),
      env: {
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        REDIS_URL: config.redisUrl,
        REDIS_PREFIX: config.redisPrefix,
        SMTP_PORT: String(smtp.port),
        AUDIT_CHECKPOINT_DIR: checkpointDir,
        SERVICE_INSTANCE: 'web-coordinator-e2e',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer): void => {
      workerOutput = (workerOutput + chunk.toString()).slice(-20_000);
    };
    worker.stdout?.on('data', collect);
    worker.stderr?.on('data', collect);
    await until(
      async () =>
        workerOutput.includes('consilium-worker ready') ||
        (worker?.exitCode !== null ? Promise.reject(new Error(`worker exited: ${workerOutput}`)) : false),
      30_000,
      'the worker to be ready',
    );
  });

  afterAll(async () => {
    const running = worker;
    if (running && running.exitCode === null) {
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    }
    await api?.close();
    await smtp?.stop();
    await prisma?.$disconnect();
    await database?.drop();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('builds the agenda: adds the ready case with a presenter, drags and keyboard-drags it, totals the minutes against the meeting, removes it', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, api.url, ...demoLogin('coordinator'));
    const items = page.getByTestId('agenda-item');
    const total = page.getByTestId('agenda-total');
    const references = async (): Promise<string[]> =>
      (await items.allInnerTexts()).map((text) => /CRC-DEMO-\d{4}/.exec(text)?.[0] ?? '');
    const stored = async (): Promise<string[]> =>
      (
        await prisma.agendaItem.findMany({
          where: { meetingId },
          orderBy: { position: 'asc' },
          include: { case: true },
        })
      ).map((row) => row.case.reference);
    const before = await stored();
    await eventually(async () => expect(await references()).toEqual(before));
    await eventually(async () =>
      expect(await textOf(total)).toContain(`${before.length * 10} of 90 minutes allotted, within the meeting`),
    );
    expect(await page.getByRole('link', { name: 'Attendance check-in' }).count()).toBe(1);

    // Add the demo's READY case, 25 minutes, presented by the surgeon.
    const ready = await prisma.case.findUniqueOrThrow({ where: { reference: 'CRC-DEMO-0006' } });
    expect(ready.status).toBe('READY');
    await page.locator('#add-case').selectOption(ready.id);
    await page.getByLabel('Minutes', { exact: true }).fill('25');
    await page.getByLabel('Presenter', { exact: true }).selectOption(userId('surgeon'));
    await page.getByRole('button', { name: 'Add to agenda' }).click();
    await eventually(async () => expect(await references()).toEqual([...before, 'CRC-DEMO-0006']));
    await eventually(async () =>
      expect(await textOf(total)).toContain(`${before.length * 10 + 25} of 90 minutes allotted`),
    );
    const added = await prisma.agendaItem.findFirstOrThrow({ where: { meetingId, caseId: ready.id } });
    expect({ minutes: added.minutesAllotted, presenter: added.presenterId }).toEqual({
      minutes: 25,
      presenter: userId('surgeon'),
    });
    expect((await prisma.case.findUniqueOrThrow({ where: { id: ready.id } })).status).toBe('SCHEDULED');
    expect(await page.getByLabel('Presenter of CRC-DEMO-0006').inputValue()).toBe(userId('surgeon'));

    // Drag it by its handle with the pointer to the top of the agenda.
    const handle = page.getByRole('button', { name: 'Drag CRC-DEMO-0006 to reorder' });
    const from = await handle.boundingBox();
    const to = await items.first().boundingBox();
    if (!from || !to) throw new Error('agenda items are not laid out');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 12, { steps: 4 });
    await page.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 20 });
    await page.mouse.up();
    const dragged = ['CRC-DEMO-0006', ...before];
    await eventually(async () => expect(await references()).toEqual(dragged));
    await eventually(async () => expect(await stored()).toEqual(dragged));

    // The keyboard sensor: focus the last case's handle, Space, Arrow up, Space.
    const last = before[before.length - 1] ?? '';
    await page.getByRole('button', { name: `Drag ${last} to reorder` }).focus();
    for (const key of ['Space', 'ArrowUp', 'Space']) {
      await page.keyboard.press(key);
      await page.waitForTimeout(150);
    }
    const keyboardMoved = ['CRC-DEMO-0006', ...before.slice(0, -2), last, ...before.slice(-2, -1)];
    await eventually(async () => expect(await stored()).toEqual(keyboardMoved));
    await eventually(async () => expect(await references()).toEqual(keyboardMoved));

    // Over the meeting's length: said in words, and the cases that run late say so.
    const minutes = page.getByLabel('Minutes for CRC-DEMO-0006');
    await minutes.fill('75');
    await eventually(async () =>
      expect(await textOf(total)).toContain(
        `${before.length * 10 + 75} of 90 minutes allotted — ${before.length * 10 + 75 - 90} minutes over the meeting`,
      ),
    );
    await minutes.press('Tab');
    await eventually(async () =>
      expect((await prisma.agendaItem.findUniqueOrThrow({ where: { id: added.id } })).minutesAllotted).toBe(75),
    );
    await eventually(async () =>
      expect(await textOf(page.getByTestId('agenda-slot').last())).toContain("runs past the meeting's end"),
    );
    expect(await textOf(page.getByTestId('agenda-slot').first())).not.toContain('runs past');
    await screenshot(page, 'coordinator-agenda-builder');

    await page.getByRole('button', { name: 'Remove CRC-DEMO-0006 from the agenda' }).click();
    await eventually(async () => expect(await references()).toEqual(keyboardMoved.slice(1)));
    await eventually(async () =>
      expect(await textOf(total)).toContain(`${before.length * 10} of 90 minutes allotted, within the meeting`),
    );
    expect((await prisma.case.findUniqueOrThrow({ where: { id: ready.id } })).status).toBe('READY');
    expect(await prisma.agendaItem.count({ where: { meetingId, caseId: ready.id } })).toBe(0);
    expect(errors).toEqual([]);
  });

  it('checks people in and out of a meeting and shows which required specialties are present or missing', async () => {
    const coordinator = await tokenOf('coordinator');
    const created = await apiClient(api.url, coordinator).post('/meetings', {
      body: {
        boardId,
        startsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
        durationMinutes: 60,
        title: 'Attendance drill',
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('coordinator'));
    await page.goto(`${api.url}/#/meetings/${id}/attendance`);
    const quorum = page.getByTestId('quorum');
    await eventually(async () =>
      expect(await textOf(quorum)).toBe(
        '✖ Not quorate: missing Colorectal surgery, Medical oncology, Radiation oncology, Radiology, Pathology.',
      ),
    );

    const checkIn = async (name: string): Promise<void> => {
      const displayName = users.get(name)?.displayName ?? '';
      await page.getByRole('button', { name: `Check in ${displayName}` }).click();
      await page.getByRole('button', { name: `Check out ${displayName}` }).waitFor();
    };
    for (const name of ['surgeon', 'oncologist', 'radiotherapist', 'radiologist']) await checkIn(name);
    await eventually(async () => expect(await textOf(quorum)).toBe('✖ Not quorate: missing Pathology.'));
    await checkIn('pathologist');
    await eventually(async () => expect(await textOf(quorum)).toBe('✓ Quorate: every required specialty is present.'));
    const badges = await page.getByTestId('quorum-specialty').allInnerTexts();
    expect(badges).toHaveLength(5);
    for (const badge of badges) expect(badge).toMatch(/^✓ .+: present$/);
    const surgeonRow = page.getByTestId('attendee-row').filter({ hasText: users.get('surgeon')?.displayName ?? '' });
    expect(await textOf(surgeonRow.getByTestId('attendee-status'))).toMatch(/^✓ Checked in \d\d:\d\d$/);
    await screenshot(page, 'coordinator-attendance-quorate');

    const radiologist = users.get('radiologist')?.displayName ?? '';
    await page.getByRole('button', { name: `Check out ${radiologist}` }).click();
    await eventually(async () => expect(await textOf(quorum)).toBe('✖ Not quorate: missing Radiology.'));
    expect(await textOf(page.getByTestId('quorum-specialty').filter({ hasText: 'Radiology' }))).toBe(
      '✖ Radiology: missing',
    );
    const rows = await prisma.attendance.findMany({ where: { meetingId: id } });
    expect(rows).toHaveLength(5);
    expect(rows.filter((row) => row.leftAt !== null).map((row) => row.userId)).toEqual([userId('radiologist')]);
    expect(new Set(rows.map((row) => row.checkedInById))).toEqual(new Set([userId('coordinator')]));
  });

  it('shows the board report as lazy-loaded charts with the same numbers in tables, after a sign-off that departs from the pathway', async () => {
    const { caseId } = await signOff('CRC-DEMO-0004', 'PATIENT_PREFERENCE');
    const oncologist = await tokenOf('oncologist');
    expect(
      (
        await call(api.url, 'POST', `/cases/${caseId}/treatment-events`, {
          token: oncologist,
          body: { kind: 'SYSTEMIC_THERAPY', status: 'DONE', startDate: today(), regimens: ['FOLFOX'] },
        })
      ).status,
    ).toBe(201);
    // The report the screen should show: the default period is the last 12 months up to today.
    const report = await apiClient(api.url, await tokenOf('coordinator')).get('/reports', {
      params: { query: { boardId, from: addDays(today(), -365), to: addDays(today(), 1) } },
    });
    expect(report.status).toBe(200);
    const expected = report.body;
    expect(expected.concordance.departuresByReason.PATIENT_PREFERENCE).toBeGreaterThanOrEqual(1);
    expect(expected.referralToDiscussion.count).toBeGreaterThanOrEqual(1);
    expect(expected.discussionToTreatment.count).toBeGreaterThanOrEqual(1);

    const page = await newPage();
    const chartChunks: string[] = [];
    page.on('request', (request) =>
      request.url().includes('ReportCharts') ? chartChunks.push(request.url()) : undefined,
    );
    await signIn(page, api.url, ...demoLogin('coordinator'));
    await page.getByRole('heading', { name: 'Coordinator' }).waitFor();
    expect(chartChunks).toEqual([]); // recharts is not part of the first load
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByTestId('report').waitFor();
    for (const chart of ['chart-concordance', 'chart-departures', 'chart-timeliness']) {
      await eventually(
        async () =>
          expect(await page.getByTestId(chart).locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(1),
        10_000,
      );
    }
    expect(chartChunks).toHaveLength(1);
    expect(await page.getByTestId('chart-departures').locator('svg').textContent()).toContain('Patient preference');

    const concordance = await textOf(page.getByTestId('concordance-table'));
    expect(concordance).toContain(`Signed off\t${expected.concordance.signedOff}`);
    expect(concordance).toContain(`Following the pathway\t${expected.concordance.followingPathway}`);
    expect(await textOf(page.getByTestId('departures-table'))).toContain(
      `Patient preference\t${expected.concordance.departuresByReason.PATIENT_PREFERENCE}`,
    );
    // By site and pathway: the rectal stage IV decisions on their pathway, with their concordance.
    expect(await textOf(page.getByTestId('site-pathway-table'))).toMatch(
      /C20\tStage IV rectal cancer \(synchronous metastases\)\t\d+\t\d+ ?%/,
    );
    const timeliness = await textOf(page.getByTestId('timeliness-table'));
    expect(timeliness).toContain(
      `Referral → discussion\t${expected.referralToDiscussion.count}\t${expected.referralToDiscussion.medianDays} days`,
    );
    expect(timeliness).toContain(
      `Discussion → treatment start\t${expected.discussionToTreatment.count}\t${expected.discussionToTreatment.medianDays} days`,
    );
    // CRC-DEMO-0004 was referred 21 days before the seeding and discussed now.
    expect(expected.referralToDiscussion.medianDays).toBeGreaterThan(0);
    await screenshot(page, 'reports-charts');

    // Clinicians have the report too; auditors do not (the API answers them 403).
    const clinician = await newPage();
    await signIn(clinician, api.url, ...demoLogin('surgeon'));
    expect(
      await clinician.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count(),
    ).toBe(1);
    const auditor = await newPage();
    await signIn(auditor, api.url, ...demoLogin('auditor'));
    expect(await auditor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count()).toBe(
      0,
    );
  });

  it('lets the auditor export the current search as CSV and check an inclusion proof in the browser', async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('auditor'));
    await page.getByLabel('Action').selectOption('C');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    const shownSeqs = await rows.evaluateAll((shown) => shown.map((row) => row.getAttribute('data-seq') ?? ''));

    await page.getByRole('button', { name: 'Export this search as CSV' }).click();
    const link = page.getByRole('link', { name: /^Download audit-events\.csv/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('audit-events.csv');
    const downloaded = await download.path();
    const csv = readFileSync(downloaded, 'utf8').split('\r\n').filter(Boolean);
    const header = csv[0]?.split(',') ?? [];
    expect(header.slice(0, 5)).toEqual(['id', 'seq', 'recordedAt', 'action', 'type']);
    const records = csv.slice(1).map((line) => line.split(','));
    expect(records.length).toBeGreaterThanOrEqual(shownSeqs.length);
    expect(await textOf(link)).toContain(`(${records.length} events`);
    // Exactly the search: action C only, and every event the table shows is in the file.
    expect(new Set(records.map((record) => record[3]))).toEqual(new Set(['C']));
    const exportedSeqs = new Set(records.map((record) => record[1]));
    for (const seq of shownSeqs) expect(exportedSeqs.has(seq)).toBe(true);
    expect(
      await prisma.auditEvent.count({ where: { type: 'audit.export', actorUserId: users.get('auditor')?.id } }),
    ).toBe(1);

    // An event the worker has sealed under a signed checkpoint.
    const seq = shownSeqs[shownSeqs.length - 1] ?? '';
    const leaf = await until(
      async () => {
        const found = await prisma.auditLeaf.findUnique({ where: { seq: BigInt(seq) } });
        return found && (await prisma.auditCheckpoint.count({ where: { treeSize: { gt: found.leafIndex } } })) > 0
          ? found
          : null;
      },
      20_000,
      `event ${seq} to be sealed by the worker\n${workerOutput}`,
    );
    await page.getByRole('button', { name: `Inclusion proof of event ${seq}`, exact: true }).click();
    const result = page.getByTestId('proof-result');
    await eventually(
      async () =>
        expect(await textOf(result)).toMatch(
          /^✓ Proof verified: the event hashes to leaf \d+, its audit path leads to the root of the checkpoint of tree size \d+, and the checkpoint's Ed25519 signature is valid for key [0-9a-f]{16}\.$/,
        ),
      10_000,
    );
    expect(await textOf(page.getByTestId('proof-leaf-index'))).toBe(leaf.leafIndex.toString());
    const treeSize = BigInt(await textOf(page.getByTestId('proof-tree-size')));
    expect(treeSize).toBeGreaterThan(leaf.leafIndex);
    expect(await prisma.auditCheckpoint.count({ where: { treeSize } })).toBeGreaterThanOrEqual(1);
    // The path shown has the RFC 9162 length for that leaf in a tree of that size (a proof fetched
    // again here could be against a newer checkpoint: the worker keeps sealing).
    expect(await page.getByTestId('proof-path').locator('li').count()).toBe(auditPathLength(leaf.leafIndex, treeSize));
    await screenshot(page, 'auditor-proof-verified');

    // The check can fail: the same proof with one changed field of the event is refused.
    await page.getByRole('button', { name: 'Close the proof' }).click();
    await page.route('**/audit/events/*/proof', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { event: { type: string } };
      await route.fulfill({
        response,
        json: { ...body, event: { ...body.event, type: `${body.event.type}.altered` } },
      });
    });
    await page.getByRole('button', { name: `Inclusion proof of event ${seq}`, exact: true }).click();
    await eventually(async () =>
      expect(await textOf(result)).toBe(
        '✖ The proof does NOT verify: the event does not hash to the proven leaf hash: its content was changed',
      ),
    );
  });

  it('shows a clinician the reminder the real worker delivered after a sign-off and a planned surgery', async () => {
    const { recommendationId, caseId } = await signOff('CRC-DEMO-0001');
    // Surgery planned in 30 days: the last bevacizumab dose was due 42 days before it, i.e. now.
    const surgeryOn = addDays(today(), 30);
    const recorded = await call(api.url, 'POST', `/cases/${caseId}/treatment-events`, {
      token: await tokenOf('oncologist'),
      body: {
        kind: 'SURGERY',
        status: 'PLANNED',
        startDate: surgeryOn,
        elective: true,
        surgeryTarget: 'PRIMARY_AND_METASTASES',
      },
    });
    expect(recorded.status).toBe(201);
    const reminder = await until(
      async () => {
        const row = await prisma.reminder.findUnique({
          where: { dedupeKey: `${recommendationId}:BEVACIZUMAB_LAST_DOSE` },
        });
        return row?.status === 'DELIVERED' ? row : null;
      },
      30_000,
      `the worker to deliver the reminder\n${workerOutput}`,
    );
    expect(reminder.dueAt.toISOString()).toBe(`${addDays(surgeryOn, -42)}T07:00:00.000Z`);
    // Delivered by the worker process: its delivery log and its audit trail.
    const delivery = await prisma.delivery.findFirstOrThrow({
      where: { reminderId: reminder.id, channel: 'IN_APP', recipientId: userId('surgeon') },
    });
    expect(
      await prisma.auditEvent.count({
        where: {
          type: 'reminder.delivery',
          entityId: reminder.id,
          sourceService: 'consilium-worker',
          sourceInstance: 'web-coordinator-e2e',
        },
      }),
    ).toBeGreaterThanOrEqual(2);
    await until(
      async () => smtp.received.some((mail) => mail.messageId.includes(reminder.id)),
      10_000,
      'the reminder e-mail',
    );

    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('surgeon'));
    const title = `CRC-DEMO-0001: action due (due ${addDays(surgeryOn, -42)})`;
    const item = page.getByTestId('notification').filter({ hasText: title });
    await eventually(async () => expect(await textOf(item)).toContain('● Unread'));
    expect(await textOf(item)).toContain('Last bevacizumab dose before surgery (at least 6 weeks before)');
    expect(
      await prisma.notification.count({ where: { id: delivery.externalId ?? '', userId: userId('surgeon') } }),
    ).toBe(1);

    // The clinician's home lists the upcoming meetings and the cases of the next one to review.
    await eventually(async () => expect(await page.getByTestId('upcoming-meeting').count()).toBeGreaterThanOrEqual(1));
    expect(await textOf(page.getByTestId('upcoming-meeting').first())).toContain('Colorectal MDT');
    const onAgenda = await prisma.agendaItem.findMany({
      where: { meetingId },
      include: { case: true },
      orderBy: { position: 'asc' },
    });
    await eventually(async () => expect(await page.getByTestId('review-case').count()).toBe(onAgenda.length));
    expect(await textOf(page.getByTestId('review-case').filter({ hasText: 'CRC-DEMO-0001' }))).toMatch(
      /Draft plan v\d+ \(Signed off\)/,
    );
    await screenshot(page, 'clinician-home-worker-reminder');

    // The attendance page of their upcoming meeting is one link away (to check in or see the quorum).
    await page
      .getByTestId('upcoming-meeting')
      .first()
      .getByRole('link', { name: /^Attendance and check-in for Colorectal MDT/ })
      .click();
    await eventually(async () =>
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain('Attendance: Colorectal MDT'),
    );
    expect(new URL(page.url()).hash).toBe(`#/meetings/${meetingId}/attendance`);
    await eventually(async () =>
      expect(await textOf(page.getByTestId('quorum'))).toBe('✓ Quorate: every required specialty is present.'),
    );
    await page.goBack();

    await item.getByRole('button', { name: `Mark “${title}” as read` }).click();
    await eventually(async () => expect(await textOf(item)).toContain('✓ Read'));
  });
});
