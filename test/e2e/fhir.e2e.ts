import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { PrismaClient, Specialty } from '@prisma/client';
import type { Bundle } from '@medplum/fhirtypes';
import { THORACIC_BOARD_NAME } from '../../prisma/seed';
import { fhirErrors } from '../../apps/api/src/fhir/fhir-validator';
import {
  fhirResource,
  ifMatch,
  isFhirResource,
  rawSend,
  recommendationEtag,
  startStack,
  type Schemas,
  type Stack,
  type UserClient,
} from '../support/stack';

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

/**
 * FHIR R4 / mCODE over HTTP (issue 15): a referral Bundle in (patient matched by MRN, a REFERRED
 * case, the unmapped elements listed, invalid FHIR refused naming the element), the case
 * discussed and signed off through the API, the decision out as a document Bundle that an
 * independent validator (@medplum/core) accepts and that keeps every coded element imported.
 */
describe('FHIR R4 / mCODE exchange', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let coordinator: UserClient;
  const as: Record<string, UserClient> = {};
  let userIds: Record<string, string>;
  const boards = { colorectal: '', thoracic: '' };

  beforeAll(async () => {
    stack = await startStack('fhir', { env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
    prisma = stack.prisma;
    boards.colorectal = stack.boardId;
    boards.thoracic = (await prisma.board.findUniqueOrThrow({ where: { name: THORACIC_BOARD_NAME } })).id;
    await prisma.meeting.updateMany({ data: { status: 'CANCELLED' } });
    coordinator = await stack.as('coordinator');
    for (const name of ['oncologist', 'radiotherapist', 'radiologist', 'pathologist']) as[name] = await stack.as(name);
    userIds = await stack.userIds();
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** A referral Bundle imported by the coordinator, as FHIR (the default) or as plain JSON. */
  const importBundle = (
    boardId: string,
    bundle: Bundle,
    contentType: 'application/fhir+json' | 'application/json' = 'application/fhir+json',
    user: UserClient = coordinator,
  ) =>
    user.post('/fhir/R4', {
      params: { query: { boardId } },
      body: { ...bundle },
      headers: { 'content-type': contentType },
    });

  /** Anything as a FHIR import body (the odd shapes the document cannot type), untyped. */
  const importRaw = (boardId: string, body: unknown) =>
    rawSend(stack.url, 'POST', `/fhir/R4?boardId=${boardId}`, {
      token: coordinator.token,
      body,
      contentType: 'application/fhir+json',
    });

  /** The OperationOutcome of a refused import (the document types it only as an object). */
  const outcomeOf = (answer: { body: unknown }) => fhirResource('OperationOutcome', answer.body);

  /** The ETag GET /cases/{id} answers now, for the If-Match of an edit. */
  async function caseEtag(id: string): Promise<string> {
    const current = await coordinator.get('/cases/{id}', { params: { path: { id } } });
    expect(current.status).toBe(200);
    const etag = current.headers.get('etag');
    if (!etag) throw new Error(`GET /cases/${id} answered no ETag`);
    return etag;
  }

  it('imports the colon stage III transaction Bundle: patient created, a REFERRED case with the core, the unmapped elements listed, audited; a second import updates the patient', async () => {
    const imported = await importBundle(boards.colorectal, fixture('colon-stage-iii.json'));
    expect({ status: imported.status, body: imported.status === 201 ? null : imported.body }).toEqual({
      status: 201,
      body: null,
    });
    const result = imported.body;
    const resultOutcome = fhirResource('OperationOutcome', result.outcome);
    expect(result.patient).toBe('created');
    expect(resultOutcome.issue?.map((issue) => [issue.severity, issue.code, issue.expression?.[0]])).toEqual([
      ['warning', 'not-supported', 'Bundle.entry[0].resource.address'],
      ['warning', 'not-supported', 'Bundle.entry[1].resource.code.coding[1]'],
    ]);
    expect(fhirErrors(resultOutcome)).toEqual([]);

    const view = await coordinator.get('/cases/{id}', { params: { path: { id: result.caseId } } });
    expect(view.status).toBe(200);
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
    expect(view.body.applicablePathways.map((pathway) => pathway.id)).toEqual(['colon-stage-i-iii']);
    const audit = await prisma.auditEvent.findMany({
      where: { patientId: result.patientId, action: 'C' },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((event) => event.type)).toEqual(['patient.create', 'case.create']);

    const renamed = fixture('colon-stage-iii.json');
    const renamedPatient = fhirResource('Patient', renamed.entry?.[0]?.resource);
    expect(renamedPatient.name?.[0]?.family).toBe('Testperson');
    renamedPatient.name![0]!.family = 'Testperson-Neu';
    const again = await importBundle(boards.colorectal, renamed, 'application/json');
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
    fhirResource('Patient', invalid.entry?.[0]?.resource).birthDate = '1958-13-01';
    const refused = await importBundle(boards.colorectal, invalid);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(outcomeOf(refused).issue?.map((issue) => issue.expression?.[0])).toContain(
      'Bundle.entry[0].resource.birthDate',
    );

    const badStage = fixture('lung-egfr.json');
    const stage = fhirResource('Observation', badStage.entry?.[2]?.resource).valueCodeableConcept?.coding?.[0];
    expect(stage?.code).toEqual(expect.any(String));
    stage!.code = 'cT9';
    const library = await importBundle(boards.thoracic, badStage);
    expect(library.status).toBe(400);
    expect(outcomeOf(library).issue).toEqual([
      expect.objectContaining({
        severity: 'error',
        expression: ['Bundle.entry[2].resource.valueCodeableConcept'],
        details: { text: expect.stringContaining('staging.clinical.t must be one of') },
      }),
    ]);

    const noPatient = await importBundle(boards.thoracic, { resourceType: 'Bundle', type: 'collection', entry: [] });
    expect(noPatient.status).toBe(400);
    expect(outcomeOf(noPatient).issue?.[0]?.expression).toEqual(['Bundle.entry']);
    const notBundle = await importRaw(boards.thoracic, { resourceType: 'Patient', birthDate: '1960-01-01' });
    expect(notBundle.status).toBe(400);
    expect(outcomeOf(notBundle).issue?.[0]?.expression).toEqual(['resourceType']);
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
      const answer = await importRaw(boards.thoracic, body);
      expect({ body, status: answer.status, outcome: isFhirResource('OperationOutcome', answer.body) }).toEqual({
        body,
        status: 400,
        outcome: true,
      });
    }
    const ecog = await importRaw(boards.thoracic, odd[6]);
    expect(outcomeOf(ecog).issue).toEqual([
      expect.objectContaining({
        expression: ['Bundle.entry[6].resource'],
        details: { text: expect.stringContaining('ecog must be 0-4') },
      }),
    ]);
    expect(await prisma.patient.count()).toBe(before);
  });

  it('names the board: missing boardId 400, a board not yours 404, a clinician 403', async () => {
    expect(
      (
        await rawSend(stack.url, 'POST', '/fhir/R4', {
          token: coordinator.token,
          body: fixture('lung-egfr.json'),
          contentType: 'application/fhir+json',
        })
      ).status,
    ).toBe(400);
    const other = await prisma.board.create({
      data: { name: `Other ${randomUUID().slice(0, 6)}`, requiredSpecialties: ['MEDICAL_ONCOLOGY'] },
    });
    expect((await importBundle(other.id, fixture('lung-egfr.json'))).status).toBe(404);
    expect(
      (await importBundle(boards.thoracic, fixture('lung-egfr.json'), 'application/fhir+json', as.oncologist)).status,
    ).toBe(403);
  });

  it('round trip: the lung EGFR+ referral imported, discussed, signed off and exported keeps every coded element; the letter and the minutes read back; the CarePlan search and the CapabilityStatement are valid R4', async () => {
    const source = fixture('lung-egfr.json');
    const imported = await importBundle(boards.thoracic, source, 'application/json');
    expect(imported.status).toBe(201);
    const { caseId, patientId } = imported.body;
    const outcome = fhirResource('OperationOutcome', imported.body.outcome);
    expect(outcome.issue?.map((issue) => issue.expression?.[0])).toEqual(['Bundle.entry[11].resource']);

    const patched = await coordinator.patch('/cases/{id}', {
      params: ifMatch(caseId, await caseEtag(caseId)),
      body: { questionForBoard: 'Curative chemoradiotherapy?', lastImagingDate: '2026-11-10' },
    });
    expect(patched.status).toBe(200);
    expect(
      (await coordinator.post('/cases/{id}/status', { params: { path: { id: caseId } }, body: { status: 'READY' } }))
        .status,
    ).toBe(200);
    const drafts = await coordinator.get('/cases/{id}/recommendations', { params: { path: { id: caseId } } });
    expect(drafts.status).toBe(200);
    const [draft] = drafts.body;
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
    // Without minutesAllotted (the server's default of 10), which the typed body would require.
    expect((await coordinator.raw('POST', `/meetings/${meeting.id}/agenda`, { body: { caseId } })).status).toBe(201);
    for (const name of quorum)
      expect(
        (
          await coordinator.post('/meetings/{id}/attendance', {
            params: { path: { id: meeting.id } },
            body: { userId: userIds[name]! },
          })
        ).status,
      ).toBe(200);
    const etag = await recommendationEtag(as.oncologist!, draft!.id);
    const boardPlan: Schemas['BoardPlanInput'] = {
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
    const proposed = await as.oncologist!.put('/recommendations/{id}/proposal', {
      params: ifMatch(draft!.id, etag),
      body: { meetingId: meeting.id, intent: 'curative', rationale: 'EGFR exon 19 deletion, stage IIIA', boardPlan },
    });
    expect(proposed.status).toBe(200);
    const ofDraft = { params: { path: { id: draft!.id } } };
    expect((await coordinator.get('/recommendations/{id}/fhir', ofDraft)).status).toBe(409);
    for (const name of quorum)
      expect(
        (
          await as[name]!.post('/recommendations/{id}/votes', {
            ...ofDraft,
            body: { choice: 'APPROVE', comment: name === 'radiotherapist' ? 'agree, 60 Gy' : undefined },
          })
        ).status,
      ).toBe(201);
    expect((await as.oncologist!.post('/recommendations/{id}/sign-off', { ...ofDraft, body: {} })).status).toBe(200);

    const exported = await coordinator.get('/recommendations/{id}/fhir', ofDraft);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const document = fhirResource('Bundle', exported.body);
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

    const carePlan = fhirResource(
      'CarePlan',
      document.entry?.find((entry) => entry.resource?.resourceType === 'CarePlan')?.resource,
    );
    expect(carePlan.activity?.map((activity) => activity.detail?.code?.text)).toEqual(
      expect.arrayContaining([
        'Concurrent chemoradiotherapy 60 Gy / 30 fractions',
        'Consolidation osimertinib',
        'CT chest',
      ]),
    );
    expect(carePlan.supportingInfo?.length).toBeGreaterThanOrEqual(7);
    const votes = document.entry?.filter(
      (entry) => entry.resource?.resourceType === 'Observation' && entry.resource.code?.coding?.[0]?.code === 'vote',
    );
    expect(votes).toHaveLength(4);
    expect(JSON.stringify(document)).toContain('agree, 60 Gy');
    expect(await prisma.auditEvent.count({ where: { type: 'recommendation.export-fhir', entityId: draft!.id } })).toBe(
      1,
    );

    const search = await coordinator.get('/fhir/R4/CarePlan', {
      params: { query: { patient: `Patient/${patientId}` } },
    });
    expect(search.status).toBe(200);
    expect(fhirErrors(search.body)).toEqual([]);
    expect(search.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const missing = await coordinator.get('/fhir/R4/CarePlan', { params: { query: { patient: 'Patient/not-an-id' } } });
    expect(missing.status).toBe(400);
    expect(isFhirResource('OperationOutcome', missing.body)).toBe(true);

    // The decision letter: downloadable, and attached to the export as a DocumentReference.
    const letter = await as.radiologist!.get('/recommendations/{id}/decision.pdf', {
      ...ofDraft,
      parseAs: 'arrayBuffer',
    });
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    const letterPdf = Buffer.from(letter.body);
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
    const attached = fhirResource(
      'DocumentReference',
      document.entry?.find((entry) => entry.resource?.resourceType === 'DocumentReference')?.resource,
    );
    expect(attached.content[0]?.attachment.contentType).toBe('application/pdf');
    expect(pdfText(Buffer.from(attached.content[0]?.attachment.data ?? '', 'base64'))).toContain(
      `Audit event ${signOff.id}`,
    );

    // A second case on the same meeting, deferred with a reason: the minutes say so.
    const deferredSource = fixture('colon-stage-iii.json');
    const deferredIdentifier = fhirResource('Patient', deferredSource.entry?.[0]?.resource).identifier?.[0];
    expect(deferredIdentifier?.value).toBe('SYN-COLON-0001');
    deferredIdentifier!.value = 'SYN-COLON-0002';
    const imports = await importBundle(boards.thoracic, deferredSource);
    expect(imports.status).toBe(201);
    const second = imports.body;
    const ofSecond = { path: { id: second.caseId } };
    expect(
      (
        await coordinator.patch('/cases/{id}', {
          params: ifMatch(second.caseId, await caseEtag(second.caseId)),
          body: { questionForBoard: 'Adjuvant therapy?', lastImagingDate: '2026-11-10' },
        })
      ).status,
    ).toBe(200);
    expect((await coordinator.post('/cases/{id}/status', { params: ofSecond, body: { status: 'READY' } })).status).toBe(
      200,
    );
    expect(
      (await coordinator.raw('POST', `/meetings/${meeting.id}/agenda`, { body: { caseId: second.caseId } })).status,
    ).toBe(201);
    expect(
      (
        await coordinator.post('/cases/{id}/status', {
          params: ofSecond,
          body: { status: 'DISCUSSED', reason: 'awaiting PET-CT' },
        })
      ).status,
    ).toBe(200);
    const minutes = await coordinator.get('/meetings/{id}/minutes.pdf', {
      params: { path: { id: meeting.id } },
      parseAs: 'arrayBuffer',
    });
    expect(minutes.status).toBe(200);
    const minutesPdf = Buffer.from(minutes.body);
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

    const metadata = await as.radiologist!.get('/fhir/R4/metadata');
    expect(metadata.status).toBe(200);
    expect(fhirErrors(metadata.body)).toEqual([]);
    expect((await stack.anonymous.get('/fhir/R4/metadata')).status).toBe(401);
  });
});
