/**
 * Regimen rules: for the chosen branch and the biomarkers, every regimen is preferred, allowed
 * or forbidden, with its reason and citation. One entry per regimen in REGIMEN_RULES.
 */
import { deepFreeze, type Citation } from '../core/citation';
import { CURATIVE_BRANCHES } from './branches';
import { CITATIONS } from './citations';
import { ANTI_EGFR_CODES, REGIMEN_CODES, type BranchCode, type RegimenCode } from './codes';
import { assumedEcog, extendedRasStatus, isKrasG12c } from './derived';
import type { CaseFacts, RasStatus } from './facts';

export type RegimenDecisionKind = 'preferred' | 'allowed' | 'forbidden';

export interface RegimenDecision {
  readonly regimen: RegimenCode;
  readonly decision: RegimenDecisionKind;
  readonly reason: string;
  readonly citation: Citation;
  /** What must hold before or while it is given (e.g. DPD result, surgery intervals). */
  readonly conditions: readonly string[];
}

export interface ForbiddenCombination {
  readonly regimen: RegimenCode;
  /** Never given together with any of these. */
  readonly withAnyOf: readonly RegimenCode[];
  readonly reason: string;
  readonly citation: Citation;
}

export interface RegimenContext {
  readonly facts: CaseFacts;
  readonly branch: BranchCode;
  readonly extendedRas: RasStatus;
}

type Verdict = Omit<RegimenDecision, 'regimen' | 'conditions'> & { conditions?: readonly string[] };
type RegimenRule = (context: RegimenContext) => Verdict;

const preferred = (reason: string, citation: Citation, conditions?: readonly string[]): Verdict => ({
  decision: 'preferred',
  reason,
  citation,
  ...(conditions === undefined ? {} : { conditions }),
});
const allowed = (reason: string, citation: Citation, conditions?: readonly string[]): Verdict => ({
  decision: 'allowed',
  reason,
  citation,
  ...(conditions === undefined ? {} : { conditions }),
});
const forbidden = (reason: string, citation: Citation): Verdict => ({ decision: 'forbidden', reason, citation });

/** DPD conditions for anything with a fluoropyrimidine [update: EMA 2020]. */
function dpdConditions(context: RegimenContext): string[] {
  switch (context.facts.biomarkers.dpd) {
    case 'unknown':
      return ['DPD status before the first dose (EMA 2020)'];
    case 'partial-deficiency':
      return ['reduced starting dose: partial DPD deficiency (EMA 2020)'];
    case 'normal':
    case 'complete-deficiency':
      return [];
  }
}

const DPD_COMPLETE = 'Complete DPD deficiency: fluoropyrimidines are contraindicated.';

/** Doublet backbone (FOLFOX, CAPOX, FOLFIRI). Source: seed § Systemic Chemotherapy Regimens, first line. */
function doublet(context: RegimenContext, extra: string[] = []): Verdict {
  if (context.facts.biomarkers.dpd === 'complete-deficiency') return forbidden(DPD_COMPLETE, CITATIONS.DPD_TESTING);
  const conditions = [...dpdConditions(context), ...extra];
  switch (context.branch) {
    case 'best-supportive-care':
      return allowed(
        'ECOG >= 3: systemic therapy only if performance status improves.',
        CITATIONS.ECOG_3_PLUS,
        conditions,
      );
    case 'reduced-intensity':
      return allowed(
        'Doublet only if the board judges it tolerable; fluoropyrimidine +/- bevacizumab is the default.',
        CITATIONS.REDUCED_INTENSITY,
        conditions,
      );
    case 'immunotherapy-first':
      return allowed('Chemotherapy if a checkpoint inhibitor is not given or fails.', CITATIONS.FIRST_LINE, conditions);
    default:
      return preferred('Combination chemotherapy backbone.', CITATIONS.FIRST_LINE, conditions);
  }
}

