/**
 * Case facts for stage IV rectal cancer (PATHWAY.md "Facts a case carries") and their
 * validation from untrusted input. `null` means "not known yet"; the draft records what it
 * assumed in its place. Unknown biomarker status is the value 'unknown', not an error.
 */
import { ProblemCollector, describeValue, isRecord, type ValidationResult } from '../core/validation';

export const T_CATEGORIES = ['T1', 'T2', 'T3', 'T4a', 'T4b'] as const;
export const N_CATEGORIES = ['N0', 'N1', 'N2'] as const;
export const M_CATEGORIES = ['M1a', 'M1b', 'M1c'] as const;
export const METASTASIS_SITES = ['liver', 'lung', 'peritoneum', 'distant-nodes', 'bone', 'other'] as const;
export const RESECTABILITY_CALLS = ['resectable', 'potentially-resectable', 'unresectable'] as const;
export const RAS_STATUSES = ['wild-type', 'mutant', 'unknown'] as const;
export const BRAF_STATUSES = ['V600E', 'other', 'wild-type', 'unknown'] as const;
export const MMR_STATUSES = ['pMMR', 'dMMR', 'unknown'] as const;
export const HER2_STATUSES = ['positive', 'negative', 'unknown'] as const;
export const DPD_STATUSES = ['normal', 'partial-deficiency', 'complete-deficiency', 'unknown'] as const;

export type TCategory = (typeof T_CATEGORIES)[number];
export type NCategory = (typeof N_CATEGORIES)[number];
export type MCategory = (typeof M_CATEGORIES)[number];
export type MetastasisSite = (typeof METASTASIS_SITES)[number];
export type Resectability = (typeof RESECTABILITY_CALLS)[number];
export type RasStatus = (typeof RAS_STATUSES)[number];
export type BrafStatus = (typeof BRAF_STATUSES)[number];
export type MmrStatus = (typeof MMR_STATUSES)[number];
export type Her2Status = (typeof HER2_STATUSES)[number];
export type DpdStatus = (typeof DPD_STATUSES)[number];
export type Ecog = 0 | 1 | 2 | 3 | 4;

export interface Metastasis {
  site: MetastasisSite;
  /** Number of lesions at this site, an integer >= 1. */
  count: number;
  /** The board's call; null = not called yet. */
  resectability: Resectability | null;
}

export interface Biomarkers {
  kras: RasStatus;
  /** e.g. 'G12C'; only with kras 'mutant'. */
  krasVariant: string | null;
  nras: RasStatus;
  braf: BrafStatus;
  mmr: MmrStatus;
  her2: Her2Status;
  dpd: DpdStatus;
}

export interface CaseFacts {
  tCategory: TCategory;
  nCategory: NCategory;
  mCategory: MCategory;
  distanceFromAnalVergeCm: number | null;
  mesorectalFasciaThreatened: boolean | null;
  metastases: Metastasis[];
  ageYears: number | null;
  ecog: Ecog | null;
  fitForIntensiveTreatment: boolean | null;
  comorbidities: string[];
  creatinineClearanceMlMin: number | null;
  preferences: { declinesMajorSurgery: boolean; declinesRadiotherapy: boolean; notes: string | null };
  symptoms: { bleeding: boolean; obstruction: boolean; pain: boolean };
  biomarkers: Biomarkers;
}

/** Upper bound of the rectum above the anal verge accepted as input (the rectum ends at ~15 cm). */
export const MAX_DISTANCE_FROM_ANAL_VERGE_CM = 20;

const FACT_FIELDS = [
  'tCategory',
  'nCategory',
  'mCategory',
  'distanceFromAnalVergeCm',
  'mesorectalFasciaThreatened',
  'metastases',
  'ageYears',
  'ecog',
  'fitForIntensiveTreatment',
  'comorbidities',
  'creatinineClearanceMlMin',
  'preferences',
  'symptoms',
  'biomarkers',
] as const;

