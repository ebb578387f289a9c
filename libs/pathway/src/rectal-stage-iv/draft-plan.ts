/** Drafting a plan from valid case facts, and dating its milestones. */
import type { Citation } from '../core/citation';
import { assumptionsFor, type Assumption } from './assumptions';
import { selectBranches, type BranchChoice } from './branches';
import { CITATIONS } from './citations';
import { RECTAL_STAGE_IV_PATHWAY_ID, RECTAL_STAGE_IV_PATHWAY_VERSION, type BranchCode } from './codes';
import type { AnchorDates } from './events';
import { validateFacts, type CaseFacts } from './facts';
import type { FactProblem } from '../core/validation';
import { buildFindingContext, runFindingRules, type RectalFinding } from './findings';
import {
  milestonesForBranch,
  scheduleMilestoneRules,
  type RectalDatedMilestone,
  type RectalMilestoneRule,
} from './milestones';
import { decideRegimens, FORBIDDEN_COMBINATIONS, type ForbiddenCombination, type RegimenDecision } from './regimens';
import { stepsForBranch, type PlanStep } from './steps';
import { requiredTests, type RequiredTest } from './tests';

export interface BranchPlan extends BranchChoice {
  readonly steps: readonly PlanStep[];
  readonly milestones: readonly RectalMilestoneRule[];
}

/** One of the seed's decision factors with what the case records for it. */
export interface DecisionFactor {
  readonly factor: string;
  readonly recorded: string;
  readonly citation: Citation;
}

export interface DraftPlan {
  readonly pathwayId: typeof RECTAL_STAGE_IV_PATHWAY_ID;
  readonly pathwayVersion: string;
  /** Always a draft: the tumour board decides. */
  readonly status: 'draft';
  readonly primaryBranch: BranchPlan;
  readonly alternatives: readonly BranchPlan[];
  /** The primary branch's steps. */
  readonly steps: readonly PlanStep[];
  readonly regimens: {
    readonly preferred: readonly RegimenDecision[];
    readonly allowed: readonly RegimenDecision[];
    readonly forbidden: readonly RegimenDecision[];
  };
  readonly forbiddenCombinations: readonly ForbiddenCombination[];
  readonly requiredTests: readonly RequiredTest[];
  /** The primary branch's milestones (undated; see scheduleMilestones). */
  readonly milestones: readonly RectalMilestoneRule[];
  /** Findings already visible from the facts (e.g. MMR_STATUS_UNKNOWN). */
  readonly findings: readonly RectalFinding[];
  readonly assumptions: readonly Assumption[];
  readonly decisionFactors: readonly DecisionFactor[];
}

function branchPlan(choice: BranchChoice, facts: CaseFacts): BranchPlan {
  return {
    code: choice.code,
    title: choice.title,
    rationale: choice.rationale,
    citation: choice.citation,
    steps: stepsForBranch(choice.code, facts),
    milestones: milestonesForBranch(choice.code, facts),
  };
}

