import type { components } from '../../api-schema';
import type { Recommendation } from '../../types';

/** One of the pathway's branches as the draft lists it (primary or alternative). */
export interface DraftBranch {
  code: string;
  title: string;
  rationale: string;
  /** Rectal stage IV branches list their steps; colon branches do not. */
  steps?: { order: number; kind: string; description: string }[];
}

export interface RegimenDecision {
  regimen: string;
  reason?: string;
}

/** GET /recommendations/:id with its plans typed (the API documents them as objects). */
export type RecommendationDetail = Omit<Recommendation, 'draftPlan' | 'proposedPlan'> & {
  /** The pathway's draft; null for a case without pathway (the board authors the plan). */
  draftPlan: {
    primaryBranch: DraftBranch;
    alternatives: DraftBranch[];
    regimens: {
      preferred: RegimenDecision[];
      allowed: RegimenDecision[];
      forbidden: RegimenDecision[];
      'not-advised'?: RegimenDecision[];
    };
  } | null;
  proposedPlan: Proposal | null;
};

/** The board-authored plan as the API stores and answers it (core/board-plan.ts). */
export type BoardPlan = components['schemas']['BoardPlan'];

/**
 * The body of PUT /recommendations/:id/proposal as the form holds it: looser than ProposalDto
 * (an intent not yet chosen is ''), the API answers 400 naming the field.
 */
export type Proposal = {
  meetingId: string;
  /** null for a board-authored plan. */
  branch: string | null;
  intent: string;
  steps: string[];
  regimens: string[];
  rationale: string;
  systemicDelayReason?: string;
  /** The board-authored plan (cases without pathway). */
  boardPlan?: BoardPlan;
};

export type TimelineRow = components['schemas']['TimelineRowDto'];

/** What meeting mode gives either plan editor (a pathway proposal or a board-authored plan). */
export interface PlanEditorProps {
  recommendation: RecommendationDetail;
  /** The ETag of the version shown: the save says which version it edits (If-Match). */
  etag: string | null;
  meetingId: string;
  onSaved: (saved: RecommendationDetail, previousRound: number) => void;
  /** Someone saved a newer version first: say so and reload (the edit is not applied over theirs). */
  onStale: (message: string) => void;
}
