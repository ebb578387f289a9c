import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { VoteChoice } from '@prisma/client';
import type { AuditActor } from '@consilium/audit';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { MeetingEventsService } from '../meeting-events/meeting-events.service';
import { VOTING_RULE } from '../meetings/meeting-status';
import { consensusReached } from './consensus';
import type { TallyDto, VoteDto } from './dto/vote.dto';
import { quorumOf } from './quorum';
import { VotesRepository, type CastOutcome } from './votes.repository';

/** Votes on the board's proposal, and the live tally with quorum and consensus. */
@Injectable()
export class VotesService {
  constructor(
    private readonly votes: VotesRepository,
    private readonly events: MeetingEventsService,
  ) {}

  /**
   * One vote per attending clinician per round (a unique constraint makes it so). A hot path
   * during the meeting: one statement for the vote, one for the tally, then the live event.
   */
  async vote(id: string, input: VoteDto, user: AuthenticatedUser, actor: AuditActor): Promise<TallyDto> {
    let outcome: CastOutcome | undefined;
    try {
      outcome = await this.votes.cast(id, { voteId: randomUUID(), voterId: user.id, voterSpecialty: user.specialty, choice: input.choice, comment: input.comment ?? null }, actor);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ConflictException('you have already voted in this round');
      throw error;
    }
    if (!outcome) throw new NotFoundException('recommendation not found');
    if (outcome.status !== 'PROPOSED' || !outcome.meeting_id) throw new ConflictException('voting is not open on this recommendation');
    if (!outcome.voting_open) throw new ConflictException(`voting is closed: ${VOTING_RULE}`);
    if (!outcome.attending) throw new ForbiddenException('only clinicians checked in at the meeting can vote');
    if (!outcome.voted) throw new ConflictException('voting is not open on this recommendation');
    const tally = await this.tally(id);
    await this.events.publish({ kind: 'tally', meetingId: outcome.meeting_id, recommendationId: id, round: tally.round });
    return tally;
  }

  /** The live tally of the current round, with quorum and the board's consensus rule (one statement). */
  async tally(id: string): Promise<TallyDto> {
    const rec = await this.votes.tallyRow(id);
    if (!rec) throw new NotFoundException('recommendation not found');
    const votes = rec.votes;
    const count = (choice: VoteChoice) => votes.filter((vote) => vote.choice === choice).length;
    const quorum = quorumOf(rec.required ?? [], rec.present.map((specialty) => ({ specialty })));
    return {
      round: rec.round,
      approve: count('APPROVE'),
      approveWithChanges: count('APPROVE_WITH_CHANGES'),
      reject: count('REJECT'),
      abstain: count('ABSTAIN'),
      consensus: consensusReached(votes, rec.consensus_numerator, rec.consensus_denominator),
      quorate: rec.meeting_id !== null && quorum.quorate,
      missingSpecialties: quorum.missingSpecialties,
      votes: votes.map((vote) => ({ voterId: vote.voter_id, voter: vote.voter, specialty: vote.specialty, choice: vote.choice, comment: vote.comment, at: new Date(vote.created_at).toISOString() })),
    };
  }

}
