import { ConflictException, Injectable } from '@nestjs/common';
import type { Bundle, CapabilityStatement, OperationOutcome } from '@medplum/fhirtypes';
import type { AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { BoardAccessService } from '../access/board-access.service';
import { AuditRecorder } from '../audit/audit-recorder.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { caseCoreOf } from '../cases/case-facts.mapper';
import { CasesService } from '../cases/cases.service';
import { FieldValidationException } from '../common/problem';
import { DocumentsService } from '../documents/documents.service';
import { PatientsService } from '../patients/patients.service';
import { RecommendationsService } from '../recommendations/recommendations.service';
import type { FhirImportResultDto } from './dto/fhir.dto';
import { caseResources, decisionDocument, type Entry } from './fhir-export.mapper';
import { reportLinksOf } from '../cases/dto/report-link.dto';
import { mapBundle, sourceOf, type FhirIssue } from './fhir-import.mapper';
import { FhirOutcomeException, issueOf } from './fhir-outcome';
import { fhirErrors, operationOutcome } from './fhir-validator';

const MRN = /^[A-Za-z0-9-]{3,40}$/;

/** FHIR R4 / mCODE in and out: the import of a referral Bundle, the decision document, the CarePlan search. */
@Injectable()
export class FhirService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: BoardAccessService,
    private readonly audit: AuditRecorder,
    private readonly cases: CasesService,
    private readonly patients: PatientsService,
    private readonly recommendations: RecommendationsService,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * A transaction or collection Bundle -> the patient (matched by MRN: created or updated) and a
   * REFERRED case on `boardId`, in one transaction with their audit rows. Invalid FHIR, a Bundle
   * without patient or primary cancer, or a core the pathway library refuses -> 400 OperationOutcome.
   */
  async import(
    user: AuthenticatedUser,
    boardId: string,
    body: unknown,
    actor: AuditActor,
  ): Promise<FhirImportResultDto> {
    const invalid = fhirErrors(body);
    if (invalid.length > 0) throw new FhirOutcomeException({ resourceType: 'OperationOutcome', issue: invalid });
    const bundle = body as Bundle;
    if (bundle.resourceType !== 'Bundle' || (bundle.type !== 'transaction' && bundle.type !== 'collection')) {
      throw FhirOutcomeException.of([
        {
          expression: bundle.resourceType === 'Bundle' ? 'Bundle.type' : 'resourceType',
          message: 'the body must be a Bundle of type transaction or collection',
        },
      ]);
    }
    const mapped = mapBundle(bundle);
    if (!mapped.ok) throw FhirOutcomeException.of(mapped.errors, 'required');
    const { patient, core, unmapped, sources } = mapped.value;
    const patientExpression = `Bundle.entry[${(bundle.entry ?? []).findIndex((entry) => entry.resource?.resourceType === 'Patient')}].resource`;
    const patientProblems: FhirIssue[] = [];
    if (!MRN.test(patient.mrn))
      patientProblems.push({
        expression: `${patientExpression}.identifier`,
        message: 'the MRN must be 3-40 letters, digits or dashes',
      });
    if (patient.familyName.length > 100 || patient.givenName.length > 100)
      patientProblems.push({ expression: `${patientExpression}.name[0]`, message: 'names are at most 100 characters' });
    const birthDate = new Date(`${patient.birthDate}T00:00:00Z`);
    if (Number.isNaN(birthDate.getTime()) || birthDate.getTime() > Date.now())
      patientProblems.push({ expression: `${patientExpression}.birthDate`, message: 'birthDate must be a past date' });
    if (patientProblems.length > 0) throw FhirOutcomeException.of(patientProblems);

    let outcome: 'created' | 'updated' | 'unchanged' = 'unchanged';
    try {
      const created = await this.cases.createWithPatient(
        user,
        { boardId, core, pathwayFacts: null },
        birthDate,
        async (tx) => {
          const upserted = await this.patients.upsertByMrn(tx, patient, actor);
          outcome = upserted.outcome;
          return upserted.patient;
        },
        actor,
      );
      const result: OperationOutcome = operationOutcome(
        unmapped.map((issue) => issueOf(issue, 'warning', 'not-supported')),
      );
      return {
        caseId: created.id,
        caseReference: created.reference,
        patientId: created.patientId,
        patient: outcome,
        outcome: result as unknown as Record<string, unknown>,
      };
    } catch (error) {
      if (!(error instanceof FieldValidationException)) throw error;
      // The pathway library's problems, named by the FHIR element they came from.
      throw FhirOutcomeException.of(
        error.problems.map((problem) => ({
          expression: sourceOf(sources, problem.field) ?? problem.field,
          message: problem.message,
        })),
      );
    }
  }

  /** The case's mCODE resources and the decision of a signed-off recommendation, as a FHIR document Bundle. */
  async decisionBundle(recommendationId: string, actor: AuditActor): Promise<Bundle> {
    const document = await this.document(recommendationId, true);
    await this.audit.recordRead({
      action: 'R',
      type: 'recommendation.export-fhir',
      actor,
      entity: { type: 'recommendation', id: recommendationId },
      patientId: document.patientId,
      boardId: document.boardId,
    });
    return document.bundle as unknown as Bundle;
  }

  private async document(
    recommendationId: string,
    withLetter: boolean,
  ): Promise<{ bundle: ReturnType<typeof decisionDocument>; patientId: string; boardId: string }> {
    const recommendation = await this.recommendations.get(recommendationId);
    if (recommendation.decision === null || recommendation.status !== 'SIGNED_OFF')
      throw new ConflictException('the recommendation is not signed off: there is no decision to export');
    const row = await this.prisma.case.findUniqueOrThrow({
      where: { id: recommendation.caseId },
      include: { patient: true, board: { select: { name: true } } },
    });
    const caseRow = {
      id: row.id,
      reference: row.reference,
      core: caseCoreOf(row),
      reportLinks: reportLinksOf(row.reportLinks),
    };
    const resources = caseResources(
      {
        id: row.patient.id,
        mrn: row.patient.mrn,
        givenName: row.patient.givenName,
        familyName: row.patient.familyName,
        birthDate: row.patient.birthDate.toISOString().slice(0, 10),
        sex: row.patient.sex,
      },
      caseRow,
    );
    const timeline = await this.recommendations.timeline(recommendationId);
    const letter = withLetter ? await this.documents.renderDecisionLetter(recommendationId) : undefined;
    const bundle = decisionDocument(resources, {
      recommendationId,
      caseRow,
      boardName: row.board.name,
      decision: recommendation.decision,
      summary: recommendation.decisionSummary ?? '',
      timeline: timeline.rows,
      letter,
    });
    return { bundle, patientId: row.patientId, boardId: row.boardId };
  }

  /** FHIR search `CarePlan?patient=`: the board decisions (signed off) for the patient's cases on the user's boards. */
  async searchCarePlans(user: AuthenticatedUser, patient: string, actor: AuditActor): Promise<Bundle> {
    const patientId = patient.replace(/^Patient\//, '');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(patientId)) {
      throw FhirOutcomeException.of([
        { expression: 'patient', message: 'patient must be Patient/<id> with the patient id (a UUID)' },
      ]);
    }
    const signed = await this.prisma.recommendation.findMany({
      where: { status: 'SIGNED_OFF', case: { patientId, boardId: this.access.boardFilter(user) } },
      select: { id: true, case: { select: { boardId: true } } },
      orderBy: { signedOffAt: 'desc' },
      take: 50,
    });
    const entries: Entry[] = [];
    for (const { id } of signed) {
      const { bundle } = await this.document(id, false);
      const carePlan = bundle.entry.find((entry) => entry.resource.resourceType === 'CarePlan');
      if (carePlan) entries.push({ ...carePlan, search: { mode: 'match' } } as Entry);
    }
    if (signed.length > 0) {
      await this.audit.recordRead({
        action: 'R',
        type: 'careplan.search',
        actor,
        entity: { type: 'patient', id: patientId },
        patientId,
        detail: { count: signed.length },
      });
    }
    return { resourceType: 'Bundle', type: 'searchset', total: entries.length, entry: entries };
  }

  /** What this server supports, as a CapabilityStatement. */
  capabilities(): CapabilityStatement {
    return CAPABILITY_STATEMENT;
  }
}