function readMetastases(p: ProblemCollector, value: unknown, mCategory: MCategory | 'M0' | null): Metastasis[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    if (mCategory !== 'M0') p.add('metastases', 'metastases must list at least one site for stage IV (M1)');
    return [];
  }
  if (!Array.isArray(value)) {
    p.add('metastases', `metastases must be an array, got ${describeValue(value)}`);
    return [];
  }
  const result: Metastasis[] = [];
  value.forEach((item: unknown, index) => {
    const field = `metastases[${index}]`;
    if (!isRecord(item)) {
      p.add(field, `${field} must be an object, got ${describeValue(item)}`);
      return;
    }
    p.unknownKeys(field, item, ['site', 'count', 'resectability']);
    const site = p.oneOf(`${field}.site`, item['site'], METASTASIS_SITES, 'other');
    const count = item['count'];
    let validCount = 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      p.add(`${field}.count`, `${field}.count must be an integer >= 1, got ${describeValue(count)}`);
    } else {
      validCount = count;
    }
    const resectability =
      item['resectability'] === undefined || item['resectability'] === null
        ? null
        : p.oneOf(`${field}.resectability`, item['resectability'], RESECTABILITY_CALLS, 'unresectable');
    result.push({ site, count: validCount, resectability });
  });
  return result;
}

/** Checks the M category against the listed sites (AJCC 8: M1a one organ, M1b several, M1c peritoneum). */
function checkMCategory(p: ProblemCollector, mCategory: MCategory, metastases: Metastasis[]): void {
  if (metastases.length === 0) return;
  const sites = new Set(metastases.map((m) => m.site));
  const peritoneum = sites.has('peritoneum');
  if (mCategory === 'M1c' && !peritoneum) {
    p.add('mCategory', 'M1c means peritoneal metastases, but no peritoneum site is listed');
  }
  if (mCategory !== 'M1c' && peritoneum) {
    p.add('mCategory', `peritoneal metastases are M1c, got ${mCategory}`);
  }
  if (mCategory === 'M1a' && sites.size > 1) {
    p.add('mCategory', `M1a means one organ or site, but ${sites.size} sites are listed (${[...sites].join(', ')})`);
  }
  if (mCategory === 'M1b' && sites.size < 2) {
    p.add('mCategory', `M1b means more than one organ or site, but only ${[...sites].join(', ')} is listed`);
  }
}

/**
 * Validates untrusted input into CaseFacts, collecting every problem with its field path.
 * Optional parts may be omitted (biomarkers -> 'unknown', comorbidities -> [], symptoms and
 * preferences -> false); unknown fields are reported so that a misspelt field is never lost.
 * Source: PATHWAY.md "Facts a case carries"; stage IV = M1 (seed title).
 */
