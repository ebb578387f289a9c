/** Findings about biomarkers and the regimens that depend on them. */
import { CITATIONS } from '../citations';
import { FLUOROPYRIMIDINE_CODES, IMMUNOTHERAPY_CODES, type RegimenCode } from '../codes';
import {
  capecitabineLowCrcl,
  fluoropyrimidineWithoutDpd,
  type DrugSource,
} from '../../shared-rules/fluoropyrimidine-rules';
import { finding, hasAny, type FindingRule, type RectalFinding, type RegimenSource } from './context';

/** Anti-EGFR regimens that need RAS wild-type (sotorasib + panitumumab is for KRAS G12C by design). */
const RAS_WILD_TYPE_ANTI_EGFR: readonly RegimenCode[] = ['CETUXIMAB', 'PANITUMUMAB', 'ENCORAFENIB_CETUXIMAB'];

/**
 * ANTI_EGFR_RAS_NOT_WILD_TYPE (block): cetuximab/panitumumab with KRAS or NRAS mutant or unknown.
 * Source: seed § Systemic Chemotherapy Regimens ("only in wild-type KRAS") and § Pitfalls
 * ("KRAS testing before EGFR inhibitors"); [update: ESMO mCRC 2023] extended RAS.
 */
export const ANTI_EGFR_RAS_NOT_WILD_TYPE: FindingRule = {
  code: 'ANTI_EGFR_RAS_NOT_WILD_TYPE',
  citation: CITATIONS.ANTI_EGFR_KRAS_WILD_TYPE,
  scope: 'plan',
  evaluate({ facts, regimenSources }) {
    const { kras, nras } = facts.biomarkers;
    const [why, citation] =
      kras === 'mutant'
        ? ['KRAS is mutant', CITATIONS.ANTI_EGFR_KRAS_WILD_TYPE]
        : nras === 'mutant'
          ? ['NRAS is mutant (extended RAS)', CITATIONS.EXTENDED_RAS]
          : kras === 'unknown'
            ? ['KRAS status is unknown', CITATIONS.PITFALL_KRAS_BEFORE_EGFR]
            : nras === 'unknown'
              ? ['NRAS status is unknown (extended RAS)', CITATIONS.EXTENDED_RAS]
              : [null, null];
    if (why === null || citation === null) return [];
    return regimenSources
      .filter((source) => hasAny(source.regimens, RAS_WILD_TYPE_ANTI_EGFR))
      .map((source) =>
        finding('ANTI_EGFR_RAS_NOT_WILD_TYPE', 'block', `Anti-EGFR antibody planned but ${why}.`, citation, [
          source.ref,
        ]),
      );
  },
};

/**
 * FLUOROPYRIMIDINE_WITHOUT_DPD (block): 5-FU/capecitabine (incl. LCCRT) with DPD unknown or
 * complete deficiency. Source: [update: EMA DPD testing recommendation, 30 April 2020]; the rule
 * is shared with the colon pathway (shared-rules/).
 */
export const FLUOROPYRIMIDINE_WITHOUT_DPD: FindingRule = {
  code: 'FLUOROPYRIMIDINE_WITHOUT_DPD',
  citation: CITATIONS.DPD_TESTING,
  scope: 'plan',
  evaluate: ({ facts, regimenSources }) =>
    fluoropyrimidineWithoutDpd(facts.biomarkers.dpd, regimenSources.map(drugSource)),
};

/**
 * IMMUNOTHERAPY_IN_PMMR (block): checkpoint inhibitor in pMMR/MSS outside a trial.
 * Source: [update: KEYNOTE-177; CheckMate-8HW] (benefit shown in dMMR/MSI-H only).
 */
export const IMMUNOTHERAPY_IN_PMMR: FindingRule = {
  code: 'IMMUNOTHERAPY_IN_PMMR',
  citation: CITATIONS.CHECKPOINT_PMMR,
  scope: 'plan',
  evaluate({ facts, regimenSources }) {
    if (facts.biomarkers.mmr !== 'pMMR') return [];
    return regimenSources
      .filter((source) => hasAny(source.regimens, IMMUNOTHERAPY_CODES))
      .map((source) =>
        finding(
          'IMMUNOTHERAPY_IN_PMMR',
          'block',
          'Checkpoint inhibitor planned in a pMMR/MSS tumour (only within a trial).',
          CITATIONS.CHECKPOINT_PMMR,
          [source.ref],
        ),
      );
  },
};

