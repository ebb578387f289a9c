/**
 * The finding rules of the rectal stage IV pathway: one entry per finding code of PATHWAY.md's
 * table, each with its citation beside it in its own file.
 */
import { FINDING_CODES, type FindingCode } from '../codes';
import { deepFreeze } from '../../core/citation';
import { sortFindings } from '../../core/findings';
import {
  ANTI_EGFR_RAS_NOT_WILD_TYPE,
  BRAF_V600E_TARGETED_NOT_USED,
  CAPECITABINE_LOW_CRCL,
  DMMR_WITHOUT_IMMUNOTHERAPY,
  FLUOROPYRIMIDINE_WITHOUT_DPD,
  IMMUNOTHERAPY_IN_PMMR,
  MMR_STATUS_UNKNOWN,
} from './biomarker-rules';
import {
  BEVACIZUMAB_RESTART_TOO_EARLY,
  BEVACIZUMAB_TOO_CLOSE_TO_SURGERY,
  BEVACIZUMAB_WITH_ANTI_EGFR,
} from './bevacizumab-rules';
import type { FindingContext, FindingRule, RectalFinding } from './context';
import { INTENSIVE_THERAPY_POOR_PS, SYSTEMIC_THERAPY_ECOG_3_PLUS } from './fitness-rules';
import { STENT_LOW_TUMOUR, STENT_WITH_BEVACIZUMAB } from './procedure-rules';
import {
  CHEMO_START_OUTSIDE_WINDOW,
  LONG_COURSE_CRT_UPFRONT,
  PRIMARY_SURGERY_LATE,
  REEVALUATIONS_MISSING,
  RESPONSE_EVALUATION_MISSING,
  SYSTEMIC_THERAPY_DELAYED,
} from './timing-rules';

export const FINDING_RULES: Readonly<Record<FindingCode, FindingRule>> = deepFreeze({
  ANTI_EGFR_RAS_NOT_WILD_TYPE,
  BEVACIZUMAB_TOO_CLOSE_TO_SURGERY,
  BEVACIZUMAB_RESTART_TOO_EARLY,
  BEVACIZUMAB_WITH_ANTI_EGFR,
  FLUOROPYRIMIDINE_WITHOUT_DPD,
  IMMUNOTHERAPY_IN_PMMR,
  LONG_COURSE_CRT_UPFRONT,
  CHEMO_START_OUTSIDE_WINDOW,
  RESPONSE_EVALUATION_MISSING,
  REEVALUATIONS_MISSING,
  PRIMARY_SURGERY_LATE,
  SYSTEMIC_THERAPY_DELAYED,
  MMR_STATUS_UNKNOWN,
  DMMR_WITHOUT_IMMUNOTHERAPY,
  BRAF_V600E_TARGETED_NOT_USED,
  STENT_LOW_TUMOUR,
  STENT_WITH_BEVACIZUMAB,
  INTENSIVE_THERAPY_POOR_PS,
  SYSTEMIC_THERAPY_ECOG_3_PLUS,
  CAPECITABINE_LOW_CRCL,
});

const ALL_RULES: readonly FindingRule[] = FINDING_CODES.map((code) => FINDING_RULES[code]);
const FACT_RULES: readonly FindingRule[] = ALL_RULES.filter((rule) => rule.scope === 'facts');

/** Runs the rules (all, or only those visible from the facts) and orders the findings. */
export function runFindingRules(context: FindingContext, only: 'all' | 'facts'): RectalFinding[] {
  const findings: RectalFinding[] = [];
  for (const rule of only === 'all' ? ALL_RULES : FACT_RULES) {
    for (const found of rule.evaluate(context)) findings.push(found);
  }
  return sortFindings(findings, FINDING_CODES);
}

export { buildFindingContext } from './context';
export type { FindingContext, FindingRule, RectalFinding, ValidatePlanOptions } from './context';
