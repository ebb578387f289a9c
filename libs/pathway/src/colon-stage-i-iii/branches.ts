/** Branch selection of the colon stage I-III pathway (PATHWAY-COLON.md "Branches"). */
import type { Citation } from '../core/citation';
import { COLON_CITATIONS as C } from './citations';
import { COLON_ADJUVANT_BRANCHES, type ColonBranchCode, type ColonHighRiskFeature } from './codes';
import type { ColonFacts } from './facts';
import { isN2, isT4 } from './staging';

/** Fewer nodes examined than this is a high-risk feature (ESMO 2020). */
export const MIN_NODES_EXAMINED = 12;
/** Age from which oxaliplatin benefit is not shown (ACCENT). */
export const OXALIPLATIN_AGE_LIMIT = 70;

export interface ColonBranchChoice {
  readonly code: ColonBranchCode;
  readonly title: string;
  readonly rationale: string;
  readonly citation: Citation;
}

export const COLON_BRANCH_TITLES: Readonly<Record<ColonBranchCode, string>> = Object.freeze({
  surveillance: 'Follow-up only (no adjuvant chemotherapy)',
  'adjuvant-stage-ii-high-risk': 'Adjuvant chemotherapy, high-risk stage II',
  'adjuvant-stage-iii-low-risk': 'Adjuvant chemotherapy, low-risk stage III (pT1-3 N1)',
  'adjuvant-stage-iii-high-risk': 'Adjuvant chemotherapy, high-risk stage III (pT4 and/or N2)',
  'adjuvant-fluoropyrimidine-only': 'Adjuvant fluoropyrimidine alone (no oxaliplatin)',
  'no-adjuvant-poor-condition': 'No adjuvant chemotherapy (poor performance status)',
});

/**
 * The stage II high-risk features present (ESMO 2020): pT4, perforation, < 12 nodes examined,
 * obstruction, grade 3-4 (not counted in dMMR), lymphovascular or perineural invasion, CEA above
 * the lab's upper limit. Unknown facts count as absent (readiness asks for them).
 */
export function colonHighRiskFeatures(facts: ColonFacts): ColonHighRiskFeature[] {
  const features: ColonHighRiskFeature[] = [];
  if (isT4(facts.t)) features.push('pT4');
  if (facts.perforation === true) features.push('perforation');
  if (facts.lymphNodesExamined !== null && facts.lymphNodesExamined < MIN_NODES_EXAMINED)
    features.push('fewer-than-12-nodes');
  if (facts.obstructionAtPresentation === true) features.push('obstruction');
  if ((facts.grade === 'G3' || facts.grade === 'G4') && facts.mmr !== 'dMMR') features.push('high-grade');
  if (facts.lymphovascularInvasion === true) features.push('lymphovascular-invasion');
  if (facts.perineuralInvasion === true) features.push('perineural-invasion');
  if (
    facts.preoperativeCeaNgMl !== null &&
    facts.ceaUpperLimitNgMl !== null &&
    facts.preoperativeCeaNgMl > facts.ceaUpperLimitNgMl
  )
    features.push('raised-cea');
  return features;
}

/** True when the stage III disease is high-risk for IDEA (pT4 and/or N2). */
export function isHighRiskStageIII(facts: ColonFacts): boolean {
  return facts.stage === 'III' && (isT4(facts.t) || isN2(facts.n));
}

export function isAdjuvantBranch(branch: ColonBranchCode): boolean {
  return COLON_ADJUVANT_BRANCHES.includes(branch);
}

function choice(code: ColonBranchCode, rationale: string, citation: Citation): ColonBranchChoice {
  return { code, title: COLON_BRANCH_TITLES[code], rationale, citation };
}

