/**
 * The colon milestones, all counted from the resection (T_S): the adjuvant start target and the
 * follow-up series (CEA, CT, colonoscopy). Months are converted to days as round(m x 365.25 / 12)
 * (3 months = 91 days, 1 year = 365 days, 5 years = 1826 days): a library convention.
 */
import { scheduleMilestoneRule, type DatedMilestone, type MilestoneRule } from '../core/milestones';
import { COLON_CITATIONS as C } from './citations';
import type { ColonAnchorName, ColonMilestoneCode } from './codes';

export type ColonMilestoneRule = MilestoneRule<ColonMilestoneCode, ColonAnchorName>;
export type ColonDatedMilestone = DatedMilestone<ColonMilestoneCode, ColonAnchorName>;

/** Days after T_S of a month count (a library convention, see the module comment). */
export function monthDays(months: number): number {
  return Math.round((months * 365.25) / 12);
}

/** ADJUVANT_START_TARGET: first dose by T_S + 56 days (8 weeks); late after day 56, breached after day 84. */
export const ADJUVANT_START_TARGET_DAYS = 56;
export const ADJUVANT_START_BLOCK_DAYS = 84;

export const ADJUVANT_START_TARGET: ColonMilestoneRule = Object.freeze({
  code: 'ADJUVANT_START_TARGET',
  anchor: 'surgery',
  description: 'First adjuvant dose within 8 weeks of surgery',
  citation: C.ADJUVANT_TIMING,
  dueDays: ADJUVANT_START_TARGET_DAYS,
  warnAfterDays: ADJUVANT_START_TARGET_DAYS,
  breachAfterDays: ADJUVANT_START_BLOCK_DAYS,
});

function series(
  code: ColonMilestoneCode,
  what: string,
  months: readonly number[],
  graceMonths: number,
): ColonMilestoneRule[] {
  const citation = code === 'CEA_FOLLOW_UP' ? C.CEA_FOLLOW_UP : C.CT_FOLLOW_UP;
  return months.map((month) =>
    Object.freeze({
      code,
      anchor: 'surgery' as const,
      description: `${what} at month ${month} after surgery`,
      citation,
      dueDays: monthDays(month),
      breachAfterDays: monthDays(month + graceMonths),
    }),
  );
}

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/**
 * CEA every 3 months for 3 years (due at the 3-month lower bound, breached when the interval
 * passes 6 months), then every 6 months to 5 years (breached 1 month late). Source: ESMO 2020.
 */
export const CEA_FOLLOW_UP_SERIES: readonly ColonMilestoneRule[] = Object.freeze([
  ...series('CEA_FOLLOW_UP', 'CEA', range(3, 36, 3), 3),
  ...series('CEA_FOLLOW_UP', 'CEA', range(42, 60, 6), 1),
]);

/** CT chest/abdomen every 6 months for 3 years, breached when the interval passes 12 months. Source: ESMO 2020. */
export const CT_FOLLOW_UP_SERIES: readonly ColonMilestoneRule[] = Object.freeze(
  series('CT_FOLLOW_UP', 'CT chest/abdomen', range(6, 36, 6), 6),
);

/**
 * COLONOSCOPY_1_YEAR: at 1 year (breached after 15 months) when the whole colon was seen before
 * surgery; otherwise within 3-6 months. Source: ESMO 2020.
 */
export function colonoscopyRule(colonFullySeen: boolean): ColonMilestoneRule {
  return colonFullySeen
    ? Object.freeze({
        code: 'COLONOSCOPY_1_YEAR',
        anchor: 'surgery',
        description: 'Colonoscopy 1 year after surgery',
        citation: C.COLONOSCOPY,
        dueDays: monthDays(12),
        breachAfterDays: monthDays(15),
      })
    : Object.freeze({
        code: 'COLONOSCOPY_1_YEAR',
        anchor: 'surgery',
        description: 'Colonoscopy 3-6 months after surgery (colon not fully seen before surgery)',
        citation: C.COLONOSCOPY,
        window: { fromDays: monthDays(3), toDays: monthDays(6) },
        dueDays: monthDays(3),
        breachAfterDays: monthDays(6),
      });
}

/** Dates the rules from T_S; without it every milestone stays `pending` on `surgery`. */
export function scheduleColonMilestoneRules(
  rules: readonly ColonMilestoneRule[],
  surgeryDate: string | undefined,
): ColonDatedMilestone[] {
  return rules.map((rule) => scheduleMilestoneRule(rule, () => surgeryDate));
}
