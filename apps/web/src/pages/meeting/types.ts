import type { Recommendation } from '../../types';

/** One of the pathway's branches as the draft lists it (primary or alternative). */
export interface DraftBranch {
  code: string;
  title: string;
  rationale: string;
  steps: { order: number; kind: string; description: string }[];
}

export interface RegimenDecision {
  regimen: string;
  reason?: string;
}

/** GET /recommendations/:id with the parts meeting mode edits and shows. */
export interface RecommendationDetail extends Recommendation {
  meetingId: string | null;
  draftPlan: {
    primaryBranch: DraftBranch;
    alternatives: DraftBranch[];
    regimens: { preferred: RegimenDecision[]; allowed: RegimenDecision[]; forbidden: RegimenDecision[] };
  };
  proposedPlan: Proposal | null;
  overrides: { code: string; reason: string; userId: string; at: string }[];
  version: number;
}

/** The body of PUT /recommendations/:id/proposal. */
export interface Proposal {
  meetingId: string;
  branch: string;
  intent: string;
  steps: string[];
  regimens: string[];
  rationale: string;
  systemicDelayReason?: string;
}

export interface TimelineRow {
  kind: 'step' | 'milestone';
  code: string;
  label: string;
  category: string;
  anchor: string;
  from: string | null;
  to: string | null;
  bound: 'window' | 'by' | 'from' | 'day' | null;
  waitsFor: string | null;
}

export interface Timeline {
  recommendationId: string;
  branch: string;
  boardDecision: string;
  rows: TimelineRow[];
}