export function validateFacts(input: unknown): ValidationResult<CaseFacts> {
  const p = new ProblemCollector();
  if (!isRecord(input)) {
    p.add('', `case facts must be an object, got ${describeValue(input)}`);
    return { ok: false, problems: p.problems };
  }
  p.unknownKeys('', input, FACT_FIELDS);

  const tCategory = p.oneOf('tCategory', input['tCategory'], T_CATEGORIES, 'T3');
  const nCategory = p.oneOf('nCategory', input['nCategory'], N_CATEGORIES, 'N0');
  let mCategory: MCategory = 'M1a';
  let mSeen: MCategory | 'M0' | null = null;
  if (input['mCategory'] === 'M0') {
    p.add('mCategory', 'M0 is not stage IV');
    mSeen = 'M0';
  } else {
    const before = p.problems.length;
    mCategory = p.oneOf('mCategory', input['mCategory'], M_CATEGORIES, 'M1a');
    if (p.problems.length === before) mSeen = mCategory;
  }
  const distanceFromAnalVergeCm = p.nullableNumber(
    'distanceFromAnalVergeCm',
    input['distanceFromAnalVergeCm'],
    0,
    MAX_DISTANCE_FROM_ANAL_VERGE_CM,
  );
  const mesorectalFasciaThreatened = p.boolean('mesorectalFasciaThreatened', input['mesorectalFasciaThreatened'], null);
  const metastases = readMetastases(p, input['metastases'], mSeen);
  if (mSeen !== null && mSeen !== 'M0') checkMCategory(p, mSeen, metastases);

  const ageYears = p.nullableNumber('ageYears', input['ageYears'], 0, 120);
  let ecog: Ecog | null = null;
  const rawEcog = input['ecog'];
  if (rawEcog !== undefined && rawEcog !== null) {
    if (rawEcog === 0 || rawEcog === 1 || rawEcog === 2 || rawEcog === 3 || rawEcog === 4) ecog = rawEcog;
    else p.add('ecog', `ecog must be 0-4, got ${describeValue(rawEcog)}`);
  }
  const fitForIntensiveTreatment = p.boolean('fitForIntensiveTreatment', input['fitForIntensiveTreatment'], null);

  let comorbidities: string[] = [];
  const rawComorbidities = input['comorbidities'];
  if (rawComorbidities !== undefined && rawComorbidities !== null) {
    if (!Array.isArray(rawComorbidities)) {
      p.add('comorbidities', `comorbidities must be an array of strings, got ${describeValue(rawComorbidities)}`);
    } else {
      comorbidities = [];
      rawComorbidities.forEach((item: unknown, index) => {
        if (typeof item === 'string') comorbidities.push(item);
        else p.add(`comorbidities[${index}]`, `comorbidities[${index}] must be a string, got ${describeValue(item)}`);
      });
    }
  }
  const creatinineClearanceMlMin = p.nullableNumber(
    'creatinineClearanceMlMin',
    input['creatinineClearanceMlMin'],
    0,
    300,
  );

  const rawPreferences = p.object('preferences', input['preferences'], [
    'declinesMajorSurgery',
    'declinesRadiotherapy',
    'notes',
  ]);
  const preferences = {
    declinesMajorSurgery: p.boolean('preferences.declinesMajorSurgery', rawPreferences['declinesMajorSurgery'], false),
    declinesRadiotherapy: p.boolean('preferences.declinesRadiotherapy', rawPreferences['declinesRadiotherapy'], false),
    notes: p.nullableString('preferences.notes', rawPreferences['notes']),
  };
  const rawSymptoms = p.object('symptoms', input['symptoms'], ['bleeding', 'obstruction', 'pain']);
  const symptoms = {
    bleeding: p.boolean('symptoms.bleeding', rawSymptoms['bleeding'], false),
    obstruction: p.boolean('symptoms.obstruction', rawSymptoms['obstruction'], false),
    pain: p.boolean('symptoms.pain', rawSymptoms['pain'], false),
  };

  const rawBiomarkers = p.object('biomarkers', input['biomarkers'], [
    'kras',
    'krasVariant',
    'nras',
    'braf',
    'mmr',
    'her2',
    'dpd',
  ]);
  const biomarkers: Biomarkers = {
    kras: p.optionalOneOf('biomarkers.kras', rawBiomarkers['kras'], RAS_STATUSES, 'unknown'),
    krasVariant: p.nullableString('biomarkers.krasVariant', rawBiomarkers['krasVariant']),
    nras: p.optionalOneOf('biomarkers.nras', rawBiomarkers['nras'], RAS_STATUSES, 'unknown'),
    braf: p.optionalOneOf('biomarkers.braf', rawBiomarkers['braf'], BRAF_STATUSES, 'unknown'),
    mmr: p.optionalOneOf('biomarkers.mmr', rawBiomarkers['mmr'], MMR_STATUSES, 'unknown'),
    her2: p.optionalOneOf('biomarkers.her2', rawBiomarkers['her2'], HER2_STATUSES, 'unknown'),
    dpd: p.optionalOneOf('biomarkers.dpd', rawBiomarkers['dpd'], DPD_STATUSES, 'unknown'),
  };
  if (biomarkers.krasVariant !== null && biomarkers.kras !== 'mutant') {
    p.add(
      'biomarkers.krasVariant',
      `biomarkers.krasVariant is only valid with kras "mutant", got kras ${JSON.stringify(biomarkers.kras)}`,
    );
  }

  if (p.problems.length > 0) return { ok: false, problems: p.problems };
  return {
    ok: true,
    facts: {
      tCategory,
      nCategory,
      mCategory,
      distanceFromAnalVergeCm,
      mesorectalFasciaThreatened,
      metastases,
      ageYears,
      ecog,
      fitForIntensiveTreatment,
      comorbidities,
      creatinineClearanceMlMin,
      preferences,
      symptoms,
      biomarkers,
    },
  };
}
