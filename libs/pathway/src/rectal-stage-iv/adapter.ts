/**
 * The rectal pathway over the case core: `rectalFactsFrom` builds the pathway's CaseFacts (its
 * rules are unchanged and still read CaseFacts) from the core + the rectal extra facts;
 * `coreFromRectalFacts` is the inverse, for migrating cases stored in the old rectal-only shape.
 * rectal facts -> core + extra -> rectal facts is the identity (adapter.spec.ts, fast-check).
 */
import {
  latestBiomarker,
  type BiomarkerResult,
  type CaseCore,
  type PrimaryCancer,
  type TnmCategories,
} from '../core/case-core';
import type { StageGroup, SymptomCode, TnmNCategory, TnmTCategory } from '../core/vocabulary';
import { ProblemCollector, type FactProblem, type ValidationResult } from '../core/validation';
import { dpdStatusFrom, markerField, mmrStatusFrom } from '../shared-rules/biomarkers';
import type { RectalExtraFacts } from './extra-facts';
import {
  T_CATEGORIES,
  validateFacts,
  type Biomarkers,
  type BrafStatus,
  type CaseFacts,
  type DpdStatus,
  type Her2Status,
  type MCategory,
  type MmrStatus,
  type NCategory,
  type RasStatus,
} from './facts';

/**
 * What a case stored before issue 13 is assumed to be: the old intake accepted only rectal
 * adenocarcinoma (ICD-10 C20, ICD-O-3 8140/3 adenocarcinoma NOS) staged with AJCC 8.
 */
export const LEGACY_RECTAL_PRIMARY: PrimaryCancer = Object.freeze({
  siteCode: 'C20',
  topographyCode: 'C20.9',
  morphologyCode: '8140/3',
  histologyText: null,
  laterality: null,
  diagnosisDate: null,
});

/** AJCC 8 colorectal: M1a -> IVA, M1b -> IVB, M1c -> IVC. */
const STAGE_GROUP_BY_M: Record<MCategory, StageGroup> = { M1a: 'IVA', M1b: 'IVB', M1c: 'IVC' };
/** AJCC 8 colorectal N subcategories the rectal rules do not distinguish. */
const N_FOR_RECTAL: Partial<Record<TnmNCategory, NCategory>> = {
  N0: 'N0',
  N1: 'N1',
  N1a: 'N1',
  N1b: 'N1',
  N1c: 'N1',
  N2: 'N2',
  N2a: 'N2',
  N2b: 'N2',
};
const RECTAL_METASTASIS_SITES: readonly string[] = ['liver', 'lung', 'peritoneum', 'distant-nodes', 'bone'];
const RECTAL_SYMPTOMS = ['bleeding', 'obstruction', 'pain'] as const satisfies readonly SymptomCode[];
const BRAF_V600E = /^(p\.)?V600E$/i;
/** The variant recorded for a BRAF mutation other than V600E when migrating (rectal 'other'). */
export const BRAF_NON_V600E_VARIANT = 'non-V600E';

/** Core field each rectal CaseFacts field comes from (to name problems in core terms). */
const CORE_FIELD_OF: Record<string, string> = {
  tCategory: 'staging.clinical.t',
  nCategory: 'staging.clinical.n',
  mCategory: 'staging.clinical.m',
  metastases: 'metastases',
  ageYears: 'condition.ageYears',
  ecog: 'condition.ecog',
  fitForIntensiveTreatment: 'condition.fitForIntensiveTreatment',
  comorbidities: 'condition.comorbidities',
  creatinineClearanceMlMin: 'condition.creatinineClearanceMlMin',
  preferences: 'condition.preferences',
  symptoms: 'condition.symptoms',
  biomarkers: 'biomarkers',
};

function rasStatus(entry: BiomarkerResult | undefined): RasStatus {
  return entry?.result === 'wild-type' || entry?.result === 'mutant' ? entry.result : 'unknown';
}

