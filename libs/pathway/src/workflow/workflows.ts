/**
 * The pathways as the case workflow runs them: one uniform, type-erased face per pathway over
 * the stored JSON (facts snapshot, draft plan) and the recorded treatment events, so the API and
 * the worker never branch on a pathway id. A case no pathway covers runs the same workflow with
 * a board-authored plan (board-workflow.ts).
 */
import type { CaseCore } from '../core/case-core';
import type { Citation } from '../core/citation';
import type { IsoDate } from '../core/dates';
import type { Finding } from '../core/findings';
import type { DatedMilestone } from '../core/milestones';
import type { FactProblem } from '../core/validation';
import { COLON_BRANCH_TITLES, isAdjuvantBranch } from '../colon-stage-i-iii/branches';
import {
  COLON_BRANCH_CODES,
  COLON_REGIMEN_CODES,
  COLON_STAGE_I_III_PATHWAY_ID,
  type ColonBranchCode,
  type ColonRegimenCode,
} from '../colon-stage-i-iii/codes';
import type { ColonDraftPlan } from '../colon-stage-i-iii/draft-plan';
import { colonAnchorsFromEvents } from '../colon-stage-i-iii/events';
import type { ColonFacts } from '../colon-stage-i-iii/facts';
import { validateColonPlan } from '../colon-stage-i-iii/findings';
import { ADJUVANT_START_TARGET, scheduleColonMilestoneRules } from '../colon-stage-i-iii/milestones';
import { colonStageIIIIPathway } from '../colon-stage-i-iii/pathway';
import { renderColonPlanSummary } from '../colon-stage-i-iii/summary';
import { BRANCH_TITLES } from '../rectal-stage-iv/branches';
import {
  BRANCH_CODES,
  RECTAL_STAGE_IV_PATHWAY_ID,
  SYSTEMIC_REGIMEN_CODES,
  type BranchCode,
  type SystemicRegimenCode,
} from '../rectal-stage-iv/codes';
import { scheduleMilestones, type DraftPlan } from '../rectal-stage-iv/draft-plan';
import { anchorsFromEvents } from '../rectal-stage-iv/events';
import type { CaseFacts } from '../rectal-stage-iv/facts';
import { rectalStageIvPathway } from '../rectal-stage-iv/pathway';
import { renderPlanSummary } from '../rectal-stage-iv/summary';
import { planTimeline } from '../rectal-stage-iv/timeline';
import { validatePlan } from '../rectal-stage-iv/validate-plan';
import { colonEventsFrom, rectalEventFrom, type RecordedTreatmentEvent } from './recorded-events';

/** One row of a plan on a calendar (steps and milestones), for any pathway or a board plan. */
export interface WorkflowTimelineRow {
  readonly kind: 'step' | 'milestone';
  readonly code: string;
  readonly label: string;
  readonly category: string;
  readonly anchor: string;
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly bound?: 'window' | 'by' | 'from' | 'day';
  readonly waitsFor?: string | null;
  readonly citation: Citation;
}

/** What the board proposes, as the pathway's rules read it. */
export interface ProposalChoice {
  readonly branch: string;
  readonly regimens: readonly string[];
  readonly systemicDelayReason?: string | null;
}

export interface FindingsOptions {
  readonly asOf: IsoDate;
  /** The branch to check (the proposal's, else the draft's primary branch). */
  readonly branch: string;
  /** The board's proposal; null for the draft or the follow-up. */
  readonly proposal: ProposalChoice | null;
  /** After sign-off: the rules read what was done; still-planned events only say what is on its way. */
  readonly followUp: boolean;
}

export interface DraftResult {
  readonly facts: unknown;
  readonly plan: unknown;
  readonly primaryBranch: string;
  readonly findings: readonly Finding[];
}

export interface PathwayWorkflow {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly branchCodes: readonly string[];
  branchTitle(code: string): string;
  /** The regimen codes a proposal of this pathway may list. */
  readonly regimenCodes: readonly string[];
  /** The draft from the case core and the pathway's extra facts; problems are named from the intake root. */
  draft(core: CaseCore, extra: unknown): { ok: true; draft: DraftResult } | { ok: false; problems: FactProblem[] };
  summary(plan: unknown, findings: readonly Finding[]): string;
  findings(facts: unknown, events: readonly RecordedTreatmentEvent[], options: FindingsOptions): Finding[];
  milestones(plan: unknown, events: readonly RecordedTreatmentEvent[], branch: string): DatedMilestone[];
  timeline(
    plan: unknown,
    decision: IsoDate,
    events: readonly RecordedTreatmentEvent[],
    branch: string,
  ): WorkflowTimelineRow[];
}

