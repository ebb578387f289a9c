/** The regimen decisions of a colon draft: every regimen code decided once, with its reason and source. */
import type { Citation } from '../core/citation';
import { CAPECITABINE_MIN_CRCL_ML_MIN } from '../shared-rules/fluoropyrimidine-rules';
import { colonHighRiskFeatures, MIN_NODES_EXAMINED } from './branches';
import { COLON_CITATIONS as C } from './citations';
import {
  COLON_BIOLOGIC_CODES,
  COLON_FLUOROPYRIMIDINE_CODES,
  COLON_OXALIPLATIN_CODES,
  COLON_REGIMEN_CODES,
  type ColonBranchCode,
  type ColonRegimenCode,
} from './codes';
import type { ColonFacts } from './facts';
import { isT4 } from './staging';

/** `not-advised`: the board may still choose it, with a finding (warn) when it does; `forbidden` blocks. */
export type ColonRegimenVerdict = 'preferred' | 'allowed' | 'not-advised' | 'forbidden';

export interface ColonRegimenDecision {
  readonly regimen: ColonRegimenCode;
  readonly decision: ColonRegimenVerdict;
  readonly reason: string;
  readonly citation: Citation;
  /** What must be known or done first (DPD status before a fluoropyrimidine). */
  readonly conditions: readonly string[];
}

type Verdict = Pick<ColonRegimenDecision, 'decision' | 'reason' | 'citation'>;
const v = (decision: ColonRegimenVerdict, reason: string, citation: Citation): Verdict => ({
  decision,
  reason,
  citation,
});

/** Stage II high-risk: oxaliplatin-based first for pT4, < 12 nodes or several features (ESMO 2020). */
function favoursOxaliplatinInStageII(facts: ColonFacts): boolean {
  return (
    isT4(facts.t) ||
    (facts.lymphNodesExamined !== null && facts.lymphNodesExamined < MIN_NODES_EXAMINED) ||
    colonHighRiskFeatures(facts).length >= 2
  );
}

/** The branch's own verdict on an adjuvant regimen (before DPD, renal and neuropathy limits). */
function byBranch(branch: ColonBranchCode, regimen: ColonRegimenCode, facts: ColonFacts): Verdict {
  if (regimen === 'FOLFOX_3M')
    return v('not-advised', 'FOLFOX for 3 months: non-inferiority to 6 months not shown.', C.IDEA_FOLFOX_3M);
  switch (branch) {
    case 'surveillance':
      return facts.stage === 'II' && facts.mmr === 'dMMR'
        ? v('not-advised', 'dMMR stage II: no benefit from adjuvant fluoropyrimidine.', C.DMMR_STAGE_II)
        : v(
            'not-advised',
            `Stage ${facts.stageGroup}: follow-up only.`,
            facts.stage === 'I' ? C.STAGE_I_NO_ADJUVANT : C.STAGE_II_LOW_RISK,
          );
    case 'no-adjuvant-poor-condition':
      return v('not-advised', 'ECOG >= 3: adjuvant chemotherapy not advised.', C.POOR_CONDITION);
    case 'adjuvant-fluoropyrimidine-only':
      return regimen === 'FLUOROPYRIMIDINE_6M'
        ? v('preferred', 'Capecitabine or 5-FU/LV for 6 months.', C.FRAIL_FLUOROPYRIMIDINE)
        : v('not-advised', 'Oxaliplatin not proposed (age >= 70, ECOG 2 or neuropathy).', C.FRAIL_FLUOROPYRIMIDINE);
    case 'adjuvant-stage-ii-high-risk': {
      const oxaliplatinFirst = favoursOxaliplatinInStageII(facts);
      if (regimen === 'CAPOX_3M')
        return v(oxaliplatinFirst ? 'preferred' : 'allowed', 'CAPOX 3 months (IDEA stage II).', C.IDEA_STAGE_II);
      if (regimen === 'FLUOROPYRIMIDINE_6M')
        return v(oxaliplatinFirst ? 'allowed' : 'preferred', 'Fluoropyrimidine 6 months.', C.STAGE_II_ADJUVANT);
      return v('allowed', 'Oxaliplatin-based for 6 months.', C.STAGE_II_ADJUVANT);
    }
    case 'adjuvant-stage-iii-low-risk':
      if (regimen === 'CAPOX_3M')
        return v('preferred', 'pT1-3 N1: CAPOX 3 months non-inferior to 6 (IDEA).', C.IDEA_LOW_RISK);
      if (regimen === 'FLUOROPYRIMIDINE_6M')
        return v('allowed', 'Without oxaliplatin the benefit is smaller.', C.OXALIPLATIN_BENEFIT);
      return v('allowed', '6 months of doublet is allowed.', C.IDEA_LOW_RISK);
    case 'adjuvant-stage-iii-high-risk':
      if (regimen === 'CAPOX_6M' || regimen === 'FOLFOX_6M')
        return v('preferred', 'pT4 and/or N2: 6 months better than 3 (IDEA).', C.IDEA_HIGH_RISK);
      if (regimen === 'CAPOX_3M') return v('allowed', 'CAPOX 3 months is an option (IDEA).', C.IDEA_HIGH_RISK);
      return v('allowed', 'Without oxaliplatin the benefit is smaller.', C.OXALIPLATIN_BENEFIT);
  }
}