/**
 * The rectal biomarker statuses from the core's result list (latest result per marker; not
 * tested = 'unknown'). MMR from the MMR IHC or MSI result (MSS/MSI-L = pMMR, MSI-H = dMMR;
 * disagreeing results are a problem); HER2 'low' counts as negative (not amplified), 'equivocal'
 * as unknown; BRAF 'mutant' needs its variant (V600E or not). Source: PATHWAY.md "Biomarkers".
 */
export function rectalBiomarkersFrom(core: CaseCore): { biomarkers: Biomarkers; problems: FactProblem[] } {
  const p = new ProblemCollector();
  const kras = latestBiomarker(core, 'KRAS');
  const braf = latestBiomarker(core, 'BRAF');
  let brafStatus: BrafStatus = braf?.result === 'wild-type' ? 'wild-type' : 'unknown';
  if (braf?.result === 'mutant') {
    if (braf.variant === null)
      p.add(
        `${markerField(core, braf)}.variant`,
        'BRAF mutant needs its variant (V600E or another) for the rectal pathway',
      );
    else brafStatus = BRAF_V600E.test(braf.variant.trim()) ? 'V600E' : 'other';
  }
  const { mmr, problems: mmrProblems } = mmrStatusFrom(core);
  p.problems.push(...mmrProblems);
  const her2 = latestBiomarker(core, 'HER2')?.result;
  return {
    biomarkers: {
      kras: rasStatus(kras),
      krasVariant: kras?.variant ?? null,
      nras: rasStatus(latestBiomarker(core, 'NRAS')),
      braf: brafStatus,
      mmr,
      her2: her2 === 'positive' ? 'positive' : her2 === 'negative' || her2 === 'low' ? 'negative' : 'unknown',
      dpd: dpdStatusFrom(core),
    },
    problems: p.problems,
  };
}

function rectalT(p: ProblemCollector, clinical: TnmCategories): TnmTCategory {
  if (!(T_CATEGORIES as readonly string[]).includes(clinical.t)) {
    p.add('staging.clinical.t', `the rectal stage IV pathway needs cT ${T_CATEGORIES.join(', ')}, got ${clinical.t}`);
  }
  return clinical.t;
}

/**
 * Builds the rectal pathway's CaseFacts from the case core (cTNM, metastases, condition,
 * biomarkers) and the rectal extra facts, then checks them with the pathway's own
 * `validateFacts` (M category against the sites, ranges), naming every problem by its core
 * field. Metastasis sites the rectal pathway does not list (brain, adrenal, pleura, skin) become
 * 'other'; coded comorbidities become their text.
 */
export function rectalFactsFrom(core: CaseCore, extra: RectalExtraFacts): ValidationResult<CaseFacts> {
  const p = new ProblemCollector();
  const clinical = core.staging.clinical;
  if (clinical === null) {
    p.add('staging.clinical', 'the rectal stage IV pathway needs the clinical TNM (cTNM)');
    return { ok: false, problems: p.problems };
  }
  const tCategory = rectalT(p, clinical);
  const nCategory = N_FOR_RECTAL[clinical.n];
  if (nCategory === undefined)
    p.add(
      'staging.clinical.n',
      `the rectal stage IV pathway needs cN N0, N1 or N2 (with subcategories), got ${clinical.n}`,
    );
  const { biomarkers, problems } = rectalBiomarkersFrom(core);
  p.problems.push(...problems);
  const symptoms = new Set(core.condition.symptoms);
  const candidate = {
    tCategory,
    nCategory,
    mCategory: clinical.m,
    distanceFromAnalVergeCm: extra.distanceFromAnalVergeCm,
    mesorectalFasciaThreatened: extra.mesorectalFasciaThreatened,
    metastases: core.metastases.map((metastasis) => ({
      site: RECTAL_METASTASIS_SITES.includes(metastasis.site) ? metastasis.site : 'other',
      count: metastasis.count,
      resectability: metastasis.resectability,
    })),
    ageYears: core.condition.ageYears,
    ecog: core.condition.ecog,
    fitForIntensiveTreatment: core.condition.fitForIntensiveTreatment,
    comorbidities: core.condition.comorbidities.map((comorbidity) => comorbidity.text),
    creatinineClearanceMlMin: core.condition.creatinineClearanceMlMin,
    preferences: { ...core.condition.preferences },
    symptoms: {
      bleeding: symptoms.has('bleeding'),
      obstruction: symptoms.has('obstruction'),
      pain: symptoms.has('pain'),
    },
    biomarkers,
  };
  if (p.problems.length > 0) return { ok: false, problems: p.problems };
  const validated = validateFacts(candidate);
  if (validated.ok) return validated;
  return {
    ok: false,
    problems: validated.problems.map((problem) => ({ field: coreFieldOf(problem.field), message: problem.message })),
  };
}

