/** The colon draft: branch and alternatives, regimen decisions, milestones, findings and assumptions. */
import { isIsoDate } from '../core/dates';
import type { ValidationResult } from '../core/validation';
import { colonHighRiskFeatures, isAdjuvantBranch, selectColonBranches, type ColonBranchChoice } from './branches';
import {
  COLON_STAGE_I_III_PATHWAY_ID,
  COLON_STAGE_I_III_PATHWAY_VERSION,
  type ColonHighRiskFeature,
  type ColonStageGroup,
} from './codes';
import type { ColonAnchorDates } from './events';
import { validateColonFacts, type ColonFacts } from './facts';
import { colonFactFindings, type ColonFinding } from './findings';
import {
  ADJUVANT_START_TARGET,
  CEA_FOLLOW_UP_SERIES,
  CT_FOLLOW_UP_SERIES,
  colonoscopyRule,
  scheduleColonMilestoneRules,
  type ColonDatedMilestone,
  type ColonMilestoneRule,
} from './milestones';
import { decideColonRegimens, type ColonRegimenDecision, type ColonRegimenVerdict } from './regimens';

export interface ColonDraftPlan {
  readonly pathwayId: typeof COLON_STAGE_I_III_PATHWAY_ID;
  readonly pathwayVersion: string;
  readonly status: 'draft';
  readonly stageGroup: ColonStageGroup;
  readonly stagingBasis: ColonFacts['stagingBasis'];
  readonly highRiskFeatures: readonly ColonHighRiskFeature[];
  readonly primaryBranch: ColonBranchChoice;
  readonly alternatives: readonly ColonBranchChoice[];
  readonly regimens: Readonly<Record<ColonRegimenVerdict, readonly ColonRegimenDecision[]>>;
  /** The rules (undated); `scheduleColonMilestones` dates them from T_S. */
  readonly milestones: readonly ColonMilestoneRule[];
  /** T_S when recorded (milestones are dated from it, or from a surgery event). */
  readonly surgeryDate: string | null;
  readonly findings: readonly ColonFinding[];
  readonly assumptions: readonly { field: string; assumption: string }[];
}

function assumptionsOf(facts: ColonFacts): { field: string; assumption: string }[] {
  const out: { field: string; assumption: string }[] = [];
  if (facts.stagingBasis === 'clinical')
    out.push({
      field: 'core.staging.pathological',
      assumption: 'resection planned: staged from cTNM; the draft is provisional until pTNM',
    });
  if (facts.mmr === 'unknown')
    out.push({
      field: 'core.biomarkers',
      assumption: 'MMR unknown: treated as pMMR (stage II dMMR would mean follow-up only)',
    });
  if (facts.ecog === null) out.push({ field: 'core.condition.ecog', assumption: 'ECOG unknown: assumed 0-1' });
  if (facts.colonFullyVisualisedPreoperatively === null) {
    out.push({
      field: 'pathwayFacts.colonFullyVisualisedPreoperatively',
      assumption: 'not recorded: assumed not fully seen, colonoscopy within 3-6 months',
    });
  }
  if (facts.lymphNodesExamined === null)
    out.push({
      field: 'pathwayFacts.lymphNodesExamined',
      assumption: 'not recorded: not counted as a high-risk feature',
    });
  return out;
}

/** Drafts the plan from valid facts (pure; the same facts always give the same plan). */
export function draftColonPlan(facts: ColonFacts): ColonDraftPlan {
  const { primary, alternatives } = selectColonBranches(facts);
  const milestones = [
    ...(isAdjuvantBranch(primary.code) ? [ADJUVANT_START_TARGET] : []),
    ...CEA_FOLLOW_UP_SERIES,
    ...CT_FOLLOW_UP_SERIES,
    colonoscopyRule(facts.colonFullyVisualisedPreoperatively === true),
  ];
  return {
    pathwayId: COLON_STAGE_I_III_PATHWAY_ID,
    pathwayVersion: COLON_STAGE_I_III_PATHWAY_VERSION,
    status: 'draft',
    stageGroup: facts.stageGroup,
    stagingBasis: facts.stagingBasis,
    highRiskFeatures: facts.stage === 'II' ? colonHighRiskFeatures(facts) : [],
    primaryBranch: primary,
    alternatives,
    regimens: decideColonRegimens(primary.code, facts),
    milestones,
    surgeryDate: facts.surgeryDate,
    findings: colonFactFindings(facts, primary.code),
    assumptions: assumptionsOf(facts),
  };
}

/** Validates `{ core, pathwayFacts }` and drafts; never drafts from invalid facts. */
export function draftColonPlanFromInput(
  input: unknown,
): { ok: true; facts: ColonFacts; plan: ColonDraftPlan } | Extract<ValidationResult<ColonFacts>, { ok: false }> {
  const facts = validateColonFacts(input);
  return facts.ok ? { ok: true, facts: facts.facts, plan: draftColonPlan(facts.facts) } : facts;
}

/** Dates the plan's milestones from T_S (a surgery event, else the recorded surgery date); pending without it. */
export function scheduleColonMilestones(plan: ColonDraftPlan, anchors: ColonAnchorDates): ColonDatedMilestone[] {
  const surgery = anchors.surgery ?? plan.surgeryDate ?? undefined;
  return scheduleColonMilestoneRules(
    plan.milestones,
    surgery !== undefined && isIsoDate(surgery) ? surgery : undefined,
  );
}
