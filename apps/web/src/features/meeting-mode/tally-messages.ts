import { humanize } from '../../lib/format';
import type { Meeting, Tally } from '../../types';
import type { RecommendationDetail } from './types';

/**
 * What the tally means, in words that never contradict each other: before a proposal there is
 * nothing to count; quorum is about who is checked in, consensus about the votes cast; a
 * consensus without quorum is said to be not enough.
 */
export function tallyMessages(tally: Tally, status: string): { quorum: string; consensus: string } {
  if (status !== 'PROPOSED' && status !== 'SIGNED_OFF') {
    return {
      quorum: 'Quorum is checked when the board votes.',
      consensus: 'No proposal yet: voting starts when the chair saves one.',
    };
  }
  const quorum = tally.quorate
    ? '✓ Quorate: every required specialty is checked in.'
    : `✖ Not quorate: ${tally.missingSpecialties.map(humanize).join(', ') || 'the plan is not put to a meeting'} missing.`;
  const counted = tally.approve + tally.approveWithChanges + tally.reject;
  let consensus: string;
  if (counted === 0) consensus = 'No votes counted yet (abstentions do not count).';
  else if (!tally.consensus)
    consensus = `✖ No consensus yet: ${tally.approve + tally.approveWithChanges} of ${counted} counted votes approve, below the board's rule.`;
  else if (!tally.quorate)
    consensus = `The approvals (${tally.approve + tally.approveWithChanges} of ${counted}) meet the board's rule, but without quorum the board cannot decide.`;
  else consensus = `✓ Consensus: ${tally.approve + tally.approveWithChanges} of ${counted} counted votes approve.`;
  return { quorum, consensus };
}

/** What the API would refuse a sign-off for now, in words (empty: it would accept). */
export function signOffMissing(recommendation: RecommendationDetail, tally: Tally | null, meeting: Meeting): string[] {
  const missing: string[] = [];
  if (recommendation.status !== 'PROPOSED' || !recommendation.proposedPlan)
    missing.push('a saved proposal (the chair saves one)');
  if (!meeting.votingOpen) missing.push('an open vote: the meeting in progress, or a voting window');
  if (tally && !tally.quorate)
    missing.push(`quorum: ${tally.missingSpecialties.map(humanize).join(', ') || 'nobody'} to check in`);
  if (tally && !tally.consensus) missing.push("consensus: approvals meeting the board's rule");
  if (!tally) missing.push('the tally (loading)');
  const overridden = new Set(recommendation.overrides.map((override) => override.code));
  const blocks = [
    ...new Set(
      recommendation.findings
        .filter((finding) => finding.severity === 'block' && !overridden.has(finding.code))
        .map((finding) => finding.code),
    ),
  ];
  if (blocks.length > 0) missing.push(`an override with a reason for each block finding: ${blocks.join(', ')}`);
  return missing;
}