/** seed § Critical Decision-Making Factors: what the board must weigh, with what is recorded. */
function decisionFactors(facts: CaseFacts): DecisionFactor[] {
  const sites = facts.metastases.map((m) => `${m.site} x${m.count} (${m.resectability ?? 'not called'})`).join(', ');
  return [
    {
      factor: 'Age and comorbidities',
      recorded: `age ${facts.ageYears ?? 'not recorded'}; comorbidities: ${facts.comorbidities.length === 0 ? 'none recorded' : facts.comorbidities.join(', ')}`,
      citation: CITATIONS.FACTOR_AGE_COMORBIDITIES,
    },
    {
      factor: 'Patient preferences',
      recorded:
        [
          facts.preferences.declinesMajorSurgery ? 'declines major surgery' : null,
          facts.preferences.declinesRadiotherapy ? 'declines radiotherapy' : null,
          facts.preferences.notes,
        ]
          .filter((part): part is string => part !== null && part !== '')
          .join('; ') || 'none recorded',
      citation: CITATIONS.FACTOR_PREFERENCES,
    },
    {
      factor: 'Primary versus metastases: the greater threat',
      recorded: `primary c${facts.tCategory} ${facts.nCategory}, MRF ${facts.mesorectalFasciaThreatened === null ? 'not recorded' : facts.mesorectalFasciaThreatened ? 'threatened' : 'clear'}, ${facts.distanceFromAnalVergeCm ?? '?'} cm from the anal verge; ${facts.mCategory}: ${sites}`,
      citation: CITATIONS.FACTOR_GREATEST_THREAT,
    },
    {
      factor: 'Performance status and ability to tolerate intensive therapy',
      recorded: `ECOG ${facts.ecog ?? 'not recorded'}; fit for intensive treatment: ${facts.fitForIntensiveTreatment === null ? 'not recorded' : facts.fitForIntensiveTreatment ? 'yes' : 'no'}`,
      citation: CITATIONS.FACTOR_PERFORMANCE_STATUS,
    },
  ];
}

/**
 * Drafts the plan for valid facts (use validateFacts first): primary branch and alternatives,
 * steps, regimen decisions, required tests, milestones, fact-level findings, assumptions.
 * Pure and deterministic. Sources: the citation on every part.
 */
export function draftPlan(facts: CaseFacts): DraftPlan {
  const selection = selectBranches(facts);
  const primaryBranch = branchPlan(selection.primary, facts);
  const regimens = decideRegimens(facts, primaryBranch.code);
  const context = buildFindingContext(facts, [], primaryBranch.code, { asOf: null, branchChosenByBoard: false });
  return {
    pathwayId: RECTAL_STAGE_IV_PATHWAY_ID,
    pathwayVersion: RECTAL_STAGE_IV_PATHWAY_VERSION,
    status: 'draft',
    primaryBranch,
    alternatives: selection.alternatives.map((choice) => branchPlan(choice, facts)),
    steps: primaryBranch.steps,
    regimens,
    forbiddenCombinations: FORBIDDEN_COMBINATIONS,
    requiredTests: requiredTests(facts, primaryBranch.code),
    milestones: primaryBranch.milestones,
    findings: runFindingRules(context, 'facts'),
    assumptions: assumptionsFor(facts),
    decisionFactors: decisionFactors(facts),
  };
}

/**
 * Validates untrusted input and drafts a plan only when it is valid, so that no plan is ever
 * drafted from invalid facts.
 */
export function draftPlanFromInput(
  input: unknown,
): { ok: true; facts: CaseFacts; plan: DraftPlan } | { ok: false; problems: FactProblem[] } {
  const result = validateFacts(input);
  return result.ok ? { ok: true, facts: result.facts, plan: draftPlan(result.facts) } : result;
}

/** Thrown when a branch is asked for that the plan does not offer. */
export class BranchNotInPlanError extends Error {
  override readonly name = 'BranchNotInPlanError';
  constructor(readonly branch: BranchCode) {
    super(`branch not offered by this plan: ${branch}`);
  }
}

/**
 * Dates the plan's milestones (the primary branch's, or an offered alternative's) from the anchor
 * dates known so far; a milestone whose anchor is unknown is `pending` and names that anchor.
 * Sources: MILESTONE_RULES (PATHWAY.md "Milestones").
 */
export function scheduleMilestones(plan: DraftPlan, anchors: AnchorDates, branch?: BranchCode): RectalDatedMilestone[] {
  let rules = plan.milestones;
  if (branch !== undefined && branch !== plan.primaryBranch.code) {
    const alternative = plan.alternatives.find((a) => a.code === branch);
    if (alternative === undefined) throw new BranchNotInPlanError(branch);
    rules = alternative.milestones;
  }
  return scheduleMilestoneRules(rules, anchors);
}
