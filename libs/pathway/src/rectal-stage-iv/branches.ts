/**
 * Branch selection: which of PATHWAY.md's branches the draft proposes first and which
 * alternatives the seed allows. The board decides; this is the draft.
 */
import type { Citation } from '../core/citation';
import { CITATIONS } from './citations';
import type { BranchCode } from './codes';
import {
  assumedEcog,
  assumedFitForIntensiveTreatment,
  hasSymptomaticPrimary,
  isLocallyAdvancedPrimary,
  overallResectability,
} from './derived';
import type { CaseFacts } from './facts';

export interface BranchChoice {
  readonly code: BranchCode;
  readonly title: string;
  readonly rationale: string;
  readonly citation: Citation;
}

export const BRANCH_TITLES: Readonly<Record<BranchCode, string>> = Object.freeze({
  'resectable-oligometastatic': 'Resectable oligometastatic: SCRT 5x5 Gy -> combination chemotherapy -> surgery',
  'conversion-chemo-first': 'Conversion, chemotherapy first: chemotherapy -> reviews at 2 and 4 months -> surgery',
  'conversion-rt-first': 'Conversion, radiotherapy first: SCRT 5x5 Gy -> combination chemotherapy -> surgery',
  'immunotherapy-first': 'dMMR/MSI-H: first-line checkpoint inhibitor',
  'palliative-systemic': 'Palliative systemic therapy (FOLFOX/FOLFIRI +/- biologic)',
  'palliative-local-control': 'Palliative local control of the symptomatic primary, then systemic therapy',
  'reduced-intensity': 'Reduced intensity: fluoropyrimidine +/- bevacizumab, SCRT for local control',
  'best-supportive-care': 'Best supportive care, palliative radiotherapy for symptoms',
});

/** Branches that aim at cure with intensive multimodality therapy (seed § Resectable ... prioritizes cure). */
export const CURATIVE_BRANCHES: readonly BranchCode[] = [
  'resectable-oligometastatic',
  'conversion-chemo-first',
  'conversion-rt-first',
];

/** Branches whose sequence is SCRT 5x5 Gy then combination chemotherapy 11-18 days later. */
export const SCRT_FIRST_BRANCHES: readonly BranchCode[] = ['resectable-oligometastatic', 'conversion-rt-first'];

function choice(code: BranchCode, rationale: string, citation: Citation): BranchChoice {
  return { code, title: BRANCH_TITLES[code], rationale, citation };
}

export interface BranchSelection {
  readonly primary: BranchChoice;
  readonly alternatives: readonly BranchChoice[];
}

function localControlAlternative(facts: CaseFacts): BranchChoice[] {
  if (!hasSymptomaticPrimary(facts) && !facts.symptoms.pain) return [];
  return [
    choice(
      'palliative-local-control',
      'Symptomatic primary: palliative resection, fulguration, radiotherapy or stent/stoma may come first.',
      CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC,
    ),
  ];
}

