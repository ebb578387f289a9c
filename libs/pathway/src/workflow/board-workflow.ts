/**
 * The workflow of a case no pathway covers: the board authors the plan (core/board-plan.ts);
 * its steps and follow-up milestones go on the same calendar, and the milestones become
 * reminders exactly as a pathway's do.
 */
import { BOARD_DECISION_CITATION, boardPlanMilestones, type BoardPlan } from '../core/board-plan';
import type { IsoDate } from '../core/dates';
import type { DatedMilestone } from '../core/milestones';
import { boardPlanAnchorsFrom, type RecordedTreatmentEvent } from './recorded-events';
import { milestoneRows, type WorkflowTimelineRow } from './workflows';

/** The board plan's milestones, dated from the decision and the recorded events. */
export function boardPlanDatedMilestones(
  plan: BoardPlan,
  events: readonly RecordedTreatmentEvent[],
  decision: IsoDate,
): DatedMilestone[] {
  return boardPlanMilestones(plan, boardPlanAnchorsFrom(events, decision));
}

/** The board plan on a calendar: its steps in order (undated: the board words them), then its milestones. */
export function boardPlanTimeline(
  plan: BoardPlan,
  decision: IsoDate,
  events: readonly RecordedTreatmentEvent[],
): WorkflowTimelineRow[] {
  const steps: WorkflowTimelineRow[] = plan.steps.map((step, index) => ({
    kind: 'step',
    code: `step-${index + 1}`,
    label: step.description,
    category: step.modality,
    anchor: 'decision',
    waitsFor: null,
    citation: BOARD_DECISION_CITATION,
  }));
  return [...steps, ...milestoneRows(boardPlanDatedMilestones(plan, events, decision))];
}

/** How a regimen of the board plan reads (its code, its text, or both). */
export const boardRegimenLabel = (regimen: BoardPlan['regimens'][number]): string =>
  [regimen.code, regimen.text].filter((part): part is string => part !== null && part !== '').join(': ');

/** A Markdown rendering of a board-authored plan. */
export function renderBoardPlanSummary(plan: BoardPlan | null): string {
  if (plan === null)
    return '# Board-authored plan\n\nNo pathway applies to this case: the board writes the plan in the meeting.\n';
  const lines = [
    '# Board-authored plan',
    '',
    `- Intent: ${plan.intent}`,
    `- Modalities: ${plan.modalities.join(', ')}`,
  ];
  lines.push(`- Regimens: ${plan.regimens.map(boardRegimenLabel).join(', ') || 'none'}`);
  if (plan.steps.length > 0) {
    lines.push('', '## Steps');
    plan.steps.forEach((step, index) => lines.push(`${index + 1}. ${step.modality}: ${step.description}`));
  }
  if (plan.milestones.length > 0) {
    lines.push('', '## Follow-up');
    for (const milestone of plan.milestones) {
      lines.push(
        `- ${milestone.label}: ${'dueDate' in milestone ? `on ${milestone.dueDate}` : `${milestone.offsetDays} days after ${milestone.anchor}`}`,
      );
    }
  }
  if (plan.notes) lines.push('', plan.notes);
  return `${lines.join('\n')}\n`;
}