/** The branch the stage and risk alone call for (before age, ECOG and neuropathy). */
function stageBranch(facts: ColonFacts): ColonBranchChoice {
  const stage = `stage ${facts.stageGroup} (${facts.t} ${facts.n})`;
  if (facts.stage === 'I') return choice('surveillance', `${stage}: no adjuvant chemotherapy.`, C.STAGE_I_NO_ADJUVANT);
  if (facts.stage === 'II') {
    if (facts.mmr === 'dMMR')
      return choice('surveillance', `${stage}, dMMR: fluoropyrimidine alone gives no benefit.`, C.DMMR_STAGE_II);
    const features = colonHighRiskFeatures(facts);
    if (features.length === 0)
      return choice('surveillance', `${stage} without high-risk features.`, C.STAGE_II_LOW_RISK);
    return choice(
      'adjuvant-stage-ii-high-risk',
      `${stage}, pMMR, high-risk: ${features.join(', ')}.`,
      C.STAGE_II_HIGH_RISK,
    );
  }
  if (isHighRiskStageIII(facts))
    return choice(
      'adjuvant-stage-iii-high-risk',
      `${stage}: pT4 and/or N2, 6 months of doublet preferred.`,
      C.IDEA_HIGH_RISK,
    );
  return choice('adjuvant-stage-iii-low-risk', `${stage}: pT1-3 N1, CAPOX 3 months preferred.`, C.IDEA_LOW_RISK);
}

/** Why oxaliplatin is not proposed, or null (age >= 70, ECOG 2, peripheral neuropathy). */
function oxaliplatinBar(facts: ColonFacts): string | null {
  const reasons: string[] = [];
  if (facts.ageYears !== null && facts.ageYears >= OXALIPLATIN_AGE_LIMIT)
    reasons.push(`age ${facts.ageYears} (>= ${OXALIPLATIN_AGE_LIMIT})`);
  if (facts.ecog === 2) reasons.push('ECOG 2');
  if (facts.peripheralNeuropathy === true) reasons.push('peripheral neuropathy');
  return reasons.length === 0 ? null : reasons.join(', ');
}

/**
 * The primary branch and the alternatives the board may weigh, each with its reason and source.
 * ECOG >= 3 -> no adjuvant; an adjuvant branch with age >= 70, ECOG 2 or neuropathy ->
 * fluoropyrimidine alone (the stage branch stays an alternative when only age bars oxaliplatin).
 */
export function selectColonBranches(facts: ColonFacts): {
  primary: ColonBranchChoice;
  alternatives: ColonBranchChoice[];
} {
  if (facts.ecog !== null && facts.ecog >= 3) {
    return {
      primary: choice('no-adjuvant-poor-condition', `ECOG ${facts.ecog}: follow-up as tolerated.`, C.POOR_CONDITION),
      alternatives: [],
    };
  }
  const byStage = stageBranch(facts);
  if (!isAdjuvantBranch(byStage.code)) return { primary: byStage, alternatives: [] };
  const bar = oxaliplatinBar(facts);
  if (bar !== null) {
    const primary = choice(
      'adjuvant-fluoropyrimidine-only',
      `${byStage.rationale} Oxaliplatin not proposed: ${bar}.`,
      C.FRAIL_FLUOROPYRIMIDINE,
    );
    const ageOnly = facts.ecog !== 2 && facts.peripheralNeuropathy !== true;
    const alternatives = ageOnly
      ? [
          {
            ...byStage,
            rationale: `${byStage.rationale} For a fit patient >= 70 the board may still weigh oxaliplatin (benefit not shown).`,
          },
        ]
      : [];
    return {
      primary,
      alternatives:
        byStage.code === 'adjuvant-stage-ii-high-risk' ? [...alternatives, surveillanceAlternative()] : alternatives,
    };
  }
  if (byStage.code === 'adjuvant-stage-ii-high-risk')
    return { primary: byStage, alternatives: [surveillanceAlternative()] };
  return {
    primary: byStage,
    alternatives: [
      choice(
        'adjuvant-fluoropyrimidine-only',
        'If oxaliplatin is not wanted or not tolerated: fluoropyrimidine alone.',
        C.OXALIPLATIN_BENEFIT,
      ),
    ],
  };
}

function surveillanceAlternative(): ColonBranchChoice {
  return choice(
    'surveillance',
    'The absolute benefit of adjuvant chemotherapy in stage II is small: follow-up alone after informed discussion.',
    C.STAGE_II_LOW_RISK,
  );
}