/** One regimen's decision: never-adjuvant codes, then complete DPD deficiency, then the branch with renal and neuropathy limits. */
function decide(branch: ColonBranchCode, regimen: ColonRegimenCode, facts: ColonFacts): ColonRegimenDecision {
  const fluoropyrimidine = COLON_FLUOROPYRIMIDINE_CODES.includes(regimen);
  const conditions = fluoropyrimidine && facts.dpd === 'unknown' ? ['DPD status before a fluoropyrimidine'] : [];
  let verdict: Verdict;
  if (regimen === 'FOLFIRI') verdict = v('forbidden', 'Irinotecan: no adjuvant benefit.', C.NO_IRINOTECAN);
  else if (COLON_BIOLOGIC_CODES.includes(regimen))
    verdict = v('forbidden', 'Biologics: no adjuvant benefit.', C.NO_BIOLOGICS);
  else if (fluoropyrimidine && facts.dpd === 'complete-deficiency')
    verdict = v('forbidden', 'Complete DPD deficiency: fluoropyrimidines are contraindicated.', C.DPD_TESTING);
  else {
    verdict = byBranch(branch, regimen, facts);
    const downgrade = verdict.decision === 'preferred' || verdict.decision === 'allowed';
    const crcl = facts.creatinineClearanceMlMin;
    if (downgrade && regimen.startsWith('CAPOX') && crcl !== null && crcl < CAPECITABINE_MIN_CRCL_ML_MIN) {
      verdict = v(
        'not-advised',
        `Creatinine clearance ${crcl} mL/min: capecitabine is contraindicated; use FOLFOX.`,
        C.CAPECITABINE_RENAL,
      );
    } else if (downgrade && facts.peripheralNeuropathy === true && COLON_OXALIPLATIN_CODES.includes(regimen)) {
      verdict = v(
        'not-advised',
        'Pre-existing peripheral neuropathy: oxaliplatin not advised.',
        C.OXALIPLATIN_NEUROPATHY,
      );
    }
  }
  return { regimen, ...verdict, conditions };
}

/** Every regimen code decided for the branch, grouped as the draft shows them. */
export function decideColonRegimens(
  branch: ColonBranchCode,
  facts: ColonFacts,
): Record<ColonRegimenVerdict, ColonRegimenDecision[]> {
  const out: Record<ColonRegimenVerdict, ColonRegimenDecision[]> = {
    preferred: [],
    allowed: [],
    'not-advised': [],
    forbidden: [],
  };
  for (const regimen of COLON_REGIMEN_CODES) {
    const decision = decide(branch, regimen, facts);
    out[decision.decision].push(decision);
  }
  return out;
}
