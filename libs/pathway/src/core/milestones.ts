/**
 * Generic milestone machinery: a milestone is defined by offsets (in days) from an anchor date;
 * once the anchor is known it gets ISO calendar dates, until then it stays `pending`.
 */
import type { Citation } from './citation';
import { addDays, maxDate, type IsoDate } from './dates';

export interface DayWindow {
  readonly fromDays: number;
  readonly toDays: number;
}

export interface DateWindow {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** How a milestone is defined relative to its anchor (all offsets in calendar days). */
export interface MilestoneRule<Code extends string, Anchor extends string> {
  readonly code: Code;
  readonly anchor: Anchor;
  readonly description: string;
  readonly citation: Citation;
  /** When the milestone should happen. */
  readonly window?: DayWindow;
  /** The date a reminder is due. */
  readonly dueDays: number;
  /** After anchor + warnAfterDays the milestone is late (warning). */
  readonly warnAfterDays?: number;
  /** After anchor + breachAfterDays the milestone is breached. */
  readonly breachAfterDays?: number;
  /** Not before anchor + notBeforeDays. */
  readonly notBeforeDays?: number;
  /** A second anchor that must be known; the milestone moves to it if it is later (e.g. wound healed). */
  readonly notBeforeAnchor?: Anchor;
}

export type MilestoneStatus = 'scheduled' | 'pending';

export interface DatedMilestone<Code extends string = string, Anchor extends string = string> {
  readonly code: Code;
  readonly status: MilestoneStatus;
  readonly description: string;
  readonly citation: Citation;
  /** The anchor the dates are counted from. */
  readonly anchor: Anchor;
  readonly window?: DateWindow;
  readonly dueDate?: IsoDate;
  readonly warnAfter?: IsoDate;
  readonly breachAfter?: IsoDate;
  readonly notBefore?: IsoDate;
  /** For `pending`: the anchor whose date is not known yet. */
  readonly missingAnchor?: Anchor;
}

/** Dates one milestone rule, or returns it `pending` naming the first missing anchor. */
export function scheduleMilestoneRule<Code extends string, Anchor extends string>(
  rule: MilestoneRule<Code, Anchor>,
  resolve: (anchor: Anchor) => IsoDate | undefined,
): DatedMilestone<Code, Anchor> {
  const anchorDate = resolve(rule.anchor);
  let secondDate: IsoDate | undefined;
  let missing: Anchor | undefined = anchorDate === undefined ? rule.anchor : undefined;
  if (missing === undefined && rule.notBeforeAnchor !== undefined) {
    secondDate = resolve(rule.notBeforeAnchor);
    if (secondDate === undefined) missing = rule.notBeforeAnchor;
  }
  if (anchorDate === undefined || missing !== undefined) {
    return {
      code: rule.code,
      status: 'pending',
      description: rule.description,
      citation: rule.citation,
      anchor: rule.anchor,
      missingAnchor: missing ?? rule.anchor,
    };
  }
  // Built field by field (no conditional spreads: they are a slow path in V8).
  const dated: Mutable<DatedMilestone<Code, Anchor>> = {
    code: rule.code,
    status: 'scheduled',
    description: rule.description,
    citation: rule.citation,
    anchor: rule.anchor,
  };
  if (rule.window !== undefined) {
    dated.window = { from: addDays(anchorDate, rule.window.fromDays), to: addDays(anchorDate, rule.window.toDays) };
  }
  dated.dueDate = addDays(anchorDate, rule.dueDays);
  if (rule.warnAfterDays !== undefined) dated.warnAfter = addDays(anchorDate, rule.warnAfterDays);
  if (rule.breachAfterDays !== undefined) dated.breachAfter = addDays(anchorDate, rule.breachAfterDays);
  if (rule.notBeforeDays !== undefined) {
    let notBefore = addDays(anchorDate, rule.notBeforeDays);
    if (secondDate !== undefined) {
      notBefore = maxDate(notBefore, secondDate);
      dated.dueDate = notBefore;
    }
    dated.notBefore = notBefore;
  }
  return dated;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
