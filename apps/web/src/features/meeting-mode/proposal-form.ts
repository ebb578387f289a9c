import type { RecommendationDetail } from './types';

export const INTENTS = ['curative', 'conversion', 'palliative', 'supportive'] as const;

export const PROPOSAL_FIELDS = ['branch', 'intent', 'steps', 'regimens', 'rationale', 'systemicDelayReason'] as const;

export type ProposalField = (typeof PROPOSAL_FIELDS)[number];

/** The form's values for a recommendation: its proposal, or the draft's primary branch. */
export function formValues(recommendation: RecommendationDetail): {
  branch: string;
  intent: string;
  steps: string;
  regimens: string[];
  rationale: string;
  delayReason: string;
} {
  const draft = recommendation.draftPlan;
  const current = recommendation.proposedPlan;
  return {
    branch: current?.branch ?? draft?.primaryBranch.code ?? recommendation.primaryBranch ?? '',
    intent: current?.intent ?? '',
    steps: (current?.steps ?? (draft?.primaryBranch.steps ?? []).map((step) => step.description)).join('\n'),
    regimens: current?.regimens ?? [],
    rationale: current?.rationale ?? draft?.primaryBranch.rationale ?? '',
    delayReason: current?.systemicDelayReason ?? '',
  };
}

/** A regimen the proposal may name, with the pathway's verdict on it. */
export interface RegimenChoice {
  code: string;
  note: string;
  reason: string | undefined;
  forbidden: boolean;
}

/**
 * The pathway's systemic regimens for this case: preferred, allowed, not advised, then those it
 * forbids; each once, radiotherapy schedules left out (they are steps, not regimens).
 */
export function regimenChoices(
  verdictsOf: NonNullable<RecommendationDetail['draftPlan']>['regimens'] | undefined,
): RegimenChoice[] {
  return [
    ...(verdictsOf?.preferred ?? []).map((decision) => ({
      code: decision.regimen,
      note: 'preferred',
      reason: decision.reason,
      forbidden: false,
    })),
    ...(verdictsOf?.allowed ?? []).map((decision) => ({
      code: decision.regimen,
      note: 'allowed',
      reason: decision.reason,
      forbidden: false,
    })),
    // The colon pathway also says which regimens it does not advise (allowed, with the reason).
    ...(verdictsOf && 'not-advised' in verdictsOf ? (verdictsOf['not-advised'] ?? []) : []).map((decision) => ({
      code: decision.regimen,
      note: 'not advised',
      reason: decision.reason,
      forbidden: false,
    })),
    ...(verdictsOf?.forbidden ?? []).map((decision) => ({
      code: decision.regimen,
      note: 'forbidden by the pathway',
      reason: decision.reason,
      forbidden: true,
    })),
  ].filter(
    (choice, index, all) =>
      all.findIndex((other) => other.code === choice.code) === index &&
      !/^(SCRT|LCCRT|PALLIATIVE_RT)/.test(choice.code),
  );
}
