/**
 * A FHIR R4 / mCODE Bundle -> the patient and the case core intake. Pure: no I/O, no clock.
 * What it reads is listed in fhir-codes.ts; everything else in the Bundle is reported in
 * `unmapped` with its FHIRPath expression, never dropped silently. The core it returns is
 * unvalidated input: the pathway library validates it (validateCaseIntake), and `sourceOf`
 * names the FHIR element a core problem came from.
 */
import type { Bundle, CodeableConcept, Coding, Condition, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { KNOWN_BIOMARKERS } from '@consilium/pathway';
import {
  ECOG_ANSWERS,
  ECOG_LOINC,
  EXTENSION,
  GENOMIC,
  ICD10_SYSTEMS,
  LATERALITY_SNOMED,
  MARKER_CODINGS,
  METASTATIC_SITE_SNOMED,
  PROFILE,
  SEX_OF_GENDER,
  SECONDARY_MALIGNANCY_SNOMED,
  SYSTEM,
  TNM_LOINC,
  type TnmPart,
} from './fhir-codes';

export interface FhirIssue {
  /** FHIRPath of the element, from the Bundle: `Bundle.entry[2].resource.bodySite[0].coding[1]`. */
  expression: string;
  message: string;
}

export interface ImportedPatient {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: (typeof SEX_OF_GENDER)[keyof typeof SEX_OF_GENDER];
}

export interface FhirImport {
  patient: ImportedPatient;
  /** The case core as read (unvalidated; no ageYears: it comes from the birth date). */
  core: Record<string, unknown>;
  unmapped: FhirIssue[];
  /** Intake field (`core.staging.clinical.t`) -> the FHIR element it was read from. */
  sources: Record<string, string>;
}

export type FhirImportResult = { ok: true; value: FhirImport } | { ok: false; errors: FhirIssue[] };

/** Elements of every resource that carry no clinical fact of their own. */
const STRUCTURAL = ['resourceType', 'id', 'meta', 'text', 'language', 'subject', 'status'];

const NEOPLASM = /^(C\d{2}|D0\d)(\.\d{1,2})?$/;
const ROMAN: Record<string, string> = { '0': '0', '1': 'I', '2': 'II', '3': 'III', '4': 'IV' };
const KNOWN_RESULTS = new Map(KNOWN_BIOMARKERS.map((definition) => [definition.code, definition.results]));

/** What 'variant present' / 'absent' (LOINC LA9633-4 / LA9634-2) means for a gene marker of the core. */
function presenceResult(marker: string, present: boolean): string | null {
  const results = KNOWN_RESULTS.get(marker);
  if (results === undefined || results === 'percent') return null;
  for (const [yes, no] of [
    ['mutant', 'wild-type'],
    ['positive', 'negative'],
    ['pathogenic', 'no-pathogenic-variant'],
  ] as const) {
    if (results.includes(yes) && results.includes(no)) return present ? yes : no;
  }
  return null;
}

class Reader {
  readonly unmapped: FhirIssue[] = [];
  readonly errors: FhirIssue[] = [];
  readonly sources: Record<string, string> = {};

  unmap(expression: string, message: string): void {
    this.unmapped.push({ expression, message });
  }

  /** Reports every element of `resource` not in `read` (nor structural). */
  rest(resource: object, expression: string, read: readonly string[]): void {
    for (const key of Object.keys(resource)) {
      if (!STRUCTURAL.includes(key) && !read.includes(key))
        this.unmap(`${expression}.${key}`, `${key} is not mapped to the case`);
    }
  }

  /** The first coding of one of `systems`; the other codings are reported. */
  coding(
    concept: CodeableConcept | undefined,
    expression: string,
    systems: readonly string[],
    accept: (coding: Coding) => boolean = () => true,
  ): (Coding & { code: string }) | undefined {
    let found: (Coding & { code: string }) | undefined;
    (concept?.coding ?? []).forEach((coding, index) => {
      if (
        found === undefined &&
        coding.system !== undefined &&
        systems.includes(coding.system) &&
        coding.code !== undefined &&
        accept(coding)
      )
        found = { ...coding, code: coding.code };
      else
        this.unmap(
          `${expression}.coding[${index}]`,
          `coding ${coding.system ?? '(no system)'}|${coding.code ?? ''} is not mapped`,
        );
    });
    return found;
  }

  source(field: string, expression: string): void {
    this.sources[field] ??= expression;
  }
}

const dateOf = (value: string | undefined): string | null => (value === undefined ? null : value.slice(0, 10));
const hasProfile = (resource: Resource, profile: string): boolean => (resource.meta?.profile ?? []).includes(profile);

function readPatient(r: Reader, patient: Patient, expression: string): ImportedPatient | null {
  const read = ['identifier', 'name', 'gender', 'birthDate'];
  let mrn: string | undefined;
  (patient.identifier ?? []).forEach((identifier, index) => {
    const isMrn =
      identifier.system === SYSTEM.mrn ||
      (identifier.type?.coding ?? []).some(
        (coding) => coding.system === SYSTEM.v2IdentifierType && coding.code === 'MR',
      );
    if (isMrn && mrn === undefined && identifier.value) mrn = identifier.value;
    else r.unmap(`${expression}.identifier[${index}]`, 'only the medical record number (identifier type MR) is mapped');
  });
  const name = patient.name?.[0];
  (patient.name ?? [])
    .slice(1)
    .forEach((_name, index) => r.unmap(`${expression}.name[${index + 1}]`, 'only the first name is mapped'));
  (name?.given ?? [])
    .slice(1)
    .forEach((_given, index) =>
      r.unmap(`${expression}.name[0].given[${index + 1}]`, 'only the first given name is mapped'),
    );
  if (name !== undefined) r.rest(name, `${expression}.name[0]`, ['family', 'given', 'use']);
  r.rest(patient, expression, read);
  const problems: FhirIssue[] = [];
  if (mrn === undefined)
    problems.push({
      expression: `${expression}.identifier`,
      message:
        'Patient.identifier must hold the medical record number (type MR, system http://terminology.hl7.org/CodeSystem/v2-0203)',
    });
  if (!name?.family)
    problems.push({ expression: `${expression}.name[0].family`, message: 'Patient.name[0].family is required' });
  if (!name?.given?.[0])
    problems.push({ expression: `${expression}.name[0].given`, message: 'Patient.name[0].given is required' });
  if (patient.birthDate === undefined || patient.birthDate.length !== 10)
    problems.push({
      expression: `${expression}.birthDate`,
      message: 'Patient.birthDate is required as a full date (YYYY-MM-DD)',
    });
  r.errors.push(...problems);
  const familyName = name?.family;
  const givenName = name?.given?.[0];
  if (
    problems.length > 0 ||
    mrn === undefined ||
    familyName === undefined ||
    givenName === undefined ||
    patient.birthDate === undefined
  )
    return null;
  return {
    mrn: mrn.toUpperCase(),
    familyName,
    givenName,
    birthDate: patient.birthDate,
    sex: SEX_OF_GENDER[patient.gender ?? 'unknown'],
  };
}

function readPrimary(r: Reader, condition: Condition, expression: string, siteCoding: Coding): Record<string, unknown> {
  r.source('core.primary.siteCode', `${expression}.code`);
  const primary: Record<string, unknown> = {
    siteCode: siteCoding.code,
    topographyCode: null,
    morphologyCode: null,
    histologyText: null,
    laterality: null,
    diagnosisDate: null,
  };
  const read = [
    'code',
    'clinicalStatus',
    'verificationStatus',
    'category',
    'bodySite',
    'extension',
    'onsetDateTime',
    'recordedDate',
  ];
  (condition.bodySite ?? []).forEach((site, index) => {
    const siteExpression = `${expression}.bodySite[${index}]`;
    if (index > 0) return r.unmap(siteExpression, 'only the first body site is mapped');
    const topography = r.coding(site, siteExpression, [SYSTEM.icdO3]);
    if (topography) {
      primary['topographyCode'] = topography.code;
      r.source('core.primary.topographyCode', siteExpression);
    }
    (site.extension ?? []).forEach((extension, extensionIndex) => {
      const extensionExpression = `${siteExpression}.extension[${extensionIndex}]`;
      if (extension.url !== EXTENSION.laterality)
        return r.unmap(extensionExpression, `extension ${extension.url} is not mapped`);
      const coding = r.coding(extension.valueCodeableConcept, `${extensionExpression}.valueCodeableConcept`, [
        SYSTEM.snomed,
      ]);
      const laterality = Object.entries(LATERALITY_SNOMED).find(([, snomed]) => snomed.code === coding?.code)?.[0];
      if (laterality === undefined)
        r.unmap(
          extensionExpression,
          'laterality must be SNOMED 7771000 (left), 24028007 (right) or 51440002 (bilateral)',
        );
      else {
        primary['laterality'] = laterality;
        r.source('core.primary.laterality', extensionExpression);
      }
    });
  });
  (condition.extension ?? []).forEach((extension, index) => {
    const extensionExpression = `${expression}.extension[${index}]`;
    if (extension.url !== EXTENSION.histology)
      return r.unmap(extensionExpression, `extension ${extension.url} is not mapped`);
    const morphology = r.coding(extension.valueCodeableConcept, `${extensionExpression}.valueCodeableConcept`, [
      SYSTEM.icdO3,
    ]);
    if (morphology) primary['morphologyCode'] = morphology.code;
    primary['histologyText'] = extension.valueCodeableConcept?.text ?? null;
    r.source('core.primary.morphologyCode', extensionExpression);
  });
  primary['diagnosisDate'] = dateOf(condition.onsetDateTime ?? condition.recordedDate);
  r.source('core.primary.diagnosisDate', `${expression}.${condition.onsetDateTime ? 'onsetDateTime' : 'recordedDate'}`);
  r.rest(condition, expression, read);
  return primary;
}

interface CoreDraft {
  primary: Record<string, unknown> | null;
  edition: string | null;
  staging: Record<'clinical' | 'pathological', Partial<Record<TnmPart, string>> & { afterTherapy?: boolean }>;
  stageGroup: string | null;
  metastases: Record<string, unknown>[];
  ecog: number | null;
  comorbidities: Record<string, unknown>[];
  biomarkers: Record<string, unknown>[];
}

function readSecondary(r: Reader, draft: CoreDraft, condition: Condition, expression: string): void {
  const site = r.coding(condition.bodySite?.[0], `${expression}.bodySite[0]`, [SYSTEM.snomed], (coding) =>
    Object.values(METASTATIC_SITE_SNOMED).some((snomed) => snomed.code === coding.code),
  );
  const name = Object.entries(METASTATIC_SITE_SNOMED).find(([, snomed]) => snomed.code === site?.code)?.[0];
  (condition.bodySite ?? [])
    .slice(1)
    .forEach((_site, index) => r.unmap(`${expression}.bodySite[${index + 1}]`, 'only the first body site is mapped'));
  r.coding(
    condition.code,
    `${expression}.code`,
    [SYSTEM.snomed],
    (coding) => coding.code === SECONDARY_MALIGNANCY_SNOMED,
  );
  r.rest(condition, expression, [
    'code',
    'clinicalStatus',
    'verificationStatus',
    'category',
    'bodySite',
    'onsetDateTime',
    'recordedDate',
  ]);
  if (name === undefined)
    return r.unmap(
      expression,
      'a secondary cancer needs a body site the case knows (SNOMED liver, lung, peritoneum, lymph node, bone, brain, adrenal, pleura, skin, body structure)',
    );
  const existing = draft.metastases.find((metastasis) => metastasis.site === name);
  if (existing) existing['count'] = (existing['count'] as number) + 1;
  else {
    r.source(`core.metastases[${draft.metastases.length}]`, expression);
    draft.metastases.push({ site: name, count: 1, resectability: null });
  }
}

function readComorbidity(
  r: Reader,
  draft: CoreDraft,
  condition: Condition,
  expression: string,
  icd: Coding | undefined,
): void {
  r.rest(condition, expression, [
    'code',
    'clinicalStatus',
    'verificationStatus',
    'category',
    'onsetDateTime',
    'recordedDate',
  ]);
  const text = condition.code?.text ?? icd?.display ?? icd?.code;
  if (text === undefined) return r.unmap(expression, 'a comorbidity needs an ICD-10 code or a text');
  r.source(`core.condition.comorbidities[${draft.comorbidities.length}]`, expression);
  draft.comorbidities.push({ code: icd?.code ?? null, text });
}

/** 'cT3' / 'ypN1a' / 'T3' -> { category: 'T3', afterTherapy } (AJCC codes carry the prefix). */
function tnmCategory(code: string, part: Exclude<TnmPart, 'stageGroup'>): { category: string; afterTherapy: boolean } {
  const match = new RegExp(`^(y?)([cpa]?)(${part.toUpperCase()}.*)$`, 'i').exec(code);
  if (!match) return { category: code, afterTherapy: false };
  const category = match[3] ?? '';
  return { category: category.charAt(0).toUpperCase() + category.slice(1), afterTherapy: match[1] === 'y' };
}

/** '3B' / 'IIIB' / 'Stage IIIB' -> 'IIIB' (AJCC stage groups are written both ways). */
function stageGroupOf(code: string): string {
  const bare = code.replace(/^stage\s*/i, '').trim();
  const arabic = /^([0-4])(.*)$/.exec(bare);
  return arabic ? `${ROMAN[arabic[1] ?? ''] ?? ''}${(arabic[2] ?? '').toUpperCase()}` : bare.toUpperCase();
}

function readTnm(
  r: Reader,
  draft: CoreDraft,
  observation: Observation,
  expression: string,
  classification: 'clinical' | 'pathological',
  part: TnmPart,
): void {
  r.rest(observation, expression, [
    'code',
    'category',
    'valueCodeableConcept',
    'method',
    'effectiveDateTime',
    'hasMember',
    'focus',
  ]);
  const value = r.coding(observation.valueCodeableConcept, `${expression}.valueCodeableConcept`, [
    SYSTEM.ajcc,
    SYSTEM.snomed,
  ]);
  const method =
    observation.method === undefined
      ? undefined
      : r.coding(observation.method, `${expression}.method`, [SYSTEM.stagingEdition, SYSTEM.snomed]);
  if (method) {
    const edition =
      method.system === SYSTEM.snomed ? (method.code === '897275008' ? 'AJCC-8' : method.code) : method.code;
    if (draft.edition !== null && draft.edition !== edition)
      r.unmap(`${expression}.method`, `the staging edition ${edition} differs from ${draft.edition}, read first`);
    draft.edition ??= edition;
    r.source('core.staging.edition', `${expression}.method`);
  }
  if (value === undefined)
    return r.unmap(
      expression,
      'a TNM observation needs valueCodeableConcept with an AJCC (http://cancerstaging.org) code',
    );
  if (part === 'stageGroup') {
    if (draft.stageGroup !== null) return r.unmap(expression, 'a second stage group: the first one read is kept');
    draft.stageGroup = stageGroupOf(value.code);
    r.source('core.staging.stageGroup', `${expression}.valueCodeableConcept`);
    return;
  }
  const tnm = draft.staging[classification];
  if (tnm[part] !== undefined)
    return r.unmap(expression, `a second ${classification} ${part.toUpperCase()} category: the first one read is kept`);
  const { category, afterTherapy } = tnmCategory(value.code, part);
  tnm[part] = category;
  tnm.afterTherapy = (tnm.afterTherapy ?? false) || afterTherapy;
  r.source(`core.staging.${classification}.${part}`, `${expression}.valueCodeableConcept`);
}

function readEcog(r: Reader, draft: CoreDraft, observation: Observation, expression: string): void {
  r.rest(observation, expression, [
    'code',
    'category',
    'valueInteger',
    'valueCodeableConcept',
    'interpretation',
    'effectiveDateTime',
  ]);
  let score: number | undefined = observation.valueInteger;
  const answer = observation.valueCodeableConcept ?? observation.interpretation?.[0];
  const answerExpression = observation.valueCodeableConcept
    ? `${expression}.valueCodeableConcept`
    : `${expression}.interpretation[0]`;
  const coded =
    answer === undefined
      ? undefined
      : r.coding(answer, answerExpression, [SYSTEM.loinc], (coding) =>
          (ECOG_ANSWERS as readonly string[]).includes(coding.code ?? ''),
        );
  score ??= coded === undefined ? undefined : ECOG_ANSWERS.indexOf(coded.code as (typeof ECOG_ANSWERS)[number]);
  if (score === undefined)
    return r.unmap(expression, 'an ECOG observation needs valueInteger (0-4) or a LOINC answer LA9622-7..LA9626-8');
  if (draft.ecog !== null) return r.unmap(expression, 'a second ECOG observation: the first one read is kept');
  draft.ecog = score;
  r.source('core.condition.ecog', expression);
}

/** The result of a marker observation: a Consilium result code, a LOINC presence answer, a percentage or the text. */
function resultOf(r: Reader, marker: string, observation: Observation, expression: string): string | undefined {
  if (observation.valueQuantity !== undefined) {
    const quantity = observation.valueQuantity;
    if (quantity.unit === '%' || quantity.code === '%') return `${quantity.value ?? ''}%`;
    r.unmap(`${expression}.valueQuantity`, 'only percentages (unit %) are mapped');
    return undefined;
  }
  if (observation.valueString !== undefined) return observation.valueString;
  const concept = observation.valueCodeableConcept;
  if (concept === undefined) return undefined;
  const local = concept.coding?.find((coding) => coding.system === SYSTEM.biomarkerResult);
  const presence = concept.coding?.find(
    (coding) => coding.system === SYSTEM.loinc && (coding.code === GENOMIC.present || coding.code === GENOMIC.absent),
  );
  (concept.coding ?? []).forEach((coding, index) => {
    if (coding !== local && coding !== presence)
      r.unmap(
        `${expression}.valueCodeableConcept.coding[${index}]`,
        `coding ${coding.system ?? ''}|${coding.code ?? ''} is not mapped`,
      );
  });
  if (local?.code) return local.code;
  if (presence) {
    const result = presenceResult(marker, presence.code === GENOMIC.present);
    if (result !== null) return result;
  }
  return concept.text;
}

function readMarker(
  r: Reader,
  draft: CoreDraft,
  observation: Observation,
  expression: string,
  marker: string,
  read: readonly string[],
): void {
  r.rest(observation, expression, [
    'code',
    'category',
    'valueCodeableConcept',
    'valueQuantity',
    'valueString',
    'method',
    'effectiveDateTime',
    'component',
    ...read,
  ]);
  const result = resultOf(r, marker, observation, expression);
  if (result === undefined) return r.unmap(expression, `the ${marker} observation has no result the case can read`);
  let variant: string | null = null;
  (observation.component ?? []).forEach((component, index) => {
    const componentExpression = `${expression}.component[${index}]`;
    const code = component.code.coding?.find((coding) => coding.system === SYSTEM.loinc)?.code;
    if (code === GENOMIC.geneStudied) return;
    if (code === GENOMIC.aminoAcidChange) {
      variant =
        component.valueCodeableConcept?.text ??
        component.valueCodeableConcept?.coding?.[0]?.code ??
        component.valueString ??
        null;
      return;
    }
    r.unmap(componentExpression, 'only the gene studied (48018-6) and the amino acid change (48005-3) are mapped');
  });
  r.source(`core.biomarkers[${draft.biomarkers.length}]`, expression);
  draft.biomarkers.push({
    marker,
    result,
    variant,
    method:
      observation.method?.text ??
      observation.method?.coding?.[0]?.display ??
      observation.method?.coding?.[0]?.code ??
      null,
    date: dateOf(observation.effectiveDateTime),
  });
}

function readObservation(r: Reader, draft: CoreDraft, observation: Observation, expression: string): void {
  const codings = observation.code.coding ?? [];
  const loinc = codings.find((coding) => coding.system === SYSTEM.loinc)?.code;
  for (const classification of ['clinical', 'pathological'] as const) {
    const part = (Object.entries(TNM_LOINC[classification]) as [TnmPart, string][]).find(
      ([, code]) => code === loinc,
    )?.[0];
    if (part) return readTnm(r, draft, observation, expression, classification, part);
  }
  if (loinc === ECOG_LOINC) return readEcog(r, draft, observation, expression);
  if (loinc === GENOMIC.variantAssessment) {
    const gene = observation.component?.find((component) =>
      component.code.coding?.some((coding) => coding.code === GENOMIC.geneStudied),
    );
    const hgnc = gene?.valueCodeableConcept?.coding?.find((coding) => coding.system === SYSTEM.hgnc)?.code;
    const known = MARKER_CODINGS.find((entry) => 'hgnc' in entry && entry.hgnc === hgnc);
    if (known === undefined)
      return r.unmap(
        expression,
        `a genomic variant of a gene the case does not know (${hgnc ?? 'no HGNC gene studied'})`,
      );
    return readMarker(r, draft, observation, expression, known.marker, []);
  }
  const byLoinc = MARKER_CODINGS.find((entry) => 'loinc' in entry && entry.loinc === loinc);
  if (byLoinc) return readMarker(r, draft, observation, expression, byLoinc.marker, []);
  const local = codings.find((coding) => coding.system === SYSTEM.biomarker)?.code;
  if (local) return readMarker(r, draft, observation, expression, local, []);
  r.unmap(
    expression,
    `an Observation with code ${codings.map((coding) => `${coding.system ?? ''}|${coding.code ?? ''}`).join(', ') || observation.code.text || '(none)'} is not mapped`,
  );
}

function readCondition(r: Reader, draft: CoreDraft, condition: Condition, expression: string): void {
  if (hasProfile(condition, PROFILE.secondaryCancer)) return readSecondary(r, draft, condition, expression);
  const icd = condition.code?.coding?.find(
    (coding) => coding.system !== undefined && ICD10_SYSTEMS.includes(coding.system),
  );
  const neoplasm = icd?.code !== undefined && NEOPLASM.test(icd.code) && !hasProfile(condition, PROFILE.comorbidity);
  if (neoplasm && draft.primary === null) {
    const site = r.coding(condition.code, `${expression}.code`, ICD10_SYSTEMS);
    if (site !== undefined) draft.primary = readPrimary(r, condition, expression, site);
    return;
  }
  if (neoplasm && hasProfile(condition, PROFILE.primaryCancer))
    return r.unmap(expression, 'a second primary cancer: a case holds one (refer it as its own case)');
  r.coding(condition.code, `${expression}.code`, ICD10_SYSTEMS);
  readComorbidity(r, draft, condition, expression, icd);
}

/** Maps a Bundle (already valid FHIR R4) to the patient and the case core intake. */
export function mapBundle(bundle: Bundle): FhirImportResult {
  const r = new Reader();
  const draft: CoreDraft = {
    primary: null,
    edition: null,
    staging: { clinical: {}, pathological: {} },
    stageGroup: null,
    metastases: [],
    ecog: null,
    comorbidities: [],
    biomarkers: [],
  };
  let patient: ImportedPatient | null = null;
  let patients = 0;
  (bundle.entry ?? []).forEach((entry, index) => {
    const expression = `Bundle.entry[${index}].resource`;
    const resource = entry.resource;
    if (resource === undefined) return r.unmap(`Bundle.entry[${index}]`, 'an entry without a resource');
    switch (resource.resourceType) {
      case 'Patient':
        patients += 1;
        if (patients === 1) patient = readPatient(r, resource, expression);
        break;
      case 'Condition':
        readCondition(r, draft, resource, expression);
        break;
      case 'Observation':
        readObservation(r, draft, resource, expression);
        break;
      default:
        r.unmap(expression, `${resource.resourceType} is not mapped to the case`);
    }
  });
  if (patients !== 1)
    r.errors.push({
      expression: 'Bundle.entry',
      message: `the Bundle must hold exactly one Patient, it holds ${patients}`,
    });
  if (draft.primary === null)
    r.errors.push({
      expression: 'Bundle.entry',
      message: 'the Bundle must hold the primary cancer Condition (an ICD-10 C00-D09 code)',
    });
  if (r.errors.length > 0 || patient === null || draft.primary === null) return { ok: false, errors: r.errors };
  const tnm = (classification: 'clinical' | 'pathological') => {
    const parts = draft.staging[classification];
    if (parts.t === undefined && parts.n === undefined && parts.m === undefined) return null;
    return { t: parts.t, n: parts.n, m: parts.m, afterTherapy: parts.afterTherapy ?? false };
  };
  const core = {
    primary: draft.primary,
    staging: {
      edition: draft.edition,
      clinical: tnm('clinical'),
      pathological: tnm('pathological'),
      stageGroup: draft.stageGroup,
    },
    metastases: draft.metastases,
    condition: {
      ecog: draft.ecog,
      fitForIntensiveTreatment: null,
      comorbidities: draft.comorbidities,
      creatinineClearanceMlMin: null,
      preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
      symptoms: [],
      symptomNotes: null,
    },
    biomarkers: draft.biomarkers,
  };
  return { ok: true, value: { patient, core, unmapped: r.unmapped, sources: r.sources } };
}

/** The FHIR element an intake problem (`core.staging.clinical.t`, `core.biomarkers[1].result`) came from, if known. */
export function sourceOf(sources: Record<string, string>, field: string): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(sources)) {
    if (
      (field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[`)) &&
      (best === undefined || key.length > best.length)
    )
      best = key;
  }
  if (best !== undefined) return sources[best];
  const parent = field.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
  return parent !== field && parent !== '' ? sourceOf(sources, parent) : undefined;
}
