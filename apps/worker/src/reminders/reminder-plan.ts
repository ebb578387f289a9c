import type { ReminderAudience, ReminderKind, TreatmentEvent as TreatmentEventRow } from '@prisma/client';
import {
  addDays,
  anchorsFromEvents,
  boardPlanDatedMilestones,
  rectalEventFrom,
  workflowOf,
  type AnyDatedMilestone as DatedMilestone,
  type BoardPlan,
  type IsoDate,
  type MilestoneCode,
  type RecordedTreatmentEvent,
  RECTAL_STAGE_IV_PATHWAY_ID,
} from '@consilium/pathway';
import { toRecordedEvent } from '@consilium/db';

/** Reminders are due at this hour (UTC) on their day: the start of a clinical working day. */
export const REMINDER_HOUR_UTC = 7;

/** The instant a reminder for clinical date `date` is due. */
export function dueInstant(date: IsoDate): Date {
  return new Date(`${date}T${String(REMINDER_HOUR_UTC).padStart(2, '0')}:00:00.000Z`);
}

/** One reminder the plan calls for (what the table should hold for its dedupe key). */
export interface DesiredReminder {
  readonly dedupeKey: string;
  readonly kind: ReminderKind;
  readonly milestoneCode: string;
  readonly dueAt: Date;
  readonly windowStart: Date | null;
  readonly windowEnd: Date | null;
  readonly audience: ReminderAudience[];
}

export interface SignedOffRecommendation {
  readonly id: string;
  /** null: a board-authored plan (its milestones are in the proposal). */
  readonly pathwayId: string | null;
  readonly draftPlan: unknown;
  readonly proposedPlan: unknown;
  readonly primaryBranch: string | null;
  /** The board-authored plan's milestones count from the decision. */
  readonly signedOffAt: Date | null;
}

/** Milestones whose breach alerts the board's coordinators (issue 7, "Escalation"). */
export const ESCALATED_MILESTONES: readonly MilestoneCode[] = [
  'CHEMO_START_WINDOW',
  'RESPONSE_EVALUATION',
  'PRIMARY_SURGERY_DEADLINE',
  'BEVACIZUMAB_LAST_DOSE',
];

export const milestoneKey = (recommendationId: string, code: string): string => `${recommendationId}:${code}`;
export const escalationKey = (recommendationId: string, code: string): string =>
  `${recommendationId}:${code}:escalation`;
export const meetingDigestKey = (meetingId: string): string => `meeting:${meetingId}`;

const isoOf = (date: Date): IsoDate => date.toISOString().slice(0, 10);
const dateOf = (iso: IsoDate): Date => new Date(`${iso}T00:00:00.000Z`);

/** The branch the board signed off (the proposal's), else the pathway's primary branch. */
export function signedOffBranch(rec: SignedOffRecommendation): string {
  const proposal = rec.proposedPlan as { branch?: string | null } | null;
  return proposal?.branch ?? rec.primaryBranch ?? '';
}

/**
 * The milestones of a signed-off recommendation, whatever made its plan: the pathway's workflow
 * dates its own (for the branch signed), a board-authored plan dates those the board wrote.
 */
export function signedMilestones(
  rec: SignedOffRecommendation,
  events: readonly RecordedTreatmentEvent[],
): DatedMilestone[] {
  const workflow = rec.pathwayId === null ? undefined : workflowOf(rec.pathwayId);
  if (workflow !== undefined && rec.draftPlan !== null)
    return workflow.milestones(rec.draftPlan, events, signedOffBranch(rec));
  const boardPlan = (rec.proposedPlan as { boardPlan?: BoardPlan } | null)?.boardPlan;
  if (boardPlan === undefined) return [];
  return boardPlanDatedMilestones(boardPlan, events, isoOf(rec.signedOffAt ?? new Date()));
}

/**
 * The reminders a signed-off recommendation calls for, given the case's treatment events
 * (cancelled ones excluded by the caller). Pure: the pathway dates the milestones; milestones
 * still `pending` (anchor unknown) produce nothing until the anchor is recorded.
 */
