/**
 * The case core and the board's decision -> FHIR R4 resources: the case's mCODE resources
 * (Patient, PrimaryCancerCondition, SecondaryCancerCondition, comorbidities, TNM and stage group,
 * ECOG, tumour markers / genomic variants) and the decision document (Composition + a CarePlan
 * modelled on the MII oncology Tumorkonferenz CarePlan, the votes, the signer). Pure: ids are
 * derived from the case and recommendation ids, so an export is the same every time.
 */
import { createHash } from 'node:crypto';
import type {
  BundleEntry,
  CarePlan,
  CarePlanActivity,
  CodeableConcept,
  Composition,
  CompositionSection,
  Condition,
  DocumentReference,
  Observation,
  Organization,
  Patient,
  Practitioner,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { BiomarkerResult, BoardDecision, CaseCore, TnmCategories } from '@consilium/pathway';
import {
  ECOG_ANSWERS,
  ECOG_LOINC,
  EXTENSION,
  GENDER_OF_SEX,
  GENOMIC,
  LATERALITY_SNOMED,
  METASTATIC_SITE_SNOMED,
  PROFILE,
  SECONDARY_MALIGNANCY_SNOMED,
  SYSTEM,
  TNM_LOINC,
  codingOfMarker,
  isPercent,
} from './fhir-codes';

/** A UUID derived from a name (SHA-1, RFC 4122 version 5 layout): the same resource gets the same id in every export. */
export function nameUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface ExportPatient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: keyof typeof GENDER_OF_SEX;
}

export interface ExportCase {
  id: string;
  reference: string;
  core: CaseCore;
  /** Links to the imaging and pathology reports (exported as DocumentReferences with the URL). */
  reportLinks?: readonly ExportReportLink[];
}

export interface ExportReportLink {
  kind: 'IMAGING' | 'PATHOLOGY' | 'OTHER';
  title: string;
  url: string;
  date: string | null;
}

/** LOINC document types of the report links (LOINC Document Ontology: imaging and pathology studies). */
const REPORT_TYPE: Record<ExportReportLink['kind'], { code: string; display: string } | null> = {
  IMAGING: { code: '18748-4', display: 'Diagnostic imaging study' },
  PATHOLOGY: { code: '11526-1', display: 'Pathology study' },
  OTHER: null,
};

/** Bundle entries whose references point at each other by `urn:uuid:` full URLs. */
export type Entry = BundleEntry & { fullUrl: string; resource: Resource };

const entryOf = (resource: Resource & { id: string }): Entry => ({ fullUrl: `urn:uuid:${resource.id}`, resource });
/** Reference<never>: assignable to every typed reference (the target is checked by the validator, not by the type). */
const referenceTo = (entry: Entry, display?: string): Reference<never> => ({
  reference: entry.fullUrl,
  ...(display ? { display } : {}),
});
const concept = (system: string, code: string, display?: string, text?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
  ...(text ? { text } : {}),
});
const category = (code: string): CodeableConcept[] => [concept(SYSTEM.observationCategory, code)];

export interface CaseResources {
  patient: Entry;
  primary: Entry;
  /** Staging, ECOG and biomarker observations (what the board's plan is supported by). */
  findings: Entry[];
  all: Entry[];
}

function tnmCode(prefix: 'c' | 'p', tnm: TnmCategories, part: 't' | 'n' | 'm'): string {
  return `${tnm.afterTherapy ? 'y' : ''}${prefix}${tnm[part]}`;
}