/** Anti-EGFR (cetuximab, panitumumab). Source: seed § Systemic Chemotherapy Regimens and § Pitfalls; [update] extended RAS, PARADIGM, BREAKWATER. */
function antiEgfr(context: RegimenContext): Verdict {
  const { kras, nras, braf } = context.facts.biomarkers;
  if (kras === 'mutant')
    return forbidden(
      'KRAS mutant: EGFR inhibitors are indicated only in KRAS wild-type tumours.',
      CITATIONS.ANTI_EGFR_KRAS_WILD_TYPE,
    );
  if (nras === 'mutant')
    return forbidden('NRAS mutant: anti-EGFR needs extended RAS (KRAS and NRAS) wild-type.', CITATIONS.EXTENDED_RAS);
  if (kras === 'unknown')
    return forbidden(
      'KRAS status unknown: test before considering EGFR inhibitors.',
      CITATIONS.PITFALL_KRAS_BEFORE_EGFR,
    );
  if (nras === 'unknown')
    return forbidden('NRAS status unknown: anti-EGFR needs extended RAS wild-type.', CITATIONS.EXTENDED_RAS);
  const conditions = ['with FOLFOX or FOLFIRI', 'never together with bevacizumab'];
  if (braf === 'V600E')
    return allowed(
      'BRAF V600E: use encorafenib + cetuximab instead of plain anti-EGFR.',
      CITATIONS.BREAKWATER,
      conditions,
    );
  if (context.branch === 'best-supportive-care')
    return allowed(
      'ECOG >= 3: systemic therapy only if performance status improves.',
      CITATIONS.ECOG_3_PLUS,
      conditions,
    );
  if (context.branch === 'reduced-intensity')
    return allowed(
      'RAS wild-type; the reduced-intensity default is fluoropyrimidine +/- bevacizumab.',
      CITATIONS.REDUCED_INTENSITY,
      conditions,
    );
  if (context.branch === 'immunotherapy-first')
    return allowed('dMMR: checkpoint inhibitor first; anti-EGFR in a later line.', CITATIONS.KEYNOTE_177, conditions);
  if (braf === 'unknown')
    return allowed(
      'Extended RAS wild-type but BRAF unknown: test BRAF before choosing.',
      CITATIONS.BIOMARKERS_BEFORE_FIRST_LINE,
      conditions,
    );
  return preferred(
    'Rectum is left-sided and RAS/BRAF wild-type: anti-EGFR preferred over bevacizumab.',
    CITATIONS.PARADIGM,
    conditions,
  );
}

function checkpointInhibitor(citation: Citation): RegimenRule {
  return (context) => {
    const { mmr } = context.facts.biomarkers;
    if (mmr === 'pMMR')
      return forbidden('pMMR/MSS: checkpoint inhibitors only within a trial.', CITATIONS.CHECKPOINT_PMMR);
    if (mmr === 'unknown')
      return forbidden(
        'MMR status unknown: checkpoint inhibitors only once dMMR/MSI-H is confirmed.',
        CITATIONS.UNIVERSAL_MMR_TESTING,
      );
    if (context.branch === 'immunotherapy-first')
      return preferred('dMMR/MSI-H: first-line checkpoint inhibitor.', citation);
    return allowed(
      `dMMR/MSI-H but ECOG ${assumedEcog(context.facts)}: the first-line trials enrolled ECOG 0-1; board decision.`,
      citation,
    );
  };
}

const NOT_WITH_ANTI_EGFR = 'never together with an anti-EGFR antibody';

