/** A Markdown rendering of what the tumour board signed: the decision, not the pathway's draft. */
import type { IsoDate } from '../core/dates';
import { BRANCH_TITLES } from './branches';
import type { BranchCode } from './codes';

export type BoardVoteChoice = 'APPROVE' | 'APPROVE_WITH_CHANGES' | 'REJECT' | 'ABSTAIN';

/** The signed decision as plain data (the caller reads it from its store). */
export interface BoardDecision {
  /** The meeting's day: the board decision is dated from the meeting, not from the signing clock. */
  readonly meetingDate: IsoDate;
  readonly meetingTitle: string;
  readonly signedBy: string;
  /** ISO 8601 instant. */
  readonly signedAt: string;
  readonly round: number;
  readonly votes: readonly {
    readonly voter: string;
    readonly specialty: string | null;
    readonly choice: BoardVoteChoice;
    readonly comment: string | null;
  }[];
  /** The pathway's primary branch for the case (what the draft proposed); null without a pathway. */
  readonly pathwayBranch: BranchCode | string | null;
  readonly followsPathway: boolean;
  readonly deviation: { readonly reason: string; readonly text: string | null } | null;
  readonly overrides: readonly { readonly code: string; readonly reason: string }[];
  /** The plan the board signed (the proposal of the signed round). */
  readonly plan: {
    /** null for a board-authored plan (no pathway). */
    readonly branch: BranchCode | string | null;
    readonly intent: string;
    readonly steps: readonly string[];
    readonly regimens: readonly string[];
    readonly rationale: string;
    readonly systemicDelayReason?: string | null;
  };
}

const CHOICES: readonly [BoardVoteChoice, string][] = [
  ['APPROVE', 'for'],
  ['APPROVE_WITH_CHANGES', 'for with changes'],
  ['REJECT', 'against'],
  ['ABSTAIN', 'abstaining'],
];

const rectalTitle = (code: string): string => BRANCH_TITLES[code as BranchCode] ?? code;

/**
 * Renders the board's decision: meeting date, who signed and when, the votes by name, the
 * departure from the pathway with its coded reason, and the plan signed. The draft stays the
 * draft (renderPlanSummary); this is the record of what the board decided.
 */
export function renderDecisionSummary(
  decision: BoardDecision,
  branchTitle: (code: string) => string = rectalTitle,
): string {
  const { plan } = decision;
  const branchLabel = (code: string): string => `${branchTitle(code)} (\`${code}\`)`;
  const lines: string[] = [];
  lines.push(`# Board decision of ${decision.meetingDate}`);
  lines.push(
    `${decision.meetingTitle}. Signed off by ${decision.signedBy} at ${decision.signedAt} (voting round ${decision.round}).`,
  );
  lines.push('');
  lines.push(
    `**Decided:** ${plan.branch === null ? 'a board-authored plan' : branchLabel(plan.branch)}, intent ${plan.intent}`,
  );
  lines.push(plan.rationale);
  lines.push('');
  lines.push(
    decision.pathwayBranch === null
      ? '**Pathway:** none applies; the board authored the plan.'
      : decision.followsPathway || decision.deviation === null
        ? `**Pathway:** follows the pathway's primary branch.`
        : `**Departs from the pathway** (which proposed ${branchLabel(decision.pathwayBranch)}): ${decision.deviation.reason}${decision.deviation.text ? `: ${decision.deviation.text}` : ''}`,
  );
  lines.push('');
  lines.push('## Votes');
  lines.push(
    CHOICES.map(([choice, label]) => `${decision.votes.filter((vote) => vote.choice === choice).length} ${label}`).join(
      ', ',
    ),
  );
  for (const [choice, label] of CHOICES) {
    for (const vote of decision.votes.filter((each) => each.choice === choice)) {
      lines.push(
        `- ${label}: ${vote.voter}${vote.specialty ? ` (${vote.specialty})` : ''}${vote.comment ? `: "${vote.comment}"` : ''}`,
      );
    }
  }
  lines.push('');
  lines.push('## The plan signed');
  plan.steps.forEach((step, index) => lines.push(`${index + 1}. ${step}`));
  lines.push(`- Regimens: ${plan.regimens.join(', ') || 'none'}`);
  if (plan.systemicDelayReason) lines.push(`- Systemic therapy deferred: ${plan.systemicDelayReason}`);
  if (decision.overrides.length > 0) {
    lines.push('');
    lines.push('## Findings overridden');
    for (const override of decision.overrides) lines.push(`- \`${override.code}\`: ${override.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