function biomarkerObservation(
  caseId: string,
  patient: Reference<never>,
  marker: BiomarkerResult,
  index: number,
): Observation & { id: string } {
  const coding = codingOfMarker(marker.marker);
  const id = nameUuid(`${caseId}:biomarker:${index}`);
  const common = {
    resourceType: 'Observation' as const,
    id,
    status: 'final' as const,
    subject: patient,
    ...(marker.date ? { effectiveDateTime: marker.date } : {}),
    ...(marker.method ? { method: { text: marker.method } } : {}),
  };
  const presence =
    marker.result === 'mutant' || marker.result === 'positive' || marker.result === 'pathogenic'
      ? GENOMIC.present
      : marker.result === 'wild-type' || marker.result === 'negative' || marker.result === 'no-pathogenic-variant'
        ? GENOMIC.absent
        : null;
  const value: Pick<Observation, 'valueQuantity' | 'valueCodeableConcept'> = isPercent(marker.result)
    ? { valueQuantity: { value: Number(marker.result.slice(0, -1)), unit: '%', system: SYSTEM.ucum, code: '%' } }
    : {
        valueCodeableConcept: {
          coding: [
            { system: SYSTEM.biomarkerResult, code: marker.result },
            ...(coding && 'gene' in coding && presence ? [{ system: SYSTEM.loinc, code: presence }] : []),
          ],
          text: marker.result,
        },
      };
  if (coding && 'gene' in coding) {
    return {
      ...common,
      meta: { profile: [PROFILE.genomicVariant] },
      category: category('laboratory'),
      code: concept(SYSTEM.loinc, GENOMIC.variantAssessment, 'Genetic variant assessment'),
      ...value,
      component: [
        {
          code: concept(SYSTEM.loinc, GENOMIC.geneStudied, 'Gene studied [ID]'),
          valueCodeableConcept: concept(SYSTEM.hgnc, coding.hgnc, coding.gene),
        },
        ...(marker.variant
          ? [
              {
                code: concept(SYSTEM.loinc, GENOMIC.aminoAcidChange, 'Amino acid change (pHGVS)'),
                valueCodeableConcept: { text: marker.variant },
              },
            ]
          : []),
      ],
    };
  }
  const code =
    coding && 'loinc' in coding
      ? concept(SYSTEM.loinc, coding.loinc, coding.display)
      : concept(SYSTEM.biomarker, marker.marker, undefined, marker.marker);
  return {
    ...common,
    meta: { profile: [PROFILE.tumorMarker] },
    category: category('laboratory'),
    code,
    ...value,
    ...(marker.variant
      ? {
          component: [
            {
              code: concept(SYSTEM.loinc, GENOMIC.aminoAcidChange, 'Amino acid change (pHGVS)'),
              valueCodeableConcept: { text: marker.variant },
            },
          ],
        }
      : {}),
  };
}

