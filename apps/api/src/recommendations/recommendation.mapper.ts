import type { Prisma, Recommendation } from '@prisma/client';
import { renderDecisionSummary, renderPlanSummary, type BoardDecision, type BranchCode, type CaseFacts, type DraftPlan, type Finding, type SystemicRegimenCode } from '@consilium/pathway';
import type { RecommendationDto } from './dto/recommendation.dto';

/** The board's edit of the draft, as stored in `proposed_plan`. */
export interface Proposal {
  meetingId: string;
  branch: BranchCode;
  intent: string;
  steps: string[];
  regimens: SystemicRegimenCode[];
  rationale: string;
  systemicDelayReason?: string;
}

/** An overridden block finding, as stored in `overrides`. */
export interface Override {
  code: string;
  reason: string;
  userId: string;
  at: string;
}

type JsonColumns = 'factsSnapshot' | 'draftPlan' | 'proposedPlan' | 'findings' | 'overrides' | 'followUpFindings';

/** A recommendation row with its JSON columns decoded. */
export type RecommendationRecord = Omit<Recommendation, JsonColumns> & {
  factsSnapshot: CaseFacts;
  draftPlan: DraftPlan;
  proposedPlan: Proposal | null;
  findings: Finding[];
  overrides: Override[];
  followUpFindings: Finding[];
};

/** A plain value as Prisma JSON (drops undefined, turns dates into strings). */
export const json = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/** The JSON columns are written only through `json` from the types above, so they read back as those types. */
const stored = <T>(value: Prisma.JsonValue): T => value as unknown as T;

/** Decodes a recommendation's JSON columns, once, where the row is read. */
export function decodeRecommendation(row: Recommendation): RecommendationRecord {
  return {
    ...row,
    factsSnapshot: stored<CaseFacts>(row.factsSnapshot),
    draftPlan: stored<DraftPlan>(row.draftPlan),
    proposedPlan: row.proposedPlan === null ? null : stored<Proposal>(row.proposedPlan),
    findings: stored<Finding[]>(row.findings),
    overrides: stored<Override[]>(row.overrides),
    followUpFindings: stored<Finding[]>(row.followUpFindings),
  };
}

export function toRecommendationDto(row: RecommendationRecord, decision: BoardDecision | null = null): RecommendationDto {
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
    summary: renderPlanSummary(row.draftPlan, row.findings),
    followsPathway: row.followsPathway,
    deviationReason: row.deviationReason,
    deviationText: row.deviationText,
    signedOffAt: row.signedOffAt?.toISOString() ?? null,
    implementationStatus: row.implementationStatus,
    decision,
    decisionSummary: decision === null ? null : renderDecisionSummary(decision),
    version: row.version,
  };
}