/** MMR_STATUS_UNKNOWN (warn): MMR/MSI not known. Source: [update: ESMO mCRC 2023, universal MMR testing]. */
export const MMR_STATUS_UNKNOWN: FindingRule = {
  code: 'MMR_STATUS_UNKNOWN',
  citation: CITATIONS.UNIVERSAL_MMR_TESTING,
  scope: 'facts',
  evaluate({ facts }) {
    if (facts.biomarkers.mmr !== 'unknown') return [];
    return [
      finding(
        'MMR_STATUS_UNKNOWN',
        'warn',
        'MMR/MSI status is not known: dMMR would change first-line treatment to immunotherapy.',
        CITATIONS.UNIVERSAL_MMR_TESTING,
      ),
    ];
  },
};

/**
 * DMMR_WITHOUT_IMMUNOTHERAPY (warn): dMMR, ECOG 0-1 (or not recorded), and no checkpoint
 * inhibitor in the first line (line 1 events, else the earliest systemic event, else the planned
 * regimens). Source: [update: KEYNOTE-177; CheckMate-8HW].
 */
export const DMMR_WITHOUT_IMMUNOTHERAPY: FindingRule = {
  code: 'DMMR_WITHOUT_IMMUNOTHERAPY',
  citation: CITATIONS.KEYNOTE_177,
  scope: 'plan',
  evaluate({ facts, systemic, regimenSources }) {
    if (facts.biomarkers.mmr !== 'dMMR' || (facts.ecog !== null && facts.ecog > 1)) return [];
    const lineOne = systemic.filter((s) => s.event.line === 1);
    const first = systemic[0];
    const firstLine =
      lineOne.length > 0
        ? lineOne.map((s) => ({ ref: s.ref, regimens: s.event.regimens as readonly RegimenCode[] }))
        : first !== undefined
          ? systemic
              .filter((s) => s.event.startDate === first.event.startDate)
              .map((s) => ({ ref: s.ref, regimens: s.event.regimens as readonly RegimenCode[] }))
          : regimenSources.filter((s) => s.ref === 'plannedRegimens');
    if (firstLine.some((source) => hasAny(source.regimens, IMMUNOTHERAPY_CODES))) return [];
    return [
      finding(
        'DMMR_WITHOUT_IMMUNOTHERAPY',
        'warn',
        firstLine.length === 0
          ? 'dMMR/MSI-H with ECOG 0-1 but no first-line therapy is planned: first-line checkpoint inhibitor expected.'
          : 'dMMR/MSI-H with ECOG 0-1 but the first line has no checkpoint inhibitor (pembrolizumab or nivolumab + ipilimumab).',
        CITATIONS.KEYNOTE_177,
        firstLine.map((source) => source.ref),
      ),
    ];
  },
};

/**
 * BRAF_V600E_TARGETED_NOT_USED (warn): BRAF V600E and cetuximab/panitumumab without encorafenib.
 * Source: [update: BREAKWATER, FDA 2024/2026].
 */
export const BRAF_V600E_TARGETED_NOT_USED: FindingRule = {
  code: 'BRAF_V600E_TARGETED_NOT_USED',
  citation: CITATIONS.BREAKWATER,
  scope: 'plan',
  evaluate({ facts, regimenSources }) {
    if (facts.biomarkers.braf !== 'V600E') return [];
    return regimenSources
      .filter(
        (source) =>
          hasAny(source.regimens, ['CETUXIMAB', 'PANITUMUMAB']) && !source.regimens.includes('ENCORAFENIB_CETUXIMAB'),
      )
      .map((source) =>
        finding(
          'BRAF_V600E_TARGETED_NOT_USED',
          'warn',
          'BRAF V600E: anti-EGFR given without encorafenib (encorafenib + cetuximab expected).',
          CITATIONS.BREAKWATER,
          [source.ref],
        ),
      );
  },
};

/**
 * CAPECITABINE_LOW_CRCL (warn): capecitabine (CAPOX, or FLUOROPYRIMIDINE/LCCRT recorded as
 * capecitabine) with creatinine clearance < 30 mL/min. Source: capecitabine label (PATHWAY.md
 * table); the rule is shared with the colon pathway (shared-rules/).
 */
export const CAPECITABINE_LOW_CRCL: FindingRule = {
  code: 'CAPECITABINE_LOW_CRCL',
  citation: CITATIONS.CAPECITABINE_RENAL,
  scope: 'plan',
  evaluate: ({ facts, regimenSources }) =>
    capecitabineLowCrcl(facts.creatinineClearanceMlMin, regimenSources.map(drugSource)),
};

/** What a rectal regimen source contains, for the shared rules. */
function drugSource(source: RegimenSource): DrugSource {
  return {
    ref: source.ref,
    fluoropyrimidine: hasAny(source.regimens, FLUOROPYRIMIDINE_CODES),
    capecitabine:
      source.regimens.includes('CAPOX') ||
      (source.fluoropyrimidine === 'capecitabine' && hasAny(source.regimens, ['FLUOROPYRIMIDINE', 'LCCRT_50GY'])),
  };
}

export type { RectalFinding };
