/**
 * The disease-agnostic case core: what every cancer case carries, whatever the site or stage.
 * Aligned with HL7 mCODE STU3 so that a FHIR export maps one to one:
 *   primary            -> PrimaryCancerCondition (code = ICD-10 site, bodySite = ICD-O-3 topography,
 *                         histologyMorphologyBehavior = ICD-O-3 morphology, laterality, onset/recorded date)
 *   staging            -> TNMStageGroup + TNMPrimaryTumor/RegionalNodes/DistantMetastases category
 *                         observations (method = edition; clinical vs pathological; y-prefix)
 *   metastases         -> SecondaryCancerCondition (bodySite), plus count and the board's call
 *   condition.ecog     -> ECOGPerformanceStatus; comorbidities -> ComorbidCondition (ICD-10 + text)
 *   biomarkers         -> TumorMarkerTest / GenomicVariant (code, value, method, effective date)
 * `null` means "not known yet"; readiness (core/readiness.ts) lists what the board still needs.
 */
import type { IsoDate } from './dates';
import { ProblemCollector, describeValue, isRecord, notAnObject, type ValidationResult } from './validation';
import {
  ECOG_SCORES,
  KNOWN_BIOMARKERS,
  LATERALITIES,
  METASTASIS_RESECTABILITY,
  METASTATIC_SITES,
  PAIRED_ORGAN_SITES,
  STAGE_GROUPS,
  STAGING_EDITIONS,
  SYMPTOM_CODES,
  TNM_M_CATEGORIES,
  TNM_N_CATEGORIES,
  TNM_T_CATEGORIES,
  type EcogScore,
  type Laterality,
  type MetastasisResectability,
  type MetastaticSite,
  type StageGroup,
  type StagingEdition,
  type SymptomCode,
  type TnmMCategory,
  type TnmNCategory,
  type TnmTCategory,
} from './vocabulary';

/** ICD-10 code of a malignant (C00-C97) or in-situ (D00-D09) neoplasm, e.g. 'C20', 'C18.7', 'C50.4'. */
export const ICD10_NEOPLASM_PATTERN = /^(C\d{2}|D0\d)(\.\d{1,2})?$/;
/** Any ICD-10 code (comorbidities), e.g. 'I10', 'E11.9'. */
export const ICD10_PATTERN = /^[A-Z]\d{2}(\.\d{1,4})?$/;
/** ICD-O-3 topography, e.g. 'C20.9', 'C50.4'. */
export const ICDO3_TOPOGRAPHY_PATTERN = /^C\d{2}\.\d$/;
/** ICD-O-3 morphology with behaviour code, e.g. '8140/3'. */
export const ICDO3_MORPHOLOGY_PATTERN = /^\d{4}\/[0-36-9]$/;

export interface PrimaryCancer {
  /** ICD-10 site code ('C20' rectum, 'C18.7' sigmoid colon, 'C50.4' breast, 'C34.1' lung). */
  siteCode: string;
  /** ICD-O-3 topography ('C20.9'); optional refinement of the site. */
  topographyCode: string | null;
  /** ICD-O-3 morphology with behaviour ('8140/3'); null until histology is known. */
  morphologyCode: string | null;
  /** The pathologist's wording ('adenocarcinoma, moderately differentiated'). */
  histologyText: string | null;
  /** Only for paired organs (PAIRED_ORGAN_SITES); null when not stated. */
  laterality: Laterality | null;
  diagnosisDate: IsoDate | null;
}

/** One TNM classification, categories without prefix ('T3', 'N1', 'M0'). */
export interface TnmCategories {
  t: TnmTCategory;
  n: TnmNCategory;
  m: TnmMCategory;
  /** The y prefix: classified during or after initial (neoadjuvant) therapy (ycTNM / ypTNM). */
  afterTherapy: boolean;
}