/** One rule per regimen code. */
export const REGIMEN_RULES: Readonly<Record<RegimenCode, RegimenRule>> = {
  /** seed § Systemic Chemotherapy Regimens: FOLFOX first line. */
  FOLFOX: (context) => doublet(context),
  /** seed § Systemic Chemotherapy Regimens: capecitabine + oxaliplatin; capecitabine label for CrCl < 30. */
  CAPOX: (context) => {
    const crcl = context.facts.creatinineClearanceMlMin;
    const verdict = doublet(context, crcl === null ? ['creatinine clearance before capecitabine'] : []);
    if (verdict.decision !== 'forbidden' && crcl !== null && crcl < 30) {
      return allowed(
        `Creatinine clearance ${crcl} mL/min (< 30): capecitabine is contraindicated; prefer FOLFOX.`,
        CITATIONS.CAPECITABINE_RENAL,
        verdict.conditions,
      );
    }
    return verdict;
  },
  /** seed § Systemic Chemotherapy Regimens: FOLFIRI first line. */
  FOLFIRI: (context) => doublet(context),
  /** Triplet: fit patients only [update: ESMO mCRC (I,B) no triplet when frail / ECOG 2]. */
  FOLFOXIRI: (context) => {
    if (context.facts.biomarkers.dpd === 'complete-deficiency') return forbidden(DPD_COMPLETE, CITATIONS.DPD_TESTING);
    if (
      assumedEcog(context.facts) >= 2 ||
      context.branch === 'reduced-intensity' ||
      context.branch === 'best-supportive-care'
    ) {
      return forbidden(
        'No triplet with ECOG >= 2 or when not fit for intensive treatment.',
        CITATIONS.REDUCED_INTENSITY,
      );
    }
    return allowed(
      'Triplet: an intensive option for fit patients (e.g. to down-size metastases).',
      CITATIONS.FACTOR_PERFORMANCE_STATUS,
      dpdConditions(context),
    );
  },
  /** 5-FU/LV or capecitabine alone: the reduced-intensity default; combination preferred otherwise (seed dose intensity). */
  FLUOROPYRIMIDINE: (context) => {
    if (context.facts.biomarkers.dpd === 'complete-deficiency') return forbidden(DPD_COMPLETE, CITATIONS.DPD_TESTING);
    const conditions = dpdConditions(context);
    if (context.branch === 'reduced-intensity')
      return preferred(
        'Reduced intensity: fluoropyrimidine alone or with bevacizumab.',
        CITATIONS.REDUCED_INTENSITY,
        conditions,
      );
    if (CURATIVE_BRANCHES.includes(context.branch)) {
      return allowed(
        'Combination chemotherapy is preferred: higher dose intensity than a fluoropyrimidine alone.',
        CITATIONS.RESECTABLE_DOSE_INTENSITY,
        conditions,
      );
    }
    return allowed('Fluoropyrimidine alone when a combination is not tolerated.', CITATIONS.FIRST_LINE, conditions);
  },
  /** seed § Systemic Chemotherapy Regimens: bevacizumab regardless of KRAS; seed § Pitfalls: 6 weeks before surgery. */
  BEVACIZUMAB: (context) => {
    const conditions = [NOT_WITH_ANTI_EGFR];
    if (CURATIVE_BRANCHES.includes(context.branch) || context.branch === 'palliative-local-control') {
      conditions.push(
        'last dose >= 6 weeks before elective surgery',
        'restart >= 28 days after surgery and only with the wound healed',
      );
    }
    if (context.facts.symptoms.obstruction) conditions.push('avoid if a stent is planned (ESGE 2020)');
    if (context.branch === 'best-supportive-care')
      return allowed(
        'ECOG >= 3: systemic therapy only if performance status improves.',
        CITATIONS.ECOG_3_PLUS,
        conditions,
      );
    if (context.branch === 'immunotherapy-first')
      return allowed(
        'dMMR: checkpoint inhibitor first; bevacizumab with chemotherapy in a later line.',
        CITATIONS.BEVACIZUMAB_ANY_KRAS,
        conditions,
      );
    if (context.branch === 'reduced-intensity')
      return preferred(
        'Reduced intensity: fluoropyrimidine with bevacizumab.',
        CITATIONS.REDUCED_INTENSITY,
        conditions,
      );
    if (
      context.extendedRas === 'wild-type' &&
      (context.facts.biomarkers.braf === 'wild-type' || context.facts.biomarkers.braf === 'other')
    ) {
      return allowed(
        'Usable regardless of RAS, but with RAS/BRAF wild-type anti-EGFR is preferred (left-sided).',
        CITATIONS.PARADIGM,
        conditions,
      );
    }
    return preferred('Can be used regardless of KRAS mutation status.', CITATIONS.BEVACIZUMAB_ANY_KRAS, conditions);
  },
  CETUXIMAB: antiEgfr,
  PANITUMUMAB: antiEgfr,
  /** [update: BREAKWATER] encorafenib + cetuximab (+ FOLFOX) for BRAF V600E; cetuximab still needs RAS wild-type. */
  ENCORAFENIB_CETUXIMAB: (context) => {
    const { braf } = context.facts.biomarkers;
    if (braf === 'unknown')
      return forbidden('BRAF status unknown: encorafenib + cetuximab is only for BRAF V600E.', CITATIONS.BREAKWATER);
    if (braf !== 'V600E')
      return forbidden(`BRAF ${braf}: encorafenib + cetuximab is only for BRAF V600E.`, CITATIONS.BREAKWATER);
    if (context.extendedRas === 'mutant')
      return forbidden('RAS mutant: cetuximab is not indicated.', CITATIONS.EXTENDED_RAS);
    if (context.extendedRas === 'unknown')
      return forbidden('Extended RAS unknown: test before any anti-EGFR.', CITATIONS.PITFALL_KRAS_BEFORE_EGFR);
    const conditions = ['with FOLFOX in first line', 'never together with bevacizumab'];
    if (context.branch === 'immunotherapy-first')
      return allowed(
        'dMMR: checkpoint inhibitor first; encorafenib + cetuximab in a later line.',
        CITATIONS.BREAKWATER,
        conditions,
      );
    if (context.branch === 'best-supportive-care')
      return allowed(
        'ECOG >= 3: systemic therapy only if performance status improves.',
        CITATIONS.ECOG_3_PLUS,
        conditions,
      );
    return preferred('BRAF V600E: encorafenib + cetuximab (+ FOLFOX).', CITATIONS.BREAKWATER, conditions);
  },
  /** [update] later line, HER2-positive and RAS wild-type. */
  TUCATINIB_TRASTUZUMAB: (context) => {
    if (context.facts.biomarkers.her2 !== 'positive')
      return forbidden(
        `HER2 ${context.facts.biomarkers.her2}: only for HER2-positive disease.`,
        CITATIONS.HER2_LATER_LINE,
      );
    if (context.extendedRas !== 'wild-type')
      return forbidden(
        `Extended RAS ${context.extendedRas}: only for RAS wild-type disease.`,
        CITATIONS.HER2_LATER_LINE,
      );
    return allowed('HER2-positive, RAS wild-type: a later-line option.', CITATIONS.HER2_LATER_LINE, [
      'later line, not first line',
    ]);
  },
  /** [update] later line, KRAS G12C. */
  SOTORASIB_PANITUMUMAB: (context) => {
    if (!isKrasG12c(context.facts))
      return forbidden('Only for KRAS G12C-mutant disease.', CITATIONS.KRAS_G12C_LATER_LINE);
    return allowed('KRAS G12C: a later-line option.', CITATIONS.KRAS_G12C_LATER_LINE, [
      'later line, not first line',
      'never together with bevacizumab',
    ]);
  },
  /** [update: KEYNOTE-177] */
  PEMBROLIZUMAB: checkpointInhibitor(CITATIONS.KEYNOTE_177),
  /** [update: CheckMate-8HW] */
  NIVOLUMAB_IPILIMUMAB: checkpointInhibitor(CITATIONS.CHECKMATE_8HW),
  /** seed § Resectable / § Down-Sizing / § Palliative Management; [update] SCRT for local control when frail. */
  SCRT_5X5: (context) => {
    if (context.facts.preferences.declinesRadiotherapy)
      return forbidden('The patient declines radiotherapy.', CITATIONS.FACTOR_PREFERENCES);
    switch (context.branch) {
      case 'resectable-oligometastatic':
        return preferred(
          '5x5 Gy to the primary and adjacent nodes, then combination chemotherapy 11-18 days later.',
          CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
        );
      case 'conversion-rt-first':
        return preferred(
          'Radiotherapy-first: the same 5x5 Gy plus combination chemotherapy strategy.',
          CITATIONS.CONVERSION_RT_FIRST,
        );
      case 'conversion-chemo-first':
        return allowed(
          'Optional 5x5 Gy after sufficient regression, before metastasis surgery.',
          CITATIONS.CONVERSION_CHEMO_FIRST,
        );
      case 'reduced-intensity':
        return allowed('SCRT for local control.', CITATIONS.REDUCED_INTENSITY);
      case 'palliative-local-control':
        return allowed(
          'Radiotherapy (e.g. 5x5 Gy) for local control, then systemic therapy.',
          CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC,
        );
      case 'immunotherapy-first':
        return allowed('The board revisits local therapy of the primary after response.', CITATIONS.KEYNOTE_177);
      case 'palliative-systemic':
      case 'best-supportive-care':
        return allowed('Palliative radiotherapy for symptom control.', CITATIONS.PALLIATIVE_RT);
    }
  },
  /** seed § Locally Advanced Primary and § Pitfalls: no upfront long-course chemoradiotherapy. */
  LCCRT_50GY: () =>
    forbidden(
      'Long-course chemoradiotherapy upfront delays systemic therapy and reduces dose intensity.',
      CITATIONS.PITFALL_LONG_COURSE_CRT,
    ),
  /** seed § Palliative Management: radiotherapy for symptomatic control. */
  PALLIATIVE_RT: (context) => {
    if (context.facts.preferences.declinesRadiotherapy)
      return forbidden('The patient declines radiotherapy.', CITATIONS.FACTOR_PREFERENCES);
    const symptomatic = context.facts.symptoms.bleeding || context.facts.symptoms.pain;
    if (symptomatic && (context.branch === 'best-supportive-care' || context.branch === 'palliative-local-control')) {
      return preferred('Symptomatic primary: palliative radiotherapy for symptom control.', CITATIONS.PALLIATIVE_RT);
    }
    return allowed('Palliative radiotherapy is reasonable for symptom control.', CITATIONS.PALLIATIVE_RT);
  },
};

