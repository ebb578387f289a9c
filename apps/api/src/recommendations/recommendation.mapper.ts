import type { Prisma, Recommendation } from '@prisma/client';
import {
  renderBoardPlanSummary,
  renderDecisionSummary,
  workflowOf,
  type AnyFinding as Finding,
  type BoardDecision,
  type BoardPlan,
} from '@consilium/pathway';
import type { RecommendationDto } from './dto/recommendation.dto';

/** The board's edit of the draft, as stored in `proposed_plan`. */
export interface Proposal {
  meetingId: string;
  /** The pathway branch chosen; null for a board-authored plan (no pathway). */
  branch: string | null;
  intent: string;
  steps: string[];
  /** Regimen codes of the pathway, or the board plan's regimens as read. */
  regimens: string[];
  rationale: string;
  systemicDelayReason?: string;
  /** The board-authored plan (cases no pathway covers). */
  boardPlan?: BoardPlan;
}

/** An overridden block finding, as stored in `overrides`. */
export interface Override {
  code: string;
  reason: string;
  userId: string;
  at: string;
}

type JsonColumns = 'factsSnapshot' | 'draftPlan' | 'proposedPlan' | 'findings' | 'overrides' | 'followUpFindings';

/** A recommendation row with its JSON columns decoded (the plan and facts stay the pathway's own, read through its workflow). */
export type RecommendationRecord = Omit<Recommendation, JsonColumns> & {
  factsSnapshot: unknown;
  draftPlan: unknown;
  proposedPlan: Proposal | null;
  findings: Finding[];
  overrides: Override[];
  followUpFindings: Finding[];
};

/** A plain value as Prisma JSON (drops undefined, turns dates into strings). */
export const json = (value: unknown): Prisma.InputJsonValue =>
  JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/** The JSON columns are written only through `json` from the types above, so they read back as those types. */
const stored = <T>(value: Prisma.JsonValue): T => value as unknown as T;

/** Decodes a recommendation's JSON columns, once, where the row is read. */
export function decodeRecommendation(row: Recommendation): RecommendationRecord {
  return {
    ...row,
    factsSnapshot: row.factsSnapshot,
    draftPlan: row.draftPlan,
    proposedPlan: row.proposedPlan === null ? null : stored<Proposal>(row.proposedPlan),
    findings: stored<Finding[]>(row.findings),
    overrides: stored<Override[]>(row.overrides),
    followUpFindings: stored<Finding[]>(row.followUpFindings),
  };
}

/** The Markdown of the draft: the pathway's summary, or the board plan's (the proposal's, once there is one). */
export function draftSummary(
  row: Pick<RecommendationRecord, 'pathwayId' | 'draftPlan' | 'findings' | 'proposedPlan'>,
): string {
  const workflow = row.pathwayId === null ? undefined : workflowOf(row.pathwayId);
  if (workflow !== undefined && row.draftPlan !== null) return workflow.summary(row.draftPlan, row.findings);
  return renderBoardPlanSummary(row.proposedPlan?.boardPlan ?? null);
}

/** How a branch code reads for the recommendation's pathway. */
export const branchTitleFor =
  (pathwayId: string | null) =>
  (code: string): string =>
    pathwayId === null ? code : (workflowOf(pathwayId)?.branchTitle(code) ?? code);

export function toRecommendationDto(
  row: RecommendationRecord,
  decision: BoardDecision | null = null,
): RecommendationDto {
  return {
    id: row.id,
    caseId: row.caseId,
    meetingId: row.meetingId,
    draftVersion: row.draftVersion,
    pathwayId: row.pathwayId,
    pathwayVersion: row.pathwayVersion,
    status: row.status,
    round: row.round,
    primaryBranch: row.primaryBranch,
    draftPlan: row.draftPlan,
    proposedPlan: row.proposedPlan,
    findings: row.findings,
    overrides: row.overrides,
    followUpFindings: row.followUpFindings,
    summary: draftSummary(row),
    followsPathway: row.followsPathway,
    deviationReason: row.deviationReason,
    deviationText: row.deviationText,
    signedOffAt: row.signedOffAt?.toISOString() ?? null,
    implementationStatus: row.implementationStatus,
    decision,
    decisionSummary: decision === null ? null : renderDecisionSummary(decision, branchTitleFor(row.pathwayId)),
    version: row.version,
  };
}