export interface Staging {
  /** Required when any classification is given. */
  edition: StagingEdition | null;
  /** cTNM (or ycTNM). */
  clinical: TnmCategories | null;
  /** pTNM (or ypTNM). */
  pathological: TnmCategories | null;
  stageGroup: StageGroup | null;
}

/** A distant metastasis site (mCODE SecondaryCancerCondition) with the board's resectability call. */
export interface CoreMetastasis {
  site: MetastaticSite;
  /** Lesions at this site, an integer >= 1. */
  count: number;
  /** null = not called yet. */
  resectability: MetastasisResectability | null;
}

/** A comorbidity: ICD-10 code when coded (null for free text carried over from older records). */
export interface Comorbidity {
  code: string | null;
  text: string;
}

export interface PatientCondition {
  /** Age at referral in whole years (computed by the API from the birth date, which the core never holds). */
  ageYears: number | null;
  ecog: EcogScore | null;
  /** The board's judgement of fitness for intensive (curative, combination) treatment. */
  fitForIntensiveTreatment: boolean | null;
  comorbidities: Comorbidity[];
  creatinineClearanceMlMin: number | null;
  preferences: { declinesMajorSurgery: boolean; declinesRadiotherapy: boolean; notes: string | null };
  /** Distinct codes, in SYMPTOM_CODES order. */
  symptoms: SymptomCode[];
  symptomNotes: string | null;
}

/**
 * One biomarker result. `marker` is a KNOWN_BIOMARKERS code or any other name; for a known
 * marker `result` is one of its results (or a percentage). Absent from the list = not tested.
 */
export interface BiomarkerResult {
  marker: string;
  result: string;
  /** e.g. 'G12C' (KRAS), 'V600E' (BRAF), 'exon 19 deletion' (EGFR). */
  variant: string | null;
  /** e.g. 'IHC', 'NGS' (BIOMARKER_METHODS; free text). */
  method: string | null;
  date: IsoDate | null;
}

export interface CaseCore {
  primary: PrimaryCancer;
  staging: Staging;
  /** Required (non-empty) whenever any M category is M1; empty when M0. */
  metastases: CoreMetastasis[];
  condition: PatientCondition;
  biomarkers: BiomarkerResult[];
}

/** Field names of the case core, by part (unknown keys are reported, never dropped). */
export const CASE_CORE_FIELDS = {
  root: ['primary', 'staging', 'metastases', 'condition', 'biomarkers'],
  primary: ['siteCode', 'topographyCode', 'morphologyCode', 'histologyText', 'laterality', 'diagnosisDate'],
  staging: ['edition', 'clinical', 'pathological', 'stageGroup'],
  tnm: ['t', 'n', 'm', 'afterTherapy'],
  metastasis: ['site', 'count', 'resectability'],
  condition: [
    'ageYears',
    'ecog',
    'fitForIntensiveTreatment',
    'comorbidities',
    'creatinineClearanceMlMin',
    'preferences',
    'symptoms',
    'symptomNotes',
  ],
  preferences: ['declinesMajorSurgery', 'declinesRadiotherapy', 'notes'],
  comorbidity: ['code', 'text'],
  biomarker: ['marker', 'result', 'variant', 'method', 'date'],
} as const;

const PERCENT_PATTERN = /^(100|\d{1,2}(\.\d)?)%$/;
/** Marker names: letters, digits and - _ . / (up to 40 characters). */
const MARKER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;
const normaliseMarker = (marker: string): string => marker.toUpperCase().replace(/[^A-Z0-9]/g, '');
/** Known markers by normalised name ('PD-L1 TPS' and 'pdl1_tps' both find PDL1_TPS). */
const KNOWN_BIOMARKER_BY_NAME = new Map(
  KNOWN_BIOMARKERS.map((definition) => [normaliseMarker(definition.code), definition]),
);

/** True when the ICD-10 site is a paired organ (laterality applies). */
export function isPairedOrganSite(siteCode: string): boolean {
  return (PAIRED_ORGAN_SITES as readonly string[]).includes(siteCode.slice(0, 3));
}

