import type { Meeting, MeetingStatus } from '@prisma/client';

/** planned -> in progress -> closed; a meeting that has not started may be cancelled. */
export const MEETING_TRANSITIONS: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  PLANNED: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['CLOSED'],
  CLOSED: [],
  CANCELLED: [],
};

/** Meetings whose agenda may still change; a case sits on at most one of them. */
export const OPEN_MEETING_STATUSES: readonly MeetingStatus[] = ['PLANNED', 'IN_PROGRESS'];

export function canMoveMeeting(from: MeetingStatus, to: MeetingStatus): boolean {
  return MEETING_TRANSITIONS[from].includes(to);
}

/** Check-in opens this long before the scheduled start (people gather, the coordinator checks them in). */
export const CHECK_IN_OPENS_MINUTES = 60;
/** Votes and sign-off open this long before the scheduled start (a meeting may start a little early). */
export const VOTING_OPENS_MINUTES = 15;
/** An asynchronous voting window lasts at most this long. */
export const VOTING_WINDOW_MAX_DAYS = 14;

export const VOTING_RULE = `votes and sign-off are taken while the meeting is in progress (from ${VOTING_OPENS_MINUTES} minutes before its start until it is closed) or in a voting window its chair opens`;
export const CHECK_IN_RULE = `check-in opens ${CHECK_IN_OPENS_MINUTES} minutes before the meeting starts (or with a voting window) and ends when it is closed`;

type Timed = Pick<Meeting, 'status' | 'startsAt' | 'votingOpenUntil'>;

const windowOpen = (meeting: Timed, now: Date): boolean =>
  meeting.status !== 'CANCELLED' && meeting.votingOpenUntil !== null && now < meeting.votingOpenUntil;
const opensAt = (meeting: Timed, minutes: number): Date => new Date(meeting.startsAt.getTime() - minutes * 60_000);

/** The board may vote and the chair sign off: the meeting is in progress, or a voting window is open. */
export function votingOpen(meeting: Timed, now: Date): boolean {
  return (
    windowOpen(meeting, now) ||
    (OPEN_MEETING_STATUSES.includes(meeting.status) && now >= opensAt(meeting, VOTING_OPENS_MINUTES))
  );
}

/** Attendees may be checked in: from an hour before the start, or while a voting window is open, until the meeting is closed. */
export function checkInOpen(meeting: Timed, now: Date): boolean {
  return (
    OPEN_MEETING_STATUSES.includes(meeting.status) &&
    (windowOpen(meeting, now) || now >= opensAt(meeting, CHECK_IN_OPENS_MINUTES))
  );
}

/** The same rule as votingOpen in SQL over a `meetings` row aliased `m` (for the one-statement vote). */
export const VOTING_OPEN_SQL = `(m.status <> 'CANCELLED' AND m.voting_open_until > now()) OR (m.status IN ('PLANNED', 'IN_PROGRESS') AND now() >= m.starts_at - interval '${VOTING_OPENS_MINUTES} minutes')`;
