import type { VoteChoice } from '@prisma/client';
import { consensusReached } from './consensus';
import type { TallyDto } from './dto/vote.dto';
import { quorumOf } from './quorum';
import type { TallyRow } from './votes.repository';

/**
 * The tally of a round: votes counted by choice, the board's consensus rule, and quorum among
 * those still in the room. A recommendation not yet put to a meeting is never quorate.
 */
export function tallyOf(row: TallyRow): TallyDto {
  const count = (choice: VoteChoice): number => row.votes.filter((vote) => vote.choice === choice).length;
  const quorum = quorumOf(
    row.required ?? [],
    row.present.map((specialty) => ({ specialty })),
  );
  return {
    round: row.round,
    approve: count('APPROVE'),
    approveWithChanges: count('APPROVE_WITH_CHANGES'),
    reject: count('REJECT'),
    abstain: count('ABSTAIN'),
    consensus: consensusReached(row.votes, row.consensus_numerator, row.consensus_denominator),
    quorate: row.meeting_id !== null && quorum.quorate,
    missingSpecialties: quorum.missingSpecialties,
    votes: row.votes.map((vote) => ({
      voterId: vote.voter_id,
      voter: vote.voter,
      specialty: vote.specialty,
      choice: vote.choice,
      comment: vote.comment,
      at: new Date(vote.created_at).toISOString(),
    })),
  };
}
