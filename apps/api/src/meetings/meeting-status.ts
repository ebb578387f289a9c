import type { MeetingStatus } from '@prisma/client';

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