/** Milestones as timeline rows (dated, or waiting for their anchor). */
export function milestoneRows(milestones: readonly DatedMilestone[]): WorkflowTimelineRow[] {
  return milestones.map((milestone) => {
    const base = {
      kind: 'milestone' as const,
      code: milestone.code,
      label: milestone.description,
      category: 'milestone',
      anchor: milestone.anchor,
      citation: milestone.citation,
    };
    if (milestone.status === 'pending') return { ...base, waitsFor: milestone.missingAnchor ?? milestone.anchor };
    if (milestone.window)
      return { ...base, from: milestone.window.from, to: milestone.window.to, bound: 'window' as const };
    const day = milestone.notBefore ?? milestone.dueDate;
    return day
      ? { ...base, from: day, to: day, bound: milestone.notBefore ? ('from' as const) : ('day' as const) }
      : { ...base, waitsFor: null };
  });
}

const isRectalBranch = (code: string): code is BranchCode => (BRANCH_CODES as readonly string[]).includes(code);
const isColonBranch = (code: string): code is ColonBranchCode =>
  (COLON_BRANCH_CODES as readonly string[]).includes(code);

function draftWith<Extra, Facts, Plan extends { primaryBranch: { code: string }; findings: readonly Finding[] }>(
  plugin: {
    validateExtraFacts(input: unknown): { ok: true; facts: Extra } | { ok: false; problems: FactProblem[] };
    factsFrom(core: CaseCore, extra: Extra): { ok: true; facts: Facts } | { ok: false; problems: FactProblem[] };
    draftPlan(facts: Facts): Plan;
  },
  core: CaseCore,
  extraInput: unknown,
): { ok: true; draft: DraftResult } | { ok: false; problems: FactProblem[] } {
  const extra = plugin.validateExtraFacts(extraInput);
  if (!extra.ok)
    return {
      ok: false,
      problems: extra.problems.map((problem) => ({ ...problem, field: `pathwayFacts.${problem.field}` })),
    };
  const facts = plugin.factsFrom(core, extra.facts);
  if (!facts.ok)
    return { ok: false, problems: facts.problems.map((problem) => ({ ...problem, field: `core.${problem.field}` })) };
  const plan = plugin.draftPlan(facts.facts);
  return {
    ok: true,
    draft: { facts: facts.facts, plan, primaryBranch: plan.primaryBranch.code, findings: plan.findings },
  };
}

/** Rectal stage IV (PATHWAY.md): its rules unchanged, read through the recorded events. */
export const rectalStageIvWorkflow: PathwayWorkflow = Object.freeze({
  id: RECTAL_STAGE_IV_PATHWAY_ID,
  version: rectalStageIvPathway.version,
  title: rectalStageIvPathway.title,
  branchCodes: BRANCH_CODES,
  branchTitle: (code: string) => (isRectalBranch(code) ? BRANCH_TITLES[code] : code),
  regimenCodes: SYSTEMIC_REGIMEN_CODES,
  draft: (core: CaseCore, extra: unknown) => draftWith(rectalStageIvPathway, core, extra),
  summary: (plan: unknown, findings: readonly Finding[]) =>
    renderPlanSummary(plan as DraftPlan, findings as Parameters<typeof renderPlanSummary>[1]),
  findings(facts: unknown, events: readonly RecordedTreatmentEvent[], options: FindingsOptions): Finding[] {
    const all = events.map(rectalEventFrom);
    const read = options.followUp ? all.filter((event) => event.status === 'done') : all;
    const { proposal } = options;
    return validatePlan(facts as CaseFacts, read, {
      asOf: options.asOf,
      ...(isRectalBranch(options.branch) ? { branch: options.branch } : {}),
      ...(proposal && !options.followUp
        ? {
            plannedRegimens: proposal.regimens.filter((code): code is SystemicRegimenCode =>
              (SYSTEMIC_REGIMEN_CODES as readonly string[]).includes(code),
            ),
          }
        : {}),
      ...(options.followUp ? { plannedEvents: all.filter((event) => event.status !== 'done') } : {}),
      ...(proposal?.systemicDelayReason ? { systemicDelayReason: proposal.systemicDelayReason } : {}),
    });
  },
  milestones(plan: unknown, events: readonly RecordedTreatmentEvent[], branch: string): DatedMilestone[] {
    const anchors = anchorsFromEvents(events.map(rectalEventFrom));
    const draft = plan as DraftPlan;
    const listed =
      branch === draft.primaryBranch.code || draft.alternatives.some((alternative) => alternative.code === branch);
    // A branch the draft does not list: date the primary branch's milestones.
    return scheduleMilestones(draft, anchors, listed && isRectalBranch(branch) ? branch : undefined);
  },
  timeline: (plan: unknown, decision: IsoDate, events: readonly RecordedTreatmentEvent[], branch: string) =>
    planTimeline(
      plan as DraftPlan,
      decision,
      anchorsFromEvents(events.map(rectalEventFrom)),
      isRectalBranch(branch) ? branch : undefined,
    ),
});