/** The case's mCODE resources. */
export function caseResources(patientRow: ExportPatient, caseRow: ExportCase): CaseResources {
  const { core } = caseRow;
  const patient = entryOf({
    resourceType: 'Patient',
    id: patientRow.id,
    meta: { profile: [PROFILE.patient] },
    identifier: [
      {
        type: concept(SYSTEM.v2IdentifierType, 'MR', 'Medical record number'),
        system: SYSTEM.mrn,
        value: patientRow.mrn,
      },
    ],
    name: [{ family: patientRow.familyName, given: [patientRow.givenName] }],
    gender: GENDER_OF_SEX[patientRow.sex],
    birthDate: patientRow.birthDate,
  } satisfies Patient);
  const subject = referenceTo(patient);
  const active = concept(SYSTEM.conditionClinical, 'active');
  const primaryCondition: Condition & { id: string } = {
    resourceType: 'Condition',
    id: nameUuid(`${caseRow.id}:primary`),
    meta: { profile: [PROFILE.primaryCancer] },
    clinicalStatus: active,
    category: [concept(SYSTEM.conditionCategory, 'problem-list-item')],
    code: concept(SYSTEM.icd10, core.primary.siteCode),
    subject,
    ...(core.primary.morphologyCode || core.primary.histologyText
      ? {
          extension: [
            {
              url: EXTENSION.histology,
              valueCodeableConcept: {
                ...(core.primary.morphologyCode
                  ? { coding: [{ system: SYSTEM.icdO3, code: core.primary.morphologyCode }] }
                  : {}),
                ...(core.primary.histologyText ? { text: core.primary.histologyText } : {}),
              },
            },
          ],
        }
      : {}),
    ...(core.primary.topographyCode || core.primary.laterality
      ? {
          bodySite: [
            {
              ...(core.primary.topographyCode
                ? { coding: [{ system: SYSTEM.icdO3, code: core.primary.topographyCode }] }
                : { text: core.primary.siteCode }),
              ...(core.primary.laterality
                ? {
                    extension: [
                      {
                        url: EXTENSION.laterality,
                        valueCodeableConcept: concept(
                          SYSTEM.snomed,
                          LATERALITY_SNOMED[core.primary.laterality].code,
                          LATERALITY_SNOMED[core.primary.laterality].display,
                        ),
                      },
                    ],
                  }
                : {}),
            },
          ],
        }
      : {}),
    ...(core.primary.diagnosisDate ? { onsetDateTime: core.primary.diagnosisDate } : {}),
  };
  const primary = entryOf(primaryCondition);
  const secondaries = core.metastases.flatMap((metastasis) =>
    Array.from({ length: metastasis.count }, (_unused, index) =>
      entryOf({
        resourceType: 'Condition',
        id: nameUuid(`${caseRow.id}:metastasis:${metastasis.site}:${index}`),
        meta: { profile: [PROFILE.secondaryCancer] },
        clinicalStatus: active,
        code: concept(SYSTEM.snomed, SECONDARY_MALIGNANCY_SNOMED, 'Secondary malignant neoplastic disease'),
        bodySite: [
          concept(
            SYSTEM.snomed,
            METASTATIC_SITE_SNOMED[metastasis.site].code,
            METASTATIC_SITE_SNOMED[metastasis.site].display,
          ),
        ],
        subject,
      } satisfies Condition & { id: string }),
    ),
  );
  const comorbidities = core.condition.comorbidities.map((comorbidity, index) =>
    entryOf({
      resourceType: 'Condition',
      id: nameUuid(`${caseRow.id}:comorbidity:${index}`),
      meta: { profile: [PROFILE.comorbidity] },
      clinicalStatus: active,
      code: {
        ...(comorbidity.code ? { coding: [{ system: SYSTEM.icd10, code: comorbidity.code }] } : {}),
        text: comorbidity.text,
      },
      subject,
    } satisfies Condition & { id: string }),
  );
  const staging: Entry[] = [];
  const method = core.staging.edition ? { method: concept(SYSTEM.stagingEdition, core.staging.edition) } : {};
  const tnmEntries = (classification: 'clinical' | 'pathological'): Entry[] => {
    const tnm = core.staging[classification];
    if (tnm === null) return [];
    const prefix = classification === 'clinical' ? 'c' : 'p';
    return (['t', 'n', 'm'] as const).map((part) =>
      entryOf({
        resourceType: 'Observation',
        id: nameUuid(`${caseRow.id}:tnm:${classification}:${part}`),
        meta: { profile: [{ t: PROFILE.tumor, n: PROFILE.nodes, m: PROFILE.metastases }[part]] },
        status: 'final',
        category: category('survey'),
        code: concept(SYSTEM.loinc, TNM_LOINC[classification][part]),
        subject,
        focus: [referenceTo(primary)],
        ...method,
        valueCodeableConcept: concept(SYSTEM.ajcc, tnmCode(prefix, tnm, part)),
      } satisfies Observation & { id: string }),
    );
  };
  for (const classification of ['clinical', 'pathological'] as const) staging.push(...tnmEntries(classification));
  if (core.staging.stageGroup !== null) {
    const classification = core.staging.pathological !== null ? 'pathological' : 'clinical';
    staging.push(
      entryOf({
        resourceType: 'Observation',
        id: nameUuid(`${caseRow.id}:stage-group`),
        meta: { profile: [PROFILE.stageGroup] },
        status: 'final',
        category: category('survey'),
        code: concept(SYSTEM.loinc, TNM_LOINC[classification].stageGroup),
        subject,
        focus: [referenceTo(primary)],
        ...method,
        valueCodeableConcept: concept(SYSTEM.ajcc, core.staging.stageGroup),
        hasMember: staging
          .filter((entry) =>
            (entry.resource as Observation).code.coding?.some((coding) =>
              Object.values(TNM_LOINC[classification]).includes(coding.code as never),
            ),
          )
          .map((entry) => referenceTo(entry)),
      } satisfies Observation & { id: string }),
    );
  }
  const ecog =
    core.condition.ecog === null
      ? []
      : [
          entryOf({
            resourceType: 'Observation',
            id: nameUuid(`${caseRow.id}:ecog`),
            meta: { profile: [PROFILE.ecog] },
            status: 'final',
            category: category('survey'),
            code: concept(SYSTEM.loinc, ECOG_LOINC, 'ECOG performance status score'),
            subject,
            valueInteger: core.condition.ecog,
            interpretation: [concept(SYSTEM.loinc, ECOG_ANSWERS[core.condition.ecog])],
          } satisfies Observation & { id: string }),
        ];
  const biomarkers = core.biomarkers.map((marker, index) =>
    entryOf(biomarkerObservation(caseRow.id, subject, marker, index)),
  );
  const findings = [...staging, ...ecog, ...biomarkers];
  return { patient, primary, findings, all: [patient, primary, ...secondaries, ...comorbidities, ...findings] };
}