/** Branch choice ignoring MMR (used directly for pMMR/unknown, and as the alternative to immunotherapy). */
function selectWithoutImmunotherapy(facts: CaseFacts): BranchSelection {
  const ecog = assumedEcog(facts);
  // seed § Critical Decision-Making Factors: performance status and ability to tolerate intensive therapy.
  if (ecog === 2 || !assumedFitForIntensiveTreatment(facts)) {
    return {
      primary: choice(
        'reduced-intensity',
        ecog === 2
          ? 'ECOG 2: fluoropyrimidine alone or with bevacizumab, SCRT for local control, no triplet.'
          : 'Not fit for intensive treatment: fluoropyrimidine alone or with bevacizumab, SCRT for local control, no triplet.',
        CITATIONS.REDUCED_INTENSITY,
      ),
      alternatives: localControlAlternative(facts),
    };
  }
  const resectability = overallResectability(facts) ?? 'potentially-resectable';
  const declinesSurgery = facts.preferences.declinesMajorSurgery;
  if (resectability === 'unresectable' || declinesSurgery) {
    const why = declinesSurgery ? 'The patient declines major surgery' : 'Metastases are unresectable';
    if (hasSymptomaticPrimary(facts)) {
      return {
        primary: choice(
          'palliative-local-control',
          `${why} and the primary bleeds or obstructs: local control first, then systemic therapy.`,
          CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC,
        ),
        alternatives: [
          choice(
            'palliative-systemic',
            'Systemic therapy first if the symptoms allow.',
            CITATIONS.OVERVIEW_UNRESECTABLE,
          ),
        ],
      };
    }
    return {
      primary: choice(
        'palliative-systemic',
        `${why}: systemic combination chemotherapy is the cornerstone; the primary stays in place unless it causes complications.`,
        declinesSurgery ? CITATIONS.FACTOR_PREFERENCES : CITATIONS.OVERVIEW_UNRESECTABLE,
      ),
      alternatives: localControlAlternative(facts),
    };
  }
  const chemoFirst = choice(
    'conversion-chemo-first',
    'Metastases need down-sizing: combination chemotherapy, reviews after 2 and 4 months, then surgery.',
    CITATIONS.CONVERSION_CHEMO_FIRST,
  );
  const rtFirst = choice(
    'conversion-rt-first',
    'Metastases need down-sizing: the same SCRT 5x5 Gy plus combination chemotherapy strategy as for resectable disease.',
    CITATIONS.CONVERSION_RT_FIRST,
  );
  if (resectability === 'potentially-resectable') {
    if (facts.preferences.declinesRadiotherapy) {
      return {
        primary: {
          ...chemoFirst,
          rationale: `${chemoFirst.rationale} The patient declines radiotherapy, so the radiotherapy-first option is not offered.`,
        },
        alternatives: [],
      };
    }
    // seed § Critical Decision-Making Factors: the greater threat (a locally advanced primary) goes first.
    if (isLocallyAdvancedPrimary(facts)) {
      return {
        primary: {
          ...rtFirst,
          rationale: `${rtFirst.rationale} The primary is locally advanced (cT4 or MRF threatened), so local control comes first.`,
        },
        alternatives: [chemoFirst],
      };
    }
    return { primary: chemoFirst, alternatives: [rtFirst] };
  }
  // resectable
  if (facts.preferences.declinesRadiotherapy) {
    return {
      primary: {
        ...chemoFirst,
        rationale:
          'Resectable metastases, but the patient declines radiotherapy: combination chemotherapy first, then surgery.',
        citation: CITATIONS.FACTOR_PREFERENCES,
      },
      alternatives: [],
    };
  }
  const locallyAdvanced = isLocallyAdvancedPrimary(facts);
  return {
    primary: choice(
      'resectable-oligometastatic',
      locallyAdvanced
        ? 'Locally advanced primary (cT4 or MRF threatened) with resectable metastases: the same SCRT 5x5 Gy -> combination chemotherapy -> staged surgery.'
        : 'Primary and metastases resectable, fit for intensive treatment: SCRT 5x5 Gy -> combination chemotherapy -> surgery.',
      locallyAdvanced ? CITATIONS.LOCALLY_ADVANCED_SAME_STRATEGY : CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
    ),
    alternatives: [],
  };
}

/**
 * Picks the primary branch and the alternatives, in this order:
 * ECOG >= 3 -> best supportive care [update: ESMO mCRC 2023; seed § Palliative Management];
 * dMMR with ECOG 0-1 -> immunotherapy first [update: KEYNOTE-177, CheckMate-8HW];
 * ECOG 2 or unfit -> reduced intensity [update: ESMO mCRC (I,B)];
 * unresectable (or declines surgery) -> palliative systemic, or local control first if the primary
 * bleeds/obstructs [seed § Palliative Management, overview]; potentially resectable -> chemo-first
 * and RT-first [seed § Non-Resectable Metastases Requiring Down-Sizing]; resectable -> SCRT first
 * [seed § Resectable Synchronous Metastases; § Locally Advanced Primary].
 */
export function selectBranches(facts: CaseFacts): BranchSelection {
  const ecog = assumedEcog(facts);
  if (ecog >= 3) {
    return {
      primary: choice(
        'best-supportive-care',
        `ECOG ${ecog}: best supportive care; palliative radiotherapy for symptoms.`,
        CITATIONS.ECOG_3_PLUS,
      ),
      alternatives: localControlAlternative(facts),
    };
  }
  if (facts.biomarkers.mmr === 'dMMR' && ecog <= 1) {
    const other = selectWithoutImmunotherapy(facts);
    return {
      primary: choice(
        'immunotherapy-first',
        'dMMR/MSI-H with ECOG 0-1: first-line pembrolizumab or nivolumab + ipilimumab; the board revisits local therapy after response.',
        CITATIONS.KEYNOTE_177,
      ),
      alternatives: [other.primary, ...other.alternatives],
    };
  }
  return selectWithoutImmunotherapy(facts);
}