/** Every regimen decided for this branch and these facts, split by decision, in REGIMEN_CODES order. */
export function decideRegimens(facts: CaseFacts, branch: BranchCode): Record<RegimenDecisionKind, RegimenDecision[]> {
  const context: RegimenContext = { facts, branch, extendedRas: extendedRasStatus(facts) };
  const result: Record<RegimenDecisionKind, RegimenDecision[]> = { preferred: [], allowed: [], forbidden: [] };
  for (const regimen of REGIMEN_CODES) {
    const verdict = REGIMEN_RULES[regimen](context);
    result[verdict.decision].push({
      regimen,
      decision: verdict.decision,
      reason: verdict.reason,
      citation: verdict.citation,
      conditions: verdict.conditions ?? [],
    });
  }
  return result;
}

/** Combinations never to give together. Source: PATHWAY.md regimen rules ("never bevacizumab together with anti-EGFR"). */
export const FORBIDDEN_COMBINATIONS: readonly ForbiddenCombination[] = deepFreeze([
  {
    regimen: 'BEVACIZUMAB',
    withAnyOf: ANTI_EGFR_CODES,
    reason: 'Bevacizumab and an anti-EGFR antibody are never given together.',
    citation: CITATIONS.BEVACIZUMAB_NOT_WITH_ANTI_EGFR,
  },
]);
