import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Specialty } from '@prisma/client';
import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { DEMO_BOARD_NAME, THORACIC_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { fhirErrors } from '../../apps/api/src/fhir/fhir-validator';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const CLINICIAN_PASSWORD = 'Demo-Clinician-Passw0rd';
const fixture = (name: string): Bundle =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/fhir', name), 'utf8')) as Bundle;

/** Every system|code in a JSON tree. */
function codings(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => codings(item, into));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['system'] === 'string' && typeof record['code'] === 'string')
      into.add(`${record['system']}|${record['code']}`);
    Object.values(record).forEach((child) => codings(child, into));
  }
  return into;
}

/** A PDF's text as poppler's pdftotext reads it. */
function pdfText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'consilium-fhir-pdf-')), 'document.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

type ImportResult = {
  caseId: string;
  caseReference: string;
  patientId: string;
  patient: string;
  outcome: OperationOutcome;
};

/**
 * FHIR R4 / mCODE over HTTP (issue 15): a referral Bundle in (patient matched by MRN, a REFERRED
 * case, the unmapped elements listed, invalid FHIR refused naming the element), the case
 * discussed and signed off through the API, the decision out as a document Bundle that an
 * independent validator (@medplum/core) accepts and that keeps every coded element imported.
 */
describe('FHIR R4 / mCODE exchange', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningApi;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const boards = { colorectal: '', thoracic: '' };

  beforeAll(async () => {
    database = await createTestDatabase('fhir');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    boards.colorectal = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    boards.thoracic = (await prisma.board.findUniqueOrThrow({ where: { name: THORACIC_BOARD_NAME } })).id;
    await prisma.meeting.updateMany({ data: { status: 'CANCELLED' } });
    api = await startApi(testConfig({ DATABASE_URL: database.url, LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' }));
    tokens.coordinator = (await login(api.url, 'coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd')).accessToken;
    for (const name of ['oncologist', 'radiotherapist', 'radiologist', 'pathologist']) {
      tokens[name] = (await login(api.url, `${name}@consilium.demo`, CLINICIAN_PASSWORD)).accessToken;
    }
    for (const user of await prisma.user.findMany()) userIds[user.email.split('@')[0]!] = user.id;
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await database?.drop();
  });

  async function post(
    path: string,
    body: unknown,
    contentType = 'application/fhir+json',
    token = tokens.coordinator,
  ): Promise<{ status: number; contentType: string | null; body: unknown }> {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: JSON.stringify(body),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
  }

  it('imports the colon stage III transaction Bundle: patient created, a REFERRED case with the core, the unmapped elements listed, audited; a second import updates the patient', async () => {
    const imported = await post(`/fhir/R4?boardId=${boards.colorectal}`, fixture('colon-stage-iii.json'));
    expect({ status: imported.status, body: imported.status === 201 ? null : imported.body }).toEqual({
      status: 201,
      body: null,
    });
    const result = imported.body as ImportResult;
    expect(result.patient).toBe('created');
    expect(result.outcome.issue?.map((issue) => [issue.severity, issue.code, issue.expression?.[0]])).toEqual([
      ['warning', 'not-supported', 'Bundle.entry[0].resource.address'],
      ['warning', 'not-supported', 'Bundle.entry[1].resource.code.coding[1]'],
    ]);
    expect(fhirErrors(result.outcome)).toEqual([]);

    const view = await call(api.url, 'GET', `/cases/${result.caseId}`, { token: tokens.coordinator });
    expect(view.body).toMatchObject({
      status: 'REFERRED',
      mrn: 'SYN-COLON-0001',
      boardId: boards.colorectal,
      pathway: null,
      core: {
        primary: { siteCode: 'C18.7', morphologyCode: '8140/3', topographyCode: 'C18.7' },
        staging: { edition: 'UICC-8', pathological: { t: 'T3', n: 'N1b', m: 'M0' }, stageGroup: 'IIIB' },
        condition: { ecog: 0, comorbidities: [{ code: 'I10', text: 'Essential hypertension' }] },
      },
    });
    expect(
      (view.body as { applicablePathways: { id: string }[] }).applicablePathways.map((pathway) => pathway.id),
    ).toEqual(['colon-stage-i-iii']);
    const audit = await prisma.auditEvent.findMany({
      where: { patientId: result.patientId, action: 'C' },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((event) => event.type)).toEqual(['patient.create', 'case.create']);

    const renamed = fixture('colon-stage-iii.json');
    (renamed.entry![0]!.resource as { name: { family: string }[] }).name[0]!.family = 'Testperson-Neu';
    const again = await post(`/fhir/R4?boardId=${boards.colorectal}`, renamed, 'application/json');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ patientId: result.patientId, patient: 'updated' });
    const update = await prisma.auditEvent.findFirstOrThrow({
      where: { patientId: result.patientId, type: 'patient.update' },
    });
    expect(update.changes).toEqual({ familyName: { old: 'Testperson', new: 'Testperson-Neu' } });
  });

  it('refuses invalid FHIR and facts the library refuses with an OperationOutcome naming the element, and changes nothing', async () => {
    const before = await prisma.patient.count();
    const invalid = fixture('colon-stage-iii.json');
    (invalid.entry![0]!.resource as { birthDate: string }).birthDate = '1958-13-01';
    const refused = await post(`/fhir/R4?boardId=${boards.colorectal}`, invalid);
    expect(refused.status).toBe(400);
    expect(refused.contentType).toMatch(/^application\/fhir\+json/);
    expect((refused.body as OperationOutcome).issue?.map((issue) => issue.expression?.[0])).toContain(
      'Bundle.entry[0].resource.birthDate',
    );

    const badStage = fixture('lung-egfr.json');
    (
      badStage.entry![2]!.resource as { valueCodeableConcept: { coding: { code: string }[] } }
    ).valueCodeableConcept.coding[0]!.code = 'cT9';
    const library = await post(`/fhir/R4?boardId=${boards.thoracic}`, badStage);
    expect(library.status).toBe(400);
    expect((library.body as OperationOutcome).issue).toEqual([
      expect.objectContaining({
        severity: 'error',
        expression: ['Bundle.entry[2].resource.valueCodeableConcept'],
        details: { text: expect.stringContaining('staging.clinical.t must be one of') },
      }),
    ]);

    const noPatient = await post(`/fhir/R4?boardId=${boards.thoracic}`, {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [],
    });
    expect(noPatient.status).toBe(400);
    expect((noPatient.body as OperationOutcome).issue?.[0]?.expression).toEqual(['Bundle.entry']);
    const notBundle = await post(`/fhir/R4?boardId=${boards.thoracic}`, {
      resourceType: 'Patient',
      birthDate: '1960-01-01',
    });
    expect(notBundle.status).toBe(400);
    expect((notBundle.body as OperationOutcome).issue?.[0]?.expression).toEqual(['resourceType']);
    // Odd shapes are refused as 400 OperationOutcomes, never a 500.
    const colon = fixture('colon-stage-iii.json');
    const odd: unknown[] = [
      [],
      'a string',
      null,
      { resourceType: 'Bundle', type: 'collection', entry: [{}] },
      { resourceType: 'Bundle', type: 'searchset', entry: colon.entry },
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Condition', subject: { reference: 'Patient/x' } } }],
      },
      {
        ...colon,
        entry: colon.entry!.map((entry, index) =>
          index === 6 ? { ...entry, resource: { ...entry.resource, valueInteger: 7 } } : entry,
        ),
      },
    ];
    for (const body of odd) {
      const answer = await post(`/fhir/R4?boardId=${boards.thoracic}`, body);
      expect({ body, status: answer.status, type: (answer.body as { resourceType?: string }).resourceType }).toEqual({
        body,
        status: 400,
        type: 'OperationOutcome',
      });
    }
    const ecog = await post(`/fhir/R4?boardId=${boards.thoracic}`, odd[6]);
    expect((ecog.body as OperationOutcome).issue).toEqual([
      expect.objectContaining({
        expression: ['Bundle.entry[6].resource'],
        details: { text: expect.stringContaining('ecog must be 0-4') },
      }),
    ]);
    expect(await prisma.patient.count()).toBe(before);
  });

  it('names the board: missing boardId 400, a board not yours 404, a clinician 403', async () => {
    expect((await post('/fhir/R4', fixture('lung-egfr.json'))).status).toBe(400);
    const other = await prisma.board.create({
      data: { name: `Other ${randomUUID().slice(0, 6)}`, requiredSpecialties: ['MEDICAL_ONCOLOGY'] },
    });
    expect((await post(`/fhir/R4?boardId=${other.id}`, fixture('lung-egfr.json'))).status).toBe(404);
    expect(
      (
        await post(
          `/fhir/R4?boardId=${boards.thoracic}`,
          fixture('lung-egfr.json'),
          'application/fhir+json',
          tokens.oncologist,
        )
      ).status,
    ).toBe(403);
  });

  it('round trip: the lung EGFR+ referral imported, discussed, signed off and exported keeps every coded element; the letter and the minutes read back; the CarePlan search and the CapabilityStatement are valid R4', async () => {
    const source = fixture('lung-egfr.json');
    const imported = await post(`/fhir/R4?boardId=${boards.thoracic}`, source, 'application/json');
    expect(imported.status).toBe(201);
    const { caseId, patientId, outcome } = imported.body as ImportResult;
    expect(outcome.issue?.map((issue) => issue.expression?.[0])).toEqual(['Bundle.entry[11].resource']);

    const current = await call(api.url, 'GET', `/cases/${caseId}`, { token: tokens.coordinator });
    const patched = await call(api.url, 'PATCH', `/cases/${caseId}`, {
      token: tokens.coordinator,
      body: { questionForBoard: 'Curative chemoradiotherapy?', lastImagingDate: '2026-11-10' },
      headers: { 'if-match': current.headers.get('etag')! },
    });
    expect(patched.status).toBe(200);
    expect(
      (await call(api.url, 'POST', `/cases/${caseId}/status`, { token: tokens.coordinator, body: { status: 'READY' } }))
        .status,
    ).toBe(200);
    const [draft] = (await call(api.url, 'GET', `/cases/${caseId}/recommendations`, { token: tokens.coordinator }))
      .body as { id: string }[];
    const quorum = ['oncologist', 'radiotherapist', 'radiologist', 'pathologist'];
    const specialty: Record<string, Specialty> = {
      oncologist: 'MEDICAL_ONCOLOGY',
      radiotherapist: 'RADIATION_ONCOLOGY',
      radiologist: 'RADIOLOGY',
      pathologist: 'PATHOLOGY',
    };
    const meeting = await prisma.meeting.create({
      data: {
        boardId: boards.thoracic,
        title: 'Thoracic MDT',
        startsAt: new Date(Date.now() + 5 * 60_000),
        chairId: userIds.oncologist,
        requiredSpecialties: quorum.map((name) => specialty[name]!),
      },
    });
    expect(
      (await call(api.url, 'POST', `/meetings/${meeting.id}/agenda`, { token: tokens.coordinator, body: { caseId } }))
        .status,
    ).toBe(201);
    for (const name of quorum)
      expect(
        (
          await call(api.url, 'POST', `/meetings/${meeting.id}/attendance`, {
            token: tokens.coordinator,
            body: { userId: userIds[name] },
          })
        ).status,
      ).toBe(200);
    const etag = (
      await call(api.url, 'GET', `/recommendations/${draft!.id}`, { token: tokens.oncologist })
    ).headers.get('etag')!;
    const boardPlan = {
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
      milestones: [{ key: 'ct-3-months', label: 'CT chest', anchor: 'treatmentEnd', offsetDays: 90 }],
      notes: null,
    };
    const proposed = await call(api.url, 'PUT', `/recommendations/${draft!.id}/proposal`, {
      token: tokens.oncologist,
      body: { meetingId: meeting.id, intent: 'curative', rationale: 'EGFR exon 19 deletion, stage IIIA', boardPlan },
      headers: { 'if-match': etag },
    });
    expect(proposed.status).toBe(200);
    expect(
      (await call(api.url, 'GET', `/recommendations/${draft!.id}/fhir`, { token: tokens.coordinator })).status,
    ).toBe(409);
    for (const name of quorum)
      expect(
        (
          await call(api.url, 'POST', `/recommendations/${draft!.id}/votes`, {
            token: tokens[name],
            body: { choice: 'APPROVE', comment: name === 'radiotherapist' ? 'agree, 60 Gy' : undefined },
          })
        ).status,
      ).toBe(201);
    expect(
      (await call(api.url, 'POST', `/recommendations/${draft!.id}/sign-off`, { token: tokens.oncologist, body: {} }))
        .status,
    ).toBe(200);

    const exported = await fetch(`${api.url}/recommendations/${draft!.id}/fhir`, {
      headers: { authorization: `Bearer ${tokens.coordinator}` },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const document = (await exported.json()) as Bundle;
    expect(fhirErrors(document)).toEqual([]);
    for (const entry of document.entry ?? [])
      expect({ type: entry.resource?.resourceType, errors: fhirErrors(entry.resource) }).toEqual({
        type: entry.resource?.resourceType,
        errors: [],
      });
    expect(document.type).toBe('document');
    expect(document.entry?.[0]?.resource?.resourceType).toBe('Composition');

    // Every coding of the source that was not reported as unmapped comes back out (the hospital's MRN system is replaced by ours).
    const exportedCodes = codings(document);
    const unmappedEntries = new Set(outcome.issue?.map((issue) => issue.expression?.[0]));
    const lost = (source.entry ?? [])
      .flatMap((entry, index) =>
        unmappedEntries.has(`Bundle.entry[${index}].resource`) ? [] : [...codings(entry.resource)],
      )
      .filter((code) => !code.startsWith('urn:oid:') && !exportedCodes.has(code));
    expect(lost).toEqual([]);

    const carePlan = document.entry?.find((entry) => entry.resource?.resourceType === 'CarePlan')?.resource as {
      activity: { detail: { code: { text: string } } }[];
      supportingInfo: unknown[];
    };
    expect(carePlan.activity.map((activity) => activity.detail.code.text)).toEqual(
      expect.arrayContaining([
        'Concurrent chemoradiotherapy 60 Gy / 30 fractions',
        'Consolidation osimertinib',
        'CT chest',
      ]),
    );
    expect(carePlan.supportingInfo.length).toBeGreaterThanOrEqual(7);
    const votes = document.entry?.filter(
      (entry) =>
        entry.resource?.resourceType === 'Observation' &&
        (entry.resource as { code: { coding: { code: string }[] } }).code.coding[0]?.code === 'vote',
    );
    expect(votes).toHaveLength(4);
    expect(JSON.stringify(document)).toContain('agree, 60 Gy');
    expect(await prisma.auditEvent.count({ where: { type: 'recommendation.export-fhir', entityId: draft!.id } })).toBe(
      1,
    );

    const search = await call(api.url, 'GET', `/fhir/R4/CarePlan?patient=Patient/${patientId}`, {
      token: tokens.coordinator,
    });
    expect(search.status).toBe(200);
    expect(fhirErrors(search.body)).toEqual([]);
    expect(search.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const missing = await call(api.url, 'GET', '/fhir/R4/CarePlan?patient=Patient/not-an-id', {
      token: tokens.coordinator,
    });
    expect(missing.status).toBe(400);
    expect((missing.body as OperationOutcome).resourceType).toBe('OperationOutcome');

    // The decision letter: downloadable, and attached to the export as a DocumentReference.
    const letter = await fetch(`${api.url}/recommendations/${draft!.id}/decision.pdf`, {
      headers: { authorization: `Bearer ${tokens.radiologist}` },
    });
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    const letterPdf = Buffer.from(await letter.arrayBuffer());
    const letterText = pdfText(letterPdf);
    const signOff = await prisma.auditEvent.findFirstOrThrow({
      where: { type: 'recommendation.sign-off', entityId: draft!.id },
    });
    const reference = (await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).reference;
    for (const expected of [
      'Beispiel, Lukas',
      'SYN-LUNG-0001',
      '1961-07-22',
      'Curative chemoradiotherapy?',
      'UICC-8, cT2a cN2 cM0, stage IIIA',
      'EGFR',
      'exon 19 deletion',
      'Consolidation osimertinib',
      'CT chest',
      'No pathway applies to this case',
      'No dissent.',
      'agree, 60 Gy',
      'Quorate',
      `Audit event ${signOff.id}`,
      `GET /audit/events/${signOff.id}/proof`,
      reference,
    ]) {
      expect(letterText).toContain(expected);
    }
    expect(letterText).toMatch(/Signed off by .+ at \d{4}-\d{2}-\d{2}T/);
    const attached = document.entry?.find((entry) => entry.resource?.resourceType === 'DocumentReference')
      ?.resource as { content: { attachment: { contentType: string; data: string } }[] };
    expect(attached.content[0]!.attachment.contentType).toBe('application/pdf');
    expect(pdfText(Buffer.from(attached.content[0]!.attachment.data, 'base64'))).toContain(`Audit event ${signOff.id}`);

    // A second case on the same meeting, deferred with a reason: the minutes say so.
    const deferredSource = fixture('colon-stage-iii.json');
    (deferredSource.entry![0]!.resource as { identifier: { value: string }[] }).identifier[0]!.value = 'SYN-COLON-0002';
    const second = (await post(`/fhir/R4?boardId=${boards.thoracic}`, deferredSource)).body as ImportResult;
    const secondView = await call(api.url, 'GET', `/cases/${second.caseId}`, { token: tokens.coordinator });
    expect(
      (
        await call(api.url, 'PATCH', `/cases/${second.caseId}`, {
          token: tokens.coordinator,
          body: { questionForBoard: 'Adjuvant therapy?', lastImagingDate: '2026-11-10' },
          headers: { 'if-match': secondView.headers.get('etag')! },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api.url, 'POST', `/cases/${second.caseId}/status`, {
          token: tokens.coordinator,
          body: { status: 'READY' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api.url, 'POST', `/meetings/${meeting.id}/agenda`, {
          token: tokens.coordinator,
          body: { caseId: second.caseId },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(api.url, 'POST', `/cases/${second.caseId}/status`, {
          token: tokens.coordinator,
          body: { status: 'DISCUSSED', reason: 'awaiting PET-CT' },
        })
      ).status,
    ).toBe(200);
    const minutes = await fetch(`${api.url}/meetings/${meeting.id}/minutes.pdf`, {
      headers: { authorization: `Bearer ${tokens.coordinator}` },
    });
    expect(minutes.status).toBe(200);
    const minutesPdf = Buffer.from(await minutes.arrayBuffer());
    const minutesText = pdfText(minutesPdf);
    // DOCS_PDF_DIR=docs/documents: keep the two PDFs (the README shows their first pages, rendered with pdftoppm).
    if (process.env.DOCS_PDF_DIR) {
      writeFileSync(join(process.env.DOCS_PDF_DIR, 'decision-letter.pdf'), letterPdf);
      writeFileSync(join(process.env.DOCS_PDF_DIR, 'meeting-minutes.pdf'), minutesPdf);
    }
    const secondReference = (await prisma.case.findUniqueOrThrow({ where: { id: second.caseId } })).reference;
    for (const expected of [
      'Minutes: Thoracic MDT',
      'Attendance',
      'RADIATION_ONCOLOGY',
      'Quorate',
      reference,
      'decided: curative plan signed off',
      secondReference,
      'Deferred cases',
      `${secondReference}: awaiting PET-CT`,
    ]) {
      expect(minutesText).toContain(expected);
    }
    expect(await prisma.auditEvent.count({ where: { type: 'meeting.minutes', entityId: meeting.id } })).toBe(1);

    const metadata = await call(api.url, 'GET', '/fhir/R4/metadata', { token: tokens.radiologist });
    expect(metadata.status).toBe(200);
    expect(fhirErrors(metadata.body)).toEqual([]);
    expect((await call(api.url, 'GET', '/fhir/R4/metadata')).status).toBe(401);
  });
});
