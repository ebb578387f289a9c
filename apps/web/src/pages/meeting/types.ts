import type { components } from '../../api-schema';
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

/** GET /recommendations/:id with its plans typed (the API documents them as objects). */
export type RecommendationDetail = Omit<Recommendation, 'draftPlan' | 'proposedPlan'> & {
  draftPlan: {
    primaryBranch: DraftBranch;
    alternatives: DraftBranch[];
    regimens: { preferred: RegimenDecision[]; allowed: RegimenDecision[]; forbidden: RegimenDecision[] };
  };
  proposedPlan: Proposal | null;
};

/**
 * The body of PUT /recommendations/:id/proposal as the form holds it: looser than ProposalDto
 * (an intent not yet chosen is ''), the API answers 400 naming the field.
 */
export type Proposal = {
  meetingId: string;
  branch: string;
  intent: string;
  steps: string[];
  regimens: string[];
  rationale: string;
  systemicDelayReason?: string;
};

export type TimelineRow = components['schemas']['TimelineRowDto'];
