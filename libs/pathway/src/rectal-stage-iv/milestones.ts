/**
 * The rectal stage IV milestones (PATHWAY.md "Milestones"): one rule per code with its anchor,
 * day offsets and citation; which ones apply to which branch; and their dating.
 */
import { scheduleMilestoneRule, type DatedMilestone, type MilestoneRule } from '../core/milestones';
import { deepFreeze } from '../core/citation';
import type { IsoDate } from '../core/dates';
import { CITATIONS } from './citations';
import type { AnchorName, BranchCode, MilestoneCode } from './codes';
import type { CaseFacts } from './facts';
import type { AnchorDates } from './events';

export type RectalMilestoneRule = MilestoneRule<MilestoneCode, AnchorName>;
export type RectalDatedMilestone = DatedMilestone<MilestoneCode, AnchorName>;

/** Six months of perioperative chemotherapy, counted as 26 weeks. */
export const PERIOPERATIVE_CHEMOTHERAPY_DAYS = 182;
/** Tolerance around "about 2 and 4 months" (days either side of day 60 / 120). */
export const REEVALUATION_TOLERANCE_DAYS = 14;

/** One rule per milestone code. */
export const MILESTONE_RULES: Readonly<Record<MilestoneCode, RectalMilestoneRule>> = deepFreeze({
  /** [update: ESMO mCRC 2023] RAS/BRAF/MMR (+DPD) before the first systemic dose; seed § Pitfalls: KRAS before anti-EGFR. */
  BIOMARKER_RESULTS_DUE: {
    code: 'BIOMARKER_RESULTS_DUE',
    anchor: 'firstChemotherapy',
    description:
      'RAS/BRAF/MMR (+DPD) results in hand before the first systemic dose; extended RAS before any anti-EGFR.',
    citation: CITATIONS.BIOMARKERS_BEFORE_FIRST_LINE,
    dueDays: -1,
    breachAfterDays: -1,
  },
  /** seed § Resectable: chemotherapy 11-18 days after the last fraction. */
  CHEMO_START_WINDOW: {
    code: 'CHEMO_START_WINDOW',
    anchor: 'lastRadiotherapyFraction',
    description: 'Start combination chemotherapy 11-18 days after the last SCRT fraction.',
    citation: CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
    window: { fromDays: 11, toDays: 18 },
    dueDays: 11,
    breachAfterDays: 18,
  },
  /** seed § Resectable: evaluate response after 6-8 weeks. */
  RESPONSE_EVALUATION: {
    code: 'RESPONSE_EVALUATION',
    anchor: 'firstChemotherapy',
    description: 'Response evaluation 6-8 weeks after the first chemotherapy day.',
    citation: CITATIONS.RESECTABLE_EVALUATE_THEN_SURGERY,
    window: { fromDays: 42, toDays: 56 },
    dueDays: 42,
    breachAfterDays: 56,
  },
  /** seed § Down-Sizing, chemotherapy first: evaluate after 2 months. */
  REEVALUATION_2_MONTHS: {
    code: 'REEVALUATION_2_MONTHS',
    anchor: 'firstChemotherapy',
    description: 'Re-evaluation about 2 months (day 60 +/- 14) after the first chemotherapy day.',
    citation: CITATIONS.CONVERSION_CHEMO_FIRST,
    window: { fromDays: 60 - REEVALUATION_TOLERANCE_DAYS, toDays: 60 + REEVALUATION_TOLERANCE_DAYS },
    dueDays: 60,
  },
  /** seed § Down-Sizing, chemotherapy first: evaluate after 4 months. */
  REEVALUATION_4_MONTHS: {
    code: 'REEVALUATION_4_MONTHS',
    anchor: 'firstChemotherapy',
    description: 'Re-evaluation about 4 months (day 120 +/- 14) after the first chemotherapy day.',
    citation: CITATIONS.CONVERSION_CHEMO_FIRST,
    window: { fromDays: 120 - REEVALUATION_TOLERANCE_DAYS, toDays: 120 + REEVALUATION_TOLERANCE_DAYS },
    dueDays: 120,
  },
  /** seed § Resectable: surgery at approximately 3 months (12-14 weeks after the last fraction). */
  SURGERY_TARGET: {
    code: 'SURGERY_TARGET',
    anchor: 'lastRadiotherapyFraction',
    description:
      'Surgery of metastases and primary at about 3 months (12-14 weeks after the last fraction), or when appropriate.',
    citation: CITATIONS.RESECTABLE_EVALUATE_THEN_SURGERY,
    window: { fromDays: 84, toDays: 98 },
    dueDays: 84,
  },
  /** seed § Resectable: primary surgery can be delayed up to 5-6 months after radiotherapy. */
  PRIMARY_SURGERY_DEADLINE: {
    code: 'PRIMARY_SURGERY_DEADLINE',
    anchor: 'lastRadiotherapyFraction',
    description:
      'Primary surgery no later than 5-6 months after radiotherapy: late after day 150, breached after day 180.',
    citation: CITATIONS.PRIMARY_SURGERY_DELAY,
    window: { fromDays: 150, toDays: 180 },
    dueDays: 150,
    warnAfterDays: 150,
    breachAfterDays: 180,
  },
  /** seed § Pitfalls: last bevacizumab dose at least 6 weeks before elective surgery (< 28 days blocks). */
  BEVACIZUMAB_LAST_DOSE: {
    code: 'BEVACIZUMAB_LAST_DOSE',
    anchor: 'plannedSurgery',
    description: 'Last bevacizumab dose at least 6 weeks (42 days) before elective surgery.',
    citation: CITATIONS.PITFALL_BEVACIZUMAB_SURGERY,
    dueDays: -42,
    warnAfterDays: -42,
    breachAfterDays: -28,
  },
  /** [update: bevacizumab label] restart not before surgery + 28 days and only with the wound healed. */
  BEVACIZUMAB_RESTART_EARLIEST: {
    code: 'BEVACIZUMAB_RESTART_EARLIEST',
    anchor: 'plannedSurgery',
    description: 'Bevacizumab restart not before 28 days after surgery and only with the wound healed.',
    citation: CITATIONS.BEVACIZUMAB_LABEL,
    dueDays: 28,
    notBeforeDays: 28,
    notBeforeAnchor: 'woundHealed',
  },
  /** seed § Resectable: 6 months of perioperative chemotherapy in total. */
  PERIOPERATIVE_CHEMO_COMPLETE: {
    code: 'PERIOPERATIVE_CHEMO_COMPLETE',
    anchor: 'firstChemotherapy',
    description:
      '6 months (26 weeks) of perioperative chemotherapy in total, pre- and postoperative combined; later by any surgical break.',
    citation: CITATIONS.RESECTABLE_PERIOPERATIVE_6_MONTHS,
    dueDays: PERIOPERATIVE_CHEMOTHERAPY_DAYS,
  },
  /** [update: KEYNOTE-177] imaging about 9 weeks after the first checkpoint-inhibitor dose. */
  IMMUNOTHERAPY_FIRST_IMAGING: {
    code: 'IMMUNOTHERAPY_FIRST_IMAGING',
    anchor: 'firstImmunotherapy',
    description: 'First response imaging about 9 weeks (day 56-70) after the first immunotherapy dose.',
    citation: CITATIONS.KEYNOTE_177_IMAGING,
    window: { fromDays: 56, toDays: 70 },
    dueDays: 63,
  },
});

