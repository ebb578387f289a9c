import { createHash, randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuditActor } from '@consilium/audit';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { MeetingEventsService } from '../meeting-events/meeting-events.service';
import type { TallyDto, VoteDto } from './dto/vote.dto';
import { tallyOf } from './tally';
import { assertVoteCounted } from './vote-outcome';
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
  async vote(
    id: string,
    input: VoteDto,
    user: AuthenticatedUser,
    actor: AuditActor,
    idempotencyKey?: string,
  ): Promise<TallyDto> {
    let outcome: CastOutcome | undefined;
    const voteId = idempotencyKey === undefined ? randomUUID() : voteIdFor(user.id, idempotencyKey);
    try {
      outcome = await this.votes.cast(
        id,
        {
          voteId,
          voterId: user.id,
          voterSpecialty: user.specialty,
          choice: input.choice,
          comment: input.comment ?? null,
        },
        actor,
      );
    } catch (error) {
      // A retry of a request whose answer was lost (its process died): the vote it cast is this one.
      if (
        (error as { code?: string }).code === '23505' &&
        idempotencyKey !== undefined &&
        (await this.votes.isCurrentVote(voteId, id, user.id))
      )
        return this.tally(id);
      // Otherwise a second vote in the round breaks a unique index: the problem filter answers 409.
      throw error;
    }
    assertVoteCounted(outcome);
    const tally = await this.tally(id);
    await this.events.publish({
      kind: 'tally',
      meetingId: outcome.meeting_id,
      recommendationId: id,
      round: tally.round,
    });
    return tally;
  }

  /**
   * The voter changes their vote of the current round, explicitly (casting twice is refused):
   * 404 when they have not voted in it, the same refusals as a vote otherwise; audited.
   */
  async change(id: string, input: VoteDto, user: AuthenticatedUser, actor: AuditActor): Promise<TallyDto> {
    const outcome = await this.votes.change(
      id,
      { voterId: user.id, choice: input.choice, comment: input.comment ?? null },
      actor,
    );
    if (outcome && !outcome.had_vote && outcome.status === 'PROPOSED')
      throw new NotFoundException('you have not voted in this round: cast a vote instead');
    assertVoteCounted(outcome);
    const tally = await this.tally(id);
    await this.events.publish({
      kind: 'tally',
      meetingId: outcome.meeting_id,
      recommendationId: id,
      round: tally.round,
    });
    return tally;
  }

  /** The live tally of the current round, with quorum and the board's consensus rule (one statement). */
  async tally(id: string): Promise<TallyDto> {
    const row = await this.votes.tallyRow(id);
    if (!row) throw new NotFoundException('recommendation not found');
    return tallyOf(row);
  }
}

/** The id of the vote a request with this Idempotency-Key casts (a UUID from a SHA-256, RFC 9562 version 8), so a retry recognises it. */
export function voteIdFor(userId: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`vote:${userId}:${idempotencyKey}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