/** The colon milestones of the branch the board chose: the adjuvant start target only for an adjuvant branch. */
function colonMilestones(
  plan: ColonDraftPlan,
  events: readonly RecordedTreatmentEvent[],
  branch: string,
): DatedMilestone[] {
  const anchors = colonAnchorsFromEvents(colonEventsFrom(events));
  const chosen = isColonBranch(branch) ? branch : plan.primaryBranch.code;
  const rules = plan.milestones.filter((rule) => rule.code !== ADJUVANT_START_TARGET.code);
  const surgery = anchors.surgery ?? plan.surgeryDate ?? undefined;
  return scheduleColonMilestoneRules(isAdjuvantBranch(chosen) ? [ADJUVANT_START_TARGET, ...rules] : rules, surgery);
}

/** Resected colon cancer stage I-III (PATHWAY-COLON.md). */
export const colonStageIIIIWorkflow: PathwayWorkflow = Object.freeze({
  id: COLON_STAGE_I_III_PATHWAY_ID,
  version: colonStageIIIIPathway.version,
  title: colonStageIIIIPathway.title,
  branchCodes: COLON_BRANCH_CODES,
  branchTitle: (code: string) => (isColonBranch(code) ? COLON_BRANCH_TITLES[code] : code),
  regimenCodes: COLON_REGIMEN_CODES,
  draft: (core: CaseCore, extra: unknown) => draftWith(colonStageIIIIPathway, core, extra),
  summary: (plan: unknown, findings: readonly Finding[]) =>
    renderColonPlanSummary(plan as ColonDraftPlan, findings as Parameters<typeof renderColonPlanSummary>[1]),
  findings(facts: unknown, events: readonly RecordedTreatmentEvent[], options: FindingsOptions): Finding[] {
    const all = colonEventsFrom(events);
    const read = options.followUp ? all.filter((event) => event.kind === 'surgery' || event.status === 'done') : all;
    const { proposal } = options;
    return validateColonPlan(facts as ColonFacts, read, {
      asOf: options.asOf,
      ...(isColonBranch(options.branch) ? { branch: options.branch } : {}),
      ...(proposal && !options.followUp
        ? {
            plannedRegimens: proposal.regimens.filter((code): code is ColonRegimenCode =>
              (COLON_REGIMEN_CODES as readonly string[]).includes(code),
            ),
          }
        : {}),
    });
  },
  milestones: (plan: unknown, events: readonly RecordedTreatmentEvent[], branch: string) =>
    colonMilestones(plan as ColonDraftPlan, events, branch),
  timeline: (plan: unknown, _decision: IsoDate, events: readonly RecordedTreatmentEvent[], branch: string) =>
    milestoneRows(colonMilestones(plan as ColonDraftPlan, events, branch)),
});

const WORKFLOWS: ReadonlyMap<string, PathwayWorkflow> = new Map(
  [rectalStageIvWorkflow, colonStageIIIIWorkflow].map((workflow) => [workflow.id, workflow]),
);

/** Every pathway workflow, in registry order. */
export const PATHWAY_WORKFLOWS: readonly PathwayWorkflow[] = [...WORKFLOWS.values()];

/** The workflow of a pathway id; undefined for an id no pathway has (e.g. a retired one). */
export function workflowOf(pathwayId: string): PathwayWorkflow | undefined {
  return WORKFLOWS.get(pathwayId);
}
