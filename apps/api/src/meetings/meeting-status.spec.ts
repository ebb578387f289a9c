import type { MeetingStatus } from '@prisma/client';
import { canMoveMeeting, checkInOpen, votingOpen } from './meeting-status';

describe(canMoveMeeting.name, () => {
  it.each<[MeetingStatus, MeetingStatus, boolean]>([
    ['PLANNED', 'IN_PROGRESS', true],
    ['PLANNED', 'CANCELLED', true],
    ['PLANNED', 'CLOSED', false],
    ['IN_PROGRESS', 'CLOSED', true],
    ['IN_PROGRESS', 'PLANNED', false],
    ['IN_PROGRESS', 'CANCELLED', false],
    ['CLOSED', 'IN_PROGRESS', false],
    ['CANCELLED', 'PLANNED', false],
  ])('%s -> %s: %s', (from, to, allowed) => {
    expect(canMoveMeeting(from, to)).toBe(allowed);
  });
});

describe('when the board may vote and check in', () => {
  const now = new Date('2026-12-03T16:00:00Z');
  const minutes = (offset: number): Date => new Date(now.getTime() + offset * 60_000);
  it.each<[string, MeetingStatus, number, number | null, boolean, boolean]>([
    // label, status, start (minutes from now), window closes (minutes from now), vote, check in
    ['weeks ahead, no window', 'PLANNED', 3 * 7 * 24 * 60, null, false, false],
    ['weeks ahead, marked in progress early', 'IN_PROGRESS', 3 * 7 * 24 * 60, null, false, false],
    ['starts in 61 minutes', 'PLANNED', 61, null, false, false],
    ['starts in 60 minutes', 'PLANNED', 60, null, false, true],
    ['starts in 16 minutes', 'PLANNED', 16, null, false, true],
    ['starts in 15 minutes', 'PLANNED', 15, null, true, true],
    ['started an hour ago', 'IN_PROGRESS', -60, null, true, true],
    ['began yesterday, still open', 'IN_PROGRESS', -25 * 60, null, true, true],
    ['closed', 'CLOSED', -60, null, false, false],
    ['cancelled', 'CANCELLED', -60, null, false, false],
    ['weeks ahead, voting window open', 'PLANNED', 3 * 7 * 24 * 60, 60, true, true],
    ['weeks ahead, voting window over', 'PLANNED', 3 * 7 * 24 * 60, -1, false, false],
    ['closed, voting window open', 'CLOSED', -24 * 60, 60, true, false],
    ['cancelled, voting window open', 'CANCELLED', 60, 60, false, false],
  ])('%s (%s)', (_label, status, start, window, vote, checkIn) => {
    const meeting = { status, startsAt: minutes(start), votingOpenUntil: window === null ? null : minutes(window) };
    expect([votingOpen(meeting, now), checkInOpen(meeting, now)]).toEqual([vote, checkIn]);
  });
});
