/**
 * The plan on a calendar: each step of the chosen branch and each milestone, dated from the board
 * decision and the anchors the recorded (planned or done) treatment events give. Nothing is
 * guessed: a row whose anchor has no date yet stays undated and names the anchor it waits for.
 */
import type { Citation } from '../core/citation';
import { addDays, type IsoDate } from '../core/dates';
import type { AnchorName, BranchCode } from './codes';
import { scheduleMilestones, type DraftPlan } from './draft-plan';
import type { AnchorDates } from './events';
import type { StepAnchor, StepKind } from './steps';

export interface TimelineRow {
  readonly kind: 'step' | 'milestone';
  /** Step order ("step-3") or milestone code. */
  readonly code: string;
  readonly label: string;
  /** The step's kind (radiotherapy, surgery, ...) or "milestone". */
  readonly category: StepKind | 'milestone';
  readonly anchor: StepAnchor;
  /** First and last day of the window; equal for a single day. Absent when undated. */
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  /** "by" = no earliest day (only a deadline); "from" = no latest day (open-ended). */
  readonly bound?: 'window' | 'by' | 'from' | 'day';
  /** For an undated row: the anchor whose date is not known yet, or null for "when appropriate". */
  readonly waitsFor?: StepAnchor | null;
  readonly citation: Citation;
}

/**
 * Dates the steps (each `timing` is days from an anchor) and the milestones (via
 * scheduleMilestones) of `branch` (default: the primary branch).
 */
export function planTimeline(
  plan: DraftPlan,
  boardDecision: IsoDate,
  anchors: AnchorDates,
  branch?: BranchCode,
): TimelineRow[] {
  const chosen =
    branch === undefined || branch === plan.primaryBranch.code
      ? plan.primaryBranch
      : plan.alternatives.find((alternative) => alternative.code === branch);
  const steps = chosen?.steps ?? plan.steps;
  const dateOf = (anchor: StepAnchor): IsoDate | undefined =>
    anchor === 'boardDecision' ? boardDecision : (anchors[anchor as AnchorName] as IsoDate | undefined);
  const rows: TimelineRow[] = steps.map((step) => {
    const base = {
      kind: 'step' as const,
      code: `step-${step.order}`,
      label: step.description,
      category: step.kind,
      anchor: step.timing.anchor,
      citation: step.citation,
    };
    const anchorDate = dateOf(step.timing.anchor);
    const { fromDays, toDays } = step.timing;
    if (fromDays === null && toDays === null) return { ...base, waitsFor: null };
    if (anchorDate === undefined) return { ...base, waitsFor: step.timing.anchor };
    if (fromDays !== null && toDays !== null)
      return {
        ...base,
        from: addDays(anchorDate, fromDays),
        to: addDays(anchorDate, toDays),
        bound: fromDays === toDays ? 'day' : 'window',
      };
    if (toDays !== null) return { ...base, from: anchorDate, to: addDays(anchorDate, toDays), bound: 'by' };
    const start = addDays(anchorDate, fromDays ?? 0);
    return { ...base, from: start, to: start, bound: 'from' };
  });
  for (const milestone of scheduleMilestones(plan, anchors, chosen ? chosen.code : undefined)) {
    const base = {
      kind: 'milestone' as const,
      code: milestone.code,
      label: milestone.description,
      category: 'milestone' as const,
      anchor: milestone.anchor,
      citation: milestone.citation,
    };
    if (milestone.status === 'pending') {
      rows.push({ ...base, waitsFor: milestone.missingAnchor ?? milestone.anchor });
    } else if (milestone.window) {
      rows.push({ ...base, from: milestone.window.from, to: milestone.window.to, bound: 'window' });
    } else {
      const day = milestone.notBefore ?? milestone.dueDate;
      rows.push(
        day
          ? { ...base, from: day, to: day, bound: milestone.notBefore ? 'from' : 'day' }
          : { ...base, waitsFor: null },
      );
    }
  }
  return rows;
}