/** The core field a rectal CaseFacts field comes from ('metastases[0].count' stays; 'ecog' -> 'condition.ecog'; any biomarker -> 'biomarkers'). */
function coreFieldOf(rectalField: string): string {
  const head = /^[a-zA-Z]+/.exec(rectalField)?.[0] ?? '';
  const mapped = CORE_FIELD_OF[head];
  if (mapped === undefined) return rectalField;
  return head === 'biomarkers' ? mapped : mapped + rectalField.slice(head.length);
}

function biomarkerEntry(marker: string, result: string, variant: string | null = null): BiomarkerResult {
  return { marker, result, variant, method: null, date: null };
}

/** Rectal biomarker statuses as core results ('unknown' = not listed). */
function coreBiomarkersFrom(biomarkers: Biomarkers): BiomarkerResult[] {
  const out: BiomarkerResult[] = [];
  const status = (
    marker: string,
    value: RasStatus | MmrStatus | Her2Status | DpdStatus,
    variant: string | null = null,
  ): void => {
    if (value !== 'unknown') out.push(biomarkerEntry(marker, value, variant));
  };
  status('KRAS', biomarkers.kras, biomarkers.krasVariant);
  status('NRAS', biomarkers.nras);
  if (biomarkers.braf === 'wild-type') out.push(biomarkerEntry('BRAF', 'wild-type'));
  if (biomarkers.braf === 'V600E') out.push(biomarkerEntry('BRAF', 'mutant', 'V600E'));
  if (biomarkers.braf === 'other') out.push(biomarkerEntry('BRAF', 'mutant', BRAF_NON_V600E_VARIANT));
  status('MMR', biomarkers.mmr);
  status('HER2', biomarkers.her2);
  status('DPD', biomarkers.dpd);
  return out;
}

/**
 * The case core + rectal extra facts of a case stored in the rectal-only shape (for the
 * migration): primary from `primary` (default LEGACY_RECTAL_PRIMARY), cTNM with the AJCC 8
 * stage group IVA-IVC, comorbidities as uncoded text, each known biomarker as one result.
 */
export function coreFromRectalFacts(
  facts: CaseFacts,
  primary: PrimaryCancer = LEGACY_RECTAL_PRIMARY,
): { core: CaseCore; extra: RectalExtraFacts } {
  return {
    core: {
      primary: { ...primary },
      staging: {
        edition: 'AJCC-8',
        clinical: { t: facts.tCategory, n: facts.nCategory, m: facts.mCategory, afterTherapy: false },
        pathological: null,
        stageGroup: STAGE_GROUP_BY_M[facts.mCategory],
      },
      metastases: facts.metastases.map((metastasis) => ({ ...metastasis })),
      condition: {
        ageYears: facts.ageYears,
        ecog: facts.ecog,
        fitForIntensiveTreatment: facts.fitForIntensiveTreatment,
        comorbidities: facts.comorbidities.map((text) => ({ code: null, text })),
        creatinineClearanceMlMin: facts.creatinineClearanceMlMin,
        preferences: { ...facts.preferences },
        symptoms: RECTAL_SYMPTOMS.filter((symptom) => facts.symptoms[symptom]),
        symptomNotes: null,
      },
      biomarkers: coreBiomarkersFrom(facts.biomarkers),
    },
    extra: {
      distanceFromAnalVergeCm: facts.distanceFromAnalVergeCm,
      mesorectalFasciaThreatened: facts.mesorectalFasciaThreatened,
    },
  };
}
