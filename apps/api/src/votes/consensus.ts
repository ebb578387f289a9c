import type { VoteChoice } from '@prisma/client';

const APPROVALS: readonly VoteChoice[] = ['APPROVE', 'APPROVE_WITH_CHANGES'];

/**
 * The board's consensus rule: approvals (with or without changes) make up at least
 * numerator / denominator of the non-abstaining votes, and at least one vote counts.
 */
export function consensusReached(
  votes: readonly { choice: VoteChoice }[],
  numerator: number,
  denominator: number,
): boolean {
  const counted = votes.filter((vote) => vote.choice !== 'ABSTAIN');
  if (counted.length === 0) return false;
  const approvals = counted.filter((vote) => APPROVALS.includes(vote.choice)).length;
  return approvals * denominator >= numerator * counted.length;
}