/** True when any given M category is M1 (any subcategory). Source: UICC/AJCC 8 (M1 = distant metastasis). */
export function hasDistantMetastases(staging: Staging): boolean {
  return [staging.clinical, staging.pathological].some((tnm) => tnm !== null && tnm.m !== 'M0');
}

/** True when at least one M category is given and every given one is M0. */
export function isStatedM0(staging: Staging): boolean {
  const stated = [staging.clinical, staging.pathological].filter((tnm) => tnm !== null);
  return stated.length > 0 && stated.every((tnm) => tnm.m === 'M0');
}

function nullableCode(
  p: ProblemCollector,
  field: string,
  value: unknown,
  pattern: RegExp,
  example: string,
): string | null {
  if (value === undefined || value === null) return null;
  return p.requiredText(field, value, pattern, example) || null;
}

function nullableOneOf<T extends string>(
  p: ProblemCollector,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T | null {
  if (value === undefined || value === null) return null;
  return p.oneOf(field, value, allowed, allowed[0] as T);
}

function readPrimary(p: ProblemCollector, value: unknown): PrimaryCancer {
  if (value === undefined) p.add('primary', 'primary is required');
  const raw = p.object('primary', value, CASE_CORE_FIELDS.primary);
  const siteCode = p.requiredText(
    'primary.siteCode',
    raw['siteCode'],
    ICD10_NEOPLASM_PATTERN,
    'an ICD-10 neoplasm code such as "C20" or "C18.7"',
  );
  const topographyCode = nullableCode(
    p,
    'primary.topographyCode',
    raw['topographyCode'],
    ICDO3_TOPOGRAPHY_PATTERN,
    'an ICD-O-3 topography such as "C20.9"',
  );
  const laterality = nullableOneOf(p, 'primary.laterality', raw['laterality'], LATERALITIES);
  if (laterality !== null && siteCode !== '' && !isPairedOrganSite(siteCode)) {
    p.add(
      'primary.laterality',
      `primary.laterality applies only to paired organs (${PAIRED_ORGAN_SITES.join(', ')}), not ${siteCode}`,
    );
  }
  return {
    siteCode,
    topographyCode,
    morphologyCode: nullableCode(
      p,
      'primary.morphologyCode',
      raw['morphologyCode'],
      ICDO3_MORPHOLOGY_PATTERN,
      'an ICD-O-3 morphology such as "8140/3"',
    ),
    histologyText: p.nullableString('primary.histologyText', raw['histologyText']),
    laterality,
    diagnosisDate: p.nullableDate('primary.diagnosisDate', raw['diagnosisDate']),
  };
}

function readTnm(p: ProblemCollector, field: string, value: unknown): TnmCategories | null {
  if (value === undefined || value === null) return null;
  const raw = p.object(field, value, CASE_CORE_FIELDS.tnm);
  if (!isRecord(value)) return null;
  return {
    t: p.oneOf(`${field}.t`, raw['t'], TNM_T_CATEGORIES, 'TX'),
    n: p.oneOf(`${field}.n`, raw['n'], TNM_N_CATEGORIES, 'NX'),
    m: p.oneOf(`${field}.m`, raw['m'], TNM_M_CATEGORIES, 'M0'),
    afterTherapy: p.boolean(`${field}.afterTherapy`, raw['afterTherapy'], false),
  };
}

function readStaging(p: ProblemCollector, value: unknown): Staging {
  const raw = p.object('staging', value, CASE_CORE_FIELDS.staging);
  const staging: Staging = {
    edition: nullableOneOf(p, 'staging.edition', raw['edition'], STAGING_EDITIONS),
    clinical: readTnm(p, 'staging.clinical', raw['clinical']),
    pathological: readTnm(p, 'staging.pathological', raw['pathological']),
    stageGroup: nullableOneOf(p, 'staging.stageGroup', raw['stageGroup'], STAGE_GROUPS),
  };
  if (staging.edition === null && (staging.clinical !== null || staging.pathological !== null)) {
    p.add(
      'staging.edition',
      `staging.edition is required with a TNM classification: one of ${STAGING_EDITIONS.join(', ')}`,
    );
  }
  return staging;
}

function readMetastasis(p: ProblemCollector, raw: Record<string, unknown>, field: string): CoreMetastasis {
  const count = raw['count'];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    p.add(`${field}.count`, `${field}.count must be an integer >= 1, got ${describeValue(count)}`);
  }
  return {
    site: p.oneOf(`${field}.site`, raw['site'], METASTATIC_SITES, 'other'),
    count: typeof count === 'number' ? count : 1,
    resectability: nullableOneOf(p, `${field}.resectability`, raw['resectability'], METASTASIS_RESECTABILITY),
  };
}