const BEVACIZUMAB_MILESTONES: readonly MilestoneCode[] = ['BEVACIZUMAB_LAST_DOSE', 'BEVACIZUMAB_RESTART_EARLIEST'];

/** Whether any RAS/BRAF/MMR/DPD result is still missing. */
function biomarkersPending(facts: CaseFacts): boolean {
  const b = facts.biomarkers;
  return (
    b.kras === 'unknown' || b.nras === 'unknown' || b.braf === 'unknown' || b.mmr === 'unknown' || b.dpd === 'unknown'
  );
}

/** The milestones that apply to a branch, in MILESTONE_CODES order. */
export function milestonesForBranch(branch: BranchCode, facts: CaseFacts): RectalMilestoneRule[] {
  const codes: MilestoneCode[] = [];
  if (branch !== 'best-supportive-care' && biomarkersPending(facts)) codes.push('BIOMARKER_RESULTS_DUE');
  switch (branch) {
    case 'resectable-oligometastatic':
    case 'conversion-rt-first':
      codes.push(
        'CHEMO_START_WINDOW',
        'RESPONSE_EVALUATION',
        'SURGERY_TARGET',
        'PRIMARY_SURGERY_DEADLINE',
        ...BEVACIZUMAB_MILESTONES,
        'PERIOPERATIVE_CHEMO_COMPLETE',
      );
      break;
    case 'conversion-chemo-first':
      codes.push(
        'REEVALUATION_2_MONTHS',
        'REEVALUATION_4_MONTHS',
        'PRIMARY_SURGERY_DEADLINE',
        ...BEVACIZUMAB_MILESTONES,
      );
      break;
    case 'immunotherapy-first':
      codes.push('IMMUNOTHERAPY_FIRST_IMAGING');
      break;
    case 'palliative-local-control':
      codes.push(...BEVACIZUMAB_MILESTONES);
      break;
    case 'palliative-systemic':
    case 'reduced-intensity':
    case 'best-supportive-care':
      break;
  }
  return codes.map((code) =>
    // On the immunotherapy branch the first systemic dose is the first checkpoint-inhibitor dose.
    code === 'BIOMARKER_RESULTS_DUE' && branch === 'immunotherapy-first'
      ? { ...MILESTONE_RULES[code], anchor: 'firstImmunotherapy' }
      : MILESTONE_RULES[code],
  );
}

function resolveAnchor(anchors: AnchorDates, anchor: AnchorName): IsoDate | undefined {
  return anchors[anchor];
}

/** Dates milestone rules from the anchors known so far; unknown anchors leave them `pending`. */
export function scheduleMilestoneRules(
  rules: readonly RectalMilestoneRule[],
  anchors: AnchorDates,
): RectalDatedMilestone[] {
  return rules.map((rule) => scheduleMilestoneRule(rule, (anchor) => resolveAnchor(anchors, anchor)));
}