export interface DecisionInput {
  recommendationId: string;
  caseRow: ExportCase;
  boardName: string;
  decision: BoardDecision;
  /** The markdown summary of the decision (decisionSummary). */
  summary: string;
  /** The plan on a calendar (timeline rows: steps and milestones, dated where known). */
  timeline: readonly { kind: string; code: string; label: string; from: string | null; to: string | null }[];
  /** The decision letter (PDF), attached as a DocumentReference when given. */
  letter?: { pdf: Buffer; title: string } | undefined;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const narrative = (lines: readonly string[]) => ({
  status: 'generated' as const,
  div: `<div xmlns="http://www.w3.org/1999/xhtml">${lines.map((line) => `<p>${escapeXml(line)}</p>`).join('')}</div>`,
});

/** The decision as a FHIR document Bundle: Composition first, then every resource it cites. */
export function decisionDocument(
  resources: CaseResources,
  input: DecisionInput,
): Record<string, unknown> & { resourceType: 'Bundle'; entry: Entry[] } {
  const { decision, caseRow, recommendationId } = input;
  const subject = referenceTo(resources.patient);
  const board = entryOf({
    resourceType: 'Organization',
    id: nameUuid(`board:${input.boardName}`),
    name: input.boardName,
  } satisfies Organization & { id: string });
  const signer = entryOf({
    resourceType: 'Practitioner',
    id: nameUuid(`${recommendationId}:signer`),
    name: [{ text: decision.signedBy }],
  } satisfies Practitioner & { id: string });
  const activities: CarePlanActivity[] = input.timeline.map((row) => ({
    detail: {
      kind: row.kind === 'step' ? 'ServiceRequest' : 'Appointment',
      code: concept(
        row.kind === 'step' ? SYSTEM.planModality : `${SYSTEM.planModality}:milestone`,
        row.code,
        undefined,
        row.label,
      ),
      status: 'not-started',
      ...(row.from ? { scheduledPeriod: { start: row.from, ...(row.to ? { end: row.to } : {}) } } : {}),
    },
  }));
  if (!input.timeline.some((row) => row.kind === 'step')) {
    decision.plan.steps.forEach((step, index) =>
      activities.push({
        detail: {
          kind: 'ServiceRequest',
          code: concept(SYSTEM.planModality, `step-${index + 1}`, undefined, step),
          status: 'not-started',
        },
      }),
    );
  }
  decision.plan.regimens.forEach((regimen) =>
    activities.push({
      detail: {
        kind: 'MedicationRequest',
        code: concept(SYSTEM.regimen, regimen, undefined, regimen),
        status: 'not-started',
      },
    }),
  );
  const dissent = decision.votes.filter((vote) => vote.choice !== 'APPROVE');
  const notes = [
    `Intent: ${decision.plan.intent}. Rationale: ${decision.plan.rationale}`,
    ...(decision.deviation
      ? [
          `Departs from the pathway (${decision.deviation.reason})${decision.deviation.text ? `: ${decision.deviation.text}` : ''}`,
        ]
      : []),
    ...decision.overrides.map((override) => `Override of ${override.code}: ${override.reason}`),
  ];
  const carePlan = entryOf({
    resourceType: 'CarePlan',
    id: nameUuid(`${recommendationId}:care-plan`),
    identifier: [{ system: SYSTEM.caseReference, value: `${caseRow.reference}/${recommendationId}` }],
    status: 'active',
    intent: 'plan',
    category: [
      {
        coding: [
          {
            system: 'urn:consilium:fhir:care-plan-category',
            code: 'tumor-board',
            display: 'Tumour board recommendation',
          },
        ],
        text: 'Tumorkonferenz',
      },
    ],
    title: `Tumour board plan ${caseRow.reference}`,
    description: decision.plan.branch ? `Pathway branch ${decision.plan.branch}` : 'Board-authored plan',
    subject,
    created: decision.signedAt,
    author: referenceTo(signer, decision.signedBy),
    contributor: [referenceTo(board, input.boardName)],
    addresses: [referenceTo(resources.primary)],
    supportingInfo: resources.findings.map((entry) => referenceTo(entry)),
    activity: activities,
    note: notes.map((text) => ({ text })),
    ...(decision.deviation
      ? {
          extension: [
            {
              url: 'urn:consilium:fhir:extension:deviation-reason',
              valueCodeableConcept: concept(
                SYSTEM.deviationReason,
                decision.deviation.reason,
                undefined,
                decision.deviation.text ?? undefined,
              ),
            },
          ],
        }
      : {}),
  } satisfies CarePlan & { id: string });
  const votes = decision.votes.map((vote, index) =>
    entryOf({
      resourceType: 'Observation',
      id: nameUuid(`${recommendationId}:round:${decision.round}:vote:${index}`),
      status: 'final',
      code: concept(SYSTEM.boardVote, 'vote', 'Tumour board vote'),
      subject,
      focus: [referenceTo(carePlan)],
      effectiveDateTime: decision.signedAt,
      performer: [{ display: vote.specialty ? `${vote.voter} (${vote.specialty})` : vote.voter }],
      valueCodeableConcept: concept(SYSTEM.boardVoteChoice, vote.choice),
      ...(vote.comment ? { note: [{ text: vote.comment }] } : {}),
    } satisfies Observation & { id: string }),
  );
  const letter = input.letter
    ? [
        entryOf({
          resourceType: 'DocumentReference',
          id: nameUuid(`${recommendationId}:letter`),
          status: 'current',
          docStatus: 'final',
          type: concept(SYSTEM.loinc, '18776-5', 'Plan of care note'),
          subject,
          date: decision.signedAt,
          author: [referenceTo(board, input.boardName)],
          authenticator: referenceTo(signer, decision.signedBy),
          description: input.letter.title,
          content: [
            {
              attachment: {
                contentType: 'application/pdf',
                data: input.letter.pdf.toString('base64'),
                title: input.letter.title,
                hash: createHash('sha1').update(input.letter.pdf).digest('base64'),
                size: input.letter.pdf.length,
              },
            },
          ],
          context: { related: [referenceTo(carePlan)] },
        } satisfies DocumentReference & { id: string }),
      ]
    : [];
  // The reports the board saw stay in their own systems: each is a DocumentReference to its URL.
  const reports = (caseRow.reportLinks ?? []).map((link, index) => {
    const type = REPORT_TYPE[link.kind];
    return entryOf({
      resourceType: 'DocumentReference',
      id: nameUuid(`${caseRow.id}:report:${index}:${link.url}`),
      status: 'current',
      type: type ? concept(SYSTEM.loinc, type.code, type.display) : { text: 'Other report' },
      subject,
      ...(link.date ? { date: `${link.date}T00:00:00Z` } : {}),
      description: link.title,
      content: [{ attachment: { url: link.url, title: link.title } }],
    } satisfies DocumentReference & { id: string });
  });
  const sections: CompositionSection[] = [
    {
      title: 'Board decision',
      text: narrative([...input.summary.split('\n').filter((line) => line.trim() !== '')]),
      entry: [referenceTo(carePlan)],
    },
    {
      title: 'Votes',
      text: narrative([
        ...decision.votes.map(
          (vote) =>
            `${vote.voter}${vote.specialty ? ` (${vote.specialty})` : ''}: ${vote.choice}${vote.comment ? `: ${vote.comment}` : ''}`,
        ),
        dissent.length === 0
          ? 'No dissent.'
          : `Dissent: ${dissent.map((vote) => `${vote.voter} (${vote.choice})`).join(', ')}`,
      ]),
      entry: votes.map((entry) => referenceTo(entry)),
    },
    {
      title: 'Case facts the board used',
      text: narrative([`Case ${caseRow.reference}`]),
      entry: resources.all.filter((entry) => entry !== resources.patient).map((entry) => referenceTo(entry)),
    },
    ...(input.letter
      ? [
          {
            title: 'Decision letter',
            text: narrative([input.letter.title]),
            entry: letter.map((entry) => referenceTo(entry)),
          },
        ]
      : []),
    ...(reports.length > 0
      ? [
          {
            title: 'Reports the board saw',
            text: narrative((caseRow.reportLinks ?? []).map((link) => `${link.title}: ${link.url}`)),
            entry: reports.map((entry) => referenceTo(entry)),
          },
        ]
      : []),
  ];
  const composition = entryOf({
    resourceType: 'Composition',
    id: nameUuid(`${recommendationId}:composition:${decision.round}`),
    status: 'final',
    type: concept(SYSTEM.loinc, '18776-5', 'Plan of care note'),
    subject,
    date: decision.signedAt,
    author: [referenceTo(board, input.boardName)],
    title: `Tumour board decision ${caseRow.reference} (${decision.meetingTitle}, ${decision.meetingDate})`,
    attester: [{ mode: 'legal', time: decision.signedAt, party: referenceTo(signer, decision.signedBy) }],
    custodian: referenceTo(board, input.boardName),
    section: sections,
  } satisfies Composition & { id: string });
  return {
    resourceType: 'Bundle',
    id: nameUuid(`${recommendationId}:document:${decision.round}`),
    identifier: {
      system: 'urn:ietf:rfc:3986',
      value: `urn:uuid:${nameUuid(`${recommendationId}:document:${decision.round}`)}`,
    },
    type: 'document',
    timestamp: decision.signedAt,
    entry: [composition, carePlan, ...votes, ...resources.all, board, signer, ...letter, ...reports],
  };
}