/** M1 needs the metastases listed; M0 refuses them. Source: UICC/AJCC 8 M category; mCODE SecondaryCancerCondition. */
function checkMetastasesAgainstStaging(
  p: ProblemCollector,
  staging: Staging,
  metastases: readonly CoreMetastasis[],
): void {
  if (hasDistantMetastases(staging) && metastases.length === 0) {
    p.add('metastases', 'metastases must list at least one site when the M category is M1');
  }
  if (isStatedM0(staging) && metastases.length > 0) {
    p.add('metastases', 'metastases must be empty when the M category is M0');
  }
}

function readComorbidity(p: ProblemCollector, raw: Record<string, unknown>, field: string): Comorbidity {
  return {
    code: nullableCode(p, `${field}.code`, raw['code'], ICD10_PATTERN, 'an ICD-10 code such as "I10"'),
    text: p.requiredText(`${field}.text`, raw['text']),
  };
}

function readSymptoms(p: ProblemCollector, value: unknown): SymptomCode[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    p.add('condition.symptoms', `condition.symptoms must be an array, got ${describeValue(value)}`);
    return [];
  }
  const seen = new Set<SymptomCode>();
  value.forEach((item: unknown, index) => {
    const field = `condition.symptoms[${index}]`;
    if (!(SYMPTOM_CODES as readonly unknown[]).includes(item)) {
      p.oneOf(field, item, SYMPTOM_CODES, 'other');
    } else if (seen.has(item as SymptomCode)) {
      p.add(field, `${field} repeats ${JSON.stringify(item)}`);
    }
    seen.add(item as SymptomCode);
  });
  return SYMPTOM_CODES.filter((code) => seen.has(code));
}

function readCondition(p: ProblemCollector, value: unknown): PatientCondition {
  const raw = p.object('condition', value, CASE_CORE_FIELDS.condition);
  let ecog: EcogScore | null = null;
  const rawEcog = raw['ecog'];
  if (rawEcog !== undefined && rawEcog !== null) {
    if ((ECOG_SCORES as readonly unknown[]).includes(rawEcog)) ecog = rawEcog as EcogScore;
    else p.add('condition.ecog', `condition.ecog must be 0-4, got ${describeValue(rawEcog)}`);
  }
  const rawPreferences = p.object('condition.preferences', raw['preferences'], CASE_CORE_FIELDS.preferences);
  return {
    ageYears: p.nullableNumber('condition.ageYears', raw['ageYears'], 0, 120),
    ecog,
    fitForIntensiveTreatment: p.boolean('condition.fitForIntensiveTreatment', raw['fitForIntensiveTreatment'], null),
    comorbidities: p.list(
      'condition.comorbidities',
      raw['comorbidities'],
      CASE_CORE_FIELDS.comorbidity,
      (item, field) => readComorbidity(p, item, field),
    ),
    creatinineClearanceMlMin: p.nullableNumber(
      'condition.creatinineClearanceMlMin',
      raw['creatinineClearanceMlMin'],
      0,
      300,
    ),
    preferences: {
      declinesMajorSurgery: p.boolean(
        'condition.preferences.declinesMajorSurgery',
        rawPreferences['declinesMajorSurgery'],
        false,
      ),
      declinesRadiotherapy: p.boolean(
        'condition.preferences.declinesRadiotherapy',
        rawPreferences['declinesRadiotherapy'],
        false,
      ),
      notes: p.nullableString('condition.preferences.notes', rawPreferences['notes']),
    },
    symptoms: readSymptoms(p, raw['symptoms']),
    symptomNotes: p.nullableString('condition.symptomNotes', raw['symptomNotes']),
  };
}

