import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { VOTING_RULE } from '../meetings/meeting-status';
import type { CastOutcome } from './votes.repository';

/**
 * Turns what the vote statement found into the refusal the voter sees, most telling first;
 * returns only when the vote went in.
 */
export function assertVoteCounted(
  outcome: CastOutcome | undefined,
): asserts outcome is CastOutcome & { meeting_id: string } {
  if (!outcome) throw new NotFoundException('recommendation not found');
  if (outcome.status !== 'PROPOSED' || !outcome.meeting_id)
    throw new ConflictException('voting is not open on this recommendation');
  if (!outcome.voting_open) throw new ConflictException(`voting is closed: ${VOTING_RULE}`);
  if (!outcome.attending) throw new ForbiddenException('only clinicians checked in at the meeting can vote');
  if (!outcome.voted) throw new ConflictException('voting is not open on this recommendation');
}
