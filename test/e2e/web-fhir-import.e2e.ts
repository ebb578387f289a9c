import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { seedDemo, THORACIC_BOARD_NAME } from '../../prisma/seed';
import { axeViolations } from '../browser/axe';
import { chromiumPages, eventually, screenshot, signIn, textOf } from '../browser/chromium';
import { ROOT } from '../support/constants';
import { startApi, type RunningApi } from '../support/api';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { demoLogin } from '../support/stack';

const LUNG_BUNDLE = join(ROOT, 'test/fixtures/fhir/lung-egfr.json');

/**
 * A case from the hospital record, in Chromium: the coordinator uploads an mCODE Bundle on the
 * new-case screen; the API takes in the patient and a REFERRED case on the chosen board, the
 * screen names what it did not take over, and a broken bundle is refused in words.
 */
describe('web app: a case imported from a FHIR bundle', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  let scratch: string;
  const { newPage } = chromiumPages();

  beforeAll(async () => {
    database = await createTestDatabase('web_fhir');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    scratch = mkdtempSync(join(tmpdir(), 'consilium-web-fhir-'));
    api = await startApi(testConfig({ DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: scratch }));
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('uploads an mCODE bundle: a referred lung case on the thoracic board, with what was not taken over listed', async () => {
    const page = await newPage();
    await signIn(page, api.url, ...demoLogin('coordinator'));
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByRole('heading', { name: 'New case' }).waitFor();
    const thoracic = await prisma.board.findUniqueOrThrow({ where: { name: THORACIC_BOARD_NAME } });
    await eventually(async () =>
      expect(await page.locator('#field-boardId').locator('option').allInnerTexts()).toContain(THORACIC_BOARD_NAME),
    );
    await page.locator('#field-boardId').selectOption(thoracic.id);

    // A file that is not FHIR is refused in words, and nothing is written.
    const before = await prisma.case.count();
    const broken = join(scratch, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', birthDate: 'yesterday' } }],
      }),
    );
    await page.getByLabel('FHIR bundle (JSON)').setInputFiles(broken);
    await eventually(async () =>
      expect(await textOf(page.getByTestId('fhir-import'))).toContain('The bundle was refused (400)'),
    );
    expect(await prisma.case.count()).toBe(before);

    await page.getByLabel('FHIR bundle (JSON)').setInputFiles(LUNG_BUNDLE);
    const result = page.getByTestId('fhir-import-result');
    await eventually(async () =>
      expect(await textOf(result)).toMatch(/Case THX-\d{4}-\d{4} created \(patient created\)/),
    );
    const created = await prisma.case.findFirstOrThrow({
      where: { boardId: thoracic.id, patient: { mrn: 'SYN-LUNG-0001' } },
    });
    expect(created.status).toBe('REFERRED');
    expect(created.siteCode).toMatch(/^C34/);
    expect(created.pathwayId).toBeNull();
    expect((await axeViolations(page)).map((violation) => violation.id)).toEqual([]);
    await screenshot(page, 'case-import-fhir');

    // The case is a real one: it opens, with the record's facts in clinical words.
    await result.getByRole('link', { name: created.reference }).click();
    await eventually(async () =>
      expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain(created.reference),
    );
    expect(await textOf(page.getByTestId('facts-primary'))).toContain('C34');
  });
});