export const CAPABILITY_STATEMENT: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-11-29',
  kind: 'instance',
  software: { name: 'Consilium' },
  implementation: { description: 'Consilium tumour board: mCODE referrals in, board decisions out' },
  fhirVersion: '4.0.1',
  format: ['application/fhir+json', 'json'],
  rest: [
    {
      mode: 'server',
      documentation:
        'Every interaction needs a bearer token (POST /auth/login). A referral Bundle is imported with POST /fhir/R4?boardId=<board> (role COORDINATOR); a board decision is exported as a document Bundle with GET /recommendations/{id}/fhir.',
      security: {
        cors: false,
        service: [
          {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }],
            text: 'Bearer JWT',
          },
        ],
      },
      interaction: [
        {
          code: 'transaction',
          documentation:
            'A transaction or collection Bundle with Patient, mCODE PrimaryCancerCondition, TNM, ECOG, tumour marker and comorbidity resources: a REFERRED case; the answer lists every element not mapped',
        },
      ],
      resource: [
        {
          type: 'CarePlan',
          interaction: [{ code: 'search-type' }],
          searchParam: [
            {
              name: 'patient',
              type: 'reference',
              documentation: 'Patient/<id>: the signed-off board decisions for the patient',
            },
          ],
        },
        {
          type: 'Patient',
          documentation: 'Imported in a Bundle (matched by the MR identifier); exported in the decision document',
        },
        {
          type: 'Condition',
          supportedProfile: [
            'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition',
            'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-secondary-cancer-condition',
            'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-comorbidities',
          ],
        },
        {
          type: 'Observation',
          supportedProfile: [
            'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tnm-stage-group',
            'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-ecog-performance-status',
            'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-marker-test',
            'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-genomic-variant',
          ],
        },
        { type: 'Composition', documentation: 'The board decision document (GET /recommendations/{id}/fhir)' },
        { type: 'DocumentReference', documentation: 'The decision letter (PDF), inside the decision document' },
      ],
    },
  ],
};
