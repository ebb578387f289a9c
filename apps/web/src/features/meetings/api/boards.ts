import { api } from '../../../api';
import type { Me, Meeting } from '../../../types';

/** The board the signed-in user works on: the first of theirs, else the first visible one. */
export async function currentBoardId(me: Me): Promise<string | null> {
  if (me.boardIds.length > 0) return me.boardIds[0] ?? null;
  const boards = await api('GET', '/boards');
  return boards[0]?.id ?? null;
}

/** Meetings not over (of one board, or of all the user's): in progress first, then by start. */
export async function upcomingMeetings(boardId?: string): Promise<Meeting[]> {
  const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const meetings = await api('GET', '/meetings', { query: { from, ...(boardId ? { boardId } : {}) } });
  return meetings
    .filter((meeting) => meeting.status === 'IN_PROGRESS' || meeting.status === 'PLANNED')
    .sort((a, b) =>
      a.status === b.status ? a.startsAt.localeCompare(b.startsAt) : a.status === 'IN_PROGRESS' ? -1 : 1,
    );
}

/** The next meeting of the board that is not over (in progress first, else the soonest planned). */
export async function upcomingMeeting(boardId: string): Promise<Meeting | null> {
  return (await upcomingMeetings(boardId))[0] ?? null;
}
