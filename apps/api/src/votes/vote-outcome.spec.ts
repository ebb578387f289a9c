import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { assertVoteCounted } from './vote-outcome';
import type { CastOutcome } from './votes.repository';

const counted: CastOutcome = {
  status: 'PROPOSED',
  meeting_id: 'meeting-1',
  attending: true,
  voting_open: true,
  voted: true,
};

describe(assertVoteCounted.name, () => {
  it('accepts a vote that went in', () => {
    expect(() => assertVoteCounted(counted)).not.toThrow();
  });

  it.each<[string, CastOutcome | undefined, new (...args: never[]) => Error, string]>([
    ['no such recommendation', undefined, NotFoundException, 'recommendation not found'],
    [
      'a draft',
      { ...counted, status: 'DRAFT', voted: false },
      ConflictException,
      'voting is not open on this recommendation',
    ],
    [
      'no meeting',
      { ...counted, meeting_id: null, voted: false },
      ConflictException,
      'voting is not open on this recommendation',
    ],
    [
      'outside the voting window, even for someone not checked in',
      { ...counted, voting_open: false, attending: false, voted: false },
      ConflictException,
      'voting is closed',
    ],
    [
      'a voter not checked in',
      { ...counted, attending: false, voted: false },
      ForbiddenException,
      'only clinicians checked in at the meeting can vote',
    ],
    [
      'nothing inserted although everything looked open',
      { ...counted, voted: false },
      ConflictException,
      'voting is not open on this recommendation',
    ],
  ])('refuses %s', (_name, outcome, type, message) => {
    expect(() => assertVoteCounted(outcome)).toThrow(type);
    expect(() => assertVoteCounted(outcome)).toThrow(message);
  });
});