export function desiredReminders(
  rec: SignedOffRecommendation,
  events: readonly TreatmentEventRow[],
): DesiredReminder[] {
  const recorded = events.map(toRecordedEvent);
  // Escalations are the rectal stage IV pathway's (its codes); other plans have none.
  const anchors = anchorsFromEvents(recorded.map(rectalEventFrom));
  const milestones = signedMilestones(rec, recorded);
  const out: DesiredReminder[] = [];
  // A series repeats its code (CEA every 3 months): each occurrence gets its own, stable key.
  const seen = new Map<string, number>();
  for (const milestone of milestones) {
    const occurrence = (seen.get(milestone.code) ?? 0) + 1;
    seen.set(milestone.code, occurrence);
    if (milestone.status !== 'scheduled') continue;
    const day = milestone.window?.from ?? milestone.dueDate;
    if (day === undefined) continue;
    out.push({
      dedupeKey: milestoneKey(rec.id, occurrence === 1 ? milestone.code : `${milestone.code}:${occurrence}`),
      kind: 'MILESTONE',
      milestoneCode: milestone.code,
      dueAt: dueInstant(day),
      windowStart: milestone.window ? dateOf(milestone.window.from) : null,
      windowEnd: milestone.window ? dateOf(milestone.window.to) : null,
      audience: ['TREATING_CLINICIANS', 'BOARD_COORDINATORS'],
    });
    const escalation =
      rec.pathwayId === RECTAL_STAGE_IV_PATHWAY_ID
        ? escalationFor(rec.id, milestone, events, anchors.plannedSurgery, anchors.bevacizumabDoses ?? [])
        : null;
    if (escalation) out.push(escalation);
  }
  return out;
}

const done = (events: readonly TreatmentEventRow[]): TreatmentEventRow[] =>
  events.filter((event) => event.status === 'DONE');

/**
 * The escalation of a breachable milestone, unless the event already happened in time:
 * chemotherapy not started by day 19 after the last fraction, no response evaluation by day 56,
 * primary surgery past day 180 after radiotherapy (due the day after `breachAfter`); and any
 * bevacizumab dose within 42 days before a planned surgery (due on the first day of that span).
 */
function escalationFor(
  recommendationId: string,
  milestone: DatedMilestone,
  events: readonly TreatmentEventRow[],
  plannedSurgery: IsoDate | undefined,
  bevacizumabDoses: readonly IsoDate[],
): DesiredReminder | null {
  if (!(ESCALATED_MILESTONES as readonly string[]).includes(milestone.code) || milestone.breachAfter === undefined)
    return null;
  const breachAfter = milestone.breachAfter;
  let breachDay: IsoDate;
  switch (milestone.code) {
    case 'CHEMO_START_WINDOW':
      if (done(events).some((event) => event.kind === 'SYSTEMIC_THERAPY' && isoOf(event.startDate) <= breachAfter))
        return null;
      breachDay = addDays(breachAfter, 1);
      break;
    case 'RESPONSE_EVALUATION': {
      const windowFrom = milestone.window?.from ?? breachAfter;
      if (
        done(events).some(
          (event) =>
            event.kind === 'EVALUATION' &&
            isoOf(event.startDate) <= breachAfter &&
            isoOf(event.startDate) >= addDays(windowFrom, -42),
        )
      )
        return null;
      breachDay = addDays(breachAfter, 1);
      break;
    }
    case 'PRIMARY_SURGERY_DEADLINE':
      if (
        done(events).some(
          (event) =>
            event.kind === 'SURGERY' && event.surgeryTarget !== 'METASTASES' && isoOf(event.startDate) <= breachAfter,
        )
      )
        return null;
      breachDay = addDays(breachAfter, 1);
      break;
    case 'BEVACIZUMAB_LAST_DOSE': {
      if (plannedSurgery === undefined || milestone.warnAfter === undefined) return null;
      const from = addDays(milestone.warnAfter, 1);
      if (!bevacizumabDoses.some((dose) => dose >= from && dose <= plannedSurgery)) return null;
      breachDay = from;
      break;
    }
    default:
      return null;
  }
  return {
    dedupeKey: escalationKey(recommendationId, milestone.code),
    kind: 'ESCALATION',
    milestoneCode: milestone.code,
    dueAt: dueInstant(breachDay),
    windowStart: milestone.window ? dateOf(milestone.window.from) : null,
    windowEnd: milestone.window ? dateOf(milestone.window.to) : null,
    audience: ['BOARD_COORDINATORS'],
  };
}
