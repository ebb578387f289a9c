import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { AuditSealer, CheckpointSigner, ExternalCheckpointLog, parseSigningKey, pgRunner } from '@consilium/audit';
import { seedDemo } from '../../prisma/seed';
import { chromiumPages, eventually, screenshot, signIn, textOf } from '../browser/chromium';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { decideCase, type DecidedCase } from '../support/decision';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { demoLogin } from '../support/stack';

/**
 * The auditor's journey in Chromium (issue 21): find a case by the patient's name, open the
 * decision's provenance, see the three votes and the sign-off, check one proof in the browser;
 * then who saw the patient, with the screens they used.
 */
describe('the auditor follows a decision and a patient in Chromium', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let client: Client;
  let api: RunningApi;
  let checkpointDir: string;
  let decided: DecidedCase;

  const { newPage } = chromiumPages();

  beforeAll(async () => {
    database = await createTestDatabase('web_audit');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    client = new Client({ connectionString: database.url });
    await client.connect();
    await seedDemo(prisma);
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-web-audit-'));
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    api = await startApi(
      testConfig({ DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: checkpointDir, AUDIT_SIGNING_KEY: signingKey }),
    );
    decided = await decideCase(api.url, prisma, { givenName: 'Hedda', familyName: 'Provenance' });
    // The surgeon opens the case from the web app's case view (its screen header, as the app sends it).
    const surgeon = (await login(api.url, ...demoLogin('surgeon'))).accessToken;
    expect(
      (
        await call(api.url, 'GET', `/cases/${decided.caseId}`, {
          token: surgeon,
          headers: { 'x-consilium-screen': 'case-view' },
        })
      ).status,
    ).toBe(200);
    // Sealed as the worker would, so that every line has a proof.
    await new AuditSealer(
      pgRunner(client),
      new CheckpointSigner(parseSigningKey(signingKey)),
      new ExternalCheckpointLog(checkpointDir),
      64,
    ).sealAll();
  });

  afterAll(async () => {
    await api?.close();
    await client?.end();
    await prisma?.$disconnect();
    await database?.drop();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  it("finds the case by the patient's name, opens its provenance, sees the three votes and the sign-off, and checks one proof", async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => (message.type() === 'error' ? errors.push(message.text()) : undefined));
    await signIn(page, api.url, ...demoLogin('auditor'));

    await page.getByLabel('Patient name or MRN').fill('Hedda Provenance');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('audit-row').first().waitFor();
    expect(await textOf(page.getByTestId('audit-matched'))).toContain(`Patient Hedda Provenance (MRN ${decided.mrn})`);
    const summaries = await page.getByTestId('audit-summary').allInnerTexts();
    expect(summaries).toContain(`signed off recommendation v1 of case ${decided.reference}`);
    expect(summaries).toContain(`viewed case ${decided.reference}`);
    for (const summary of summaries) expect(summary).not.toMatch(/\b[0-9a-f]{8}\b/);
    await screenshot(page, 'auditor-search-by-patient');

    const signOffRow = page
      .getByTestId('audit-row')
      .filter({ hasText: `signed off recommendation v1 of case ${decided.reference}` });
    expect(await textOf(signOffRow.locator('td:nth-child(2)'))).toBe('Dr. Olga Oncologist');
    await signOffRow.getByRole('link', { name: 'Provenance' }).click();
    await page.getByRole('heading', { name: `Provenance of recommendation v1, case ${decided.reference}` }).waitFor();

    const votes = page.getByTestId('provenance-vote');
    expect(await votes.count()).toBe(3);
    const voteRows = (await votes.allInnerTexts()).map((row) => row.split('\t').slice(0, 4).join(' | ').trim());
    expect(voteRows.sort()).toEqual([
      'Dr. Olga Oncologist | Medical oncology | Approve |',
      'Dr. Paul Pathologist | Pathology | Reject | Chemotherapy first',
      'Dr. Sam Surgeon | Colorectal surgery | Approve |',
    ]);
    const signOff = await textOf(page.getByTestId('provenance-sign-off'));
    expect(signOff).toContain('Signed off by Dr. Olga Oncologist');
    expect(signOff).toContain('Quorum at sign-off: quorate');
    expect(signOff).toContain('Dr. Paul Pathologist (Pathology)');

    await page
      .getByTestId('provenance-sign-off')
      .getByRole('button', { name: 'Check the proof of: the sign-off' })
      .click();
    const result = page.getByTestId('proof-result');
    await eventually(
      async () =>
        expect(await textOf(result)).toMatch(
          /^✓ Proof verified: the event hashes to leaf \d+, its audit path leads to the root of the checkpoint of tree size \d+, and the checkpoint's Ed25519 signature is valid for key [0-9a-f]{16}\.$/,
        ),
      10_000,
    );
    const signOffEvent = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'recommendation.sign-off', entityId: decided.recommendationId },
      include: { leaf: true },
    });
    expect(await textOf(page.getByTestId('proof-leaf-index'))).toBe(signOffEvent.leaf!.leafIndex.toString());
    await screenshot(page, 'auditor-provenance');

    // The PDF export downloads a real PDF.
    await page.getByRole('button', { name: 'Export as PDF' }).click();
    const link = page.getByRole('link', { name: `Download provenance-${decided.reference}-v1.pdf` });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(errors).toEqual([]);
  });

  it('shows who saw the patient, with the screen of each read', async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('auditor'));
    await page.getByLabel('Patient name or MRN').fill(decided.mrn);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'who saw this patient' }).click();
    await page.getByRole('heading', { name: 'Who saw Hedda Provenance' }).waitFor();
    const surgeonView = page
      .getByTestId('audit-row')
      .filter({ hasText: `viewed case ${decided.reference}` })
      .filter({ hasText: 'Dr. Sam Surgeon' });
    await eventually(async () => expect(await surgeonView.count()).toBe(1));
    expect(await textOf(surgeonView.locator('td:nth-child(5)'))).toBe('Case view · GET /cases/:id');
    // The auditor's own search by the name is a read of the patient too.
    expect(
      await page.getByTestId('audit-row').filter({ hasText: 'searched the audit trail' }).count(),
    ).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'auditor-who-saw');
  });

  it('links the provenance from the case view for the auditor', async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('auditor'));
    await page.goto(`${api.url}/#/cases/${decided.caseId}`);
    await page.getByTestId('recommendation-row').getByRole('link', { name: 'Provenance' }).click();
    await page.getByRole('heading', { name: `Provenance of recommendation v1, case ${decided.reference}` }).waitFor();
    expect(await page.getByTestId('provenance-line').count()).toBeGreaterThan(5);
  });
});