function readBiomarker(p: ProblemCollector, raw: Record<string, unknown>, field: string): BiomarkerResult {
  const marker = p.requiredText(
    `${field}.marker`,
    raw['marker'],
    MARKER_PATTERN,
    'a marker name such as "KRAS" (letters, digits, - _ . /)',
  );
  let result = p.requiredText(`${field}.result`, raw['result']);
  const known = KNOWN_BIOMARKER_BY_NAME.get(normaliseMarker(marker));
  if (known !== undefined && known.code !== marker) {
    // 'Kras' or 'PD-L1_TPS' would otherwise be a different marker, and the rules would not see the result.
    p.add(
      `${field}.marker`,
      `${field}.marker ${JSON.stringify(marker)} is the known marker ${known.code}: write it as ${known.code}`,
    );
  }
  if (known !== undefined && known.code === marker && result !== '') {
    if (known.results === 'percent' && !PERCENT_PATTERN.test(result)) {
      p.add(
        `${field}.result`,
        `${field}.result for ${marker} must be a percentage such as "30%", got ${describeValue(result)}`,
      );
    } else if (known.results !== 'percent') {
      result = p.oneOf(`${field}.result`, result, known.results, '');
    }
  }
  return {
    marker,
    result,
    variant: p.nullableString(`${field}.variant`, raw['variant']),
    method: p.nullableString(`${field}.method`, raw['method']),
    date: p.nullableDate(`${field}.date`, raw['date']),
  };
}

/**
 * Validates untrusted input into a CaseCore, collecting every problem with its dotted field path
 * (`primary.siteCode`, `staging.clinical.m`, `biomarkers[2].result`). Optional parts may be
 * omitted (null, [] or false); unknown fields are reported. Cross-field rules: laterality only
 * for paired organs; an edition with any TNM; metastases listed when M1, empty when M0; for a
 * KNOWN_BIOMARKERS marker, a result from its list. Source: HL7 mCODE STU3; UICC/AJCC TNM 8th ed.
 */
export function validateCaseCore(input: unknown): ValidationResult<CaseCore> {
  if (!isRecord(input)) return notAnObject('case core', input);
  const p = new ProblemCollector();
  p.unknownKeys('', input, CASE_CORE_FIELDS.root);
  const primary = readPrimary(p, input['primary']);
  const staging = readStaging(p, input['staging']);
  const metastases = p.list('metastases', input['metastases'], CASE_CORE_FIELDS.metastasis, (item, field) =>
    readMetastasis(p, item, field),
  );
  checkMetastasesAgainstStaging(p, staging, metastases);
  const condition = readCondition(p, input['condition']);
  const biomarkers = p.list('biomarkers', input['biomarkers'], CASE_CORE_FIELDS.biomarker, (item, field) =>
    readBiomarker(p, item, field),
  );
  if (p.problems.length > 0) return { ok: false, problems: p.problems };
  return { ok: true, facts: { primary, staging, metastases, condition, biomarkers } };
}

/**
 * The result that counts for a marker: the latest dated entry (undated entries count as older),
 * later list position breaking ties; undefined when the marker was not tested.
 */
export function latestBiomarker(core: Pick<CaseCore, 'biomarkers'>, marker: string): BiomarkerResult | undefined {
  let latest: BiomarkerResult | undefined;
  for (const entry of core.biomarkers) {
    if (entry.marker !== marker) continue;
    if (latest === undefined || (entry.date ?? '') >= (latest.date ?? '')) latest = entry;
  }
  return latest;
}
