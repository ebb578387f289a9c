import { type ReactNode } from 'react';
import { api } from '../../../api';
import { currentBoardId } from '../api/boards';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import { navigate } from '../../../router';
import type { Me, Meeting } from '../../../types';
import { MeetingForm } from './MeetingForm';

const PAST_SHOWN = 20;

/**
 * The board's meetings: upcoming ones (each opens its details and agenda), past ones, and for
 * the coordinator a form that schedules a new one.
 */
export function MeetingsPage({ me }: { me: Me }): ReactNode {
  const isCoordinator = me.roles.includes('COORDINATOR');
  const board = useLoad(() => currentBoardId(me), [me.id]);
  const boardId = board.data;
  // A year back is enough for "past meetings" and keeps the list short.
  const meetings = useLoad(
    async () =>
      boardId
        ? api('GET', '/meetings', { query: { boardId, from: new Date(Date.now() - 365 * 86_400_000).toISOString() } })
        : [],
    [boardId],
  );
  const now = Date.now();
  const all = meetings.data ?? [];
  const upcoming = all.filter(
    (meeting) =>
      meeting.status === 'IN_PROGRESS' ||
      (meeting.status === 'PLANNED' && new Date(meeting.endsAt).getTime() > now - 86_400_000),
  );
  const past = all
    .filter((meeting) => !upcoming.includes(meeting))
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
    .slice(0, PAST_SHOWN);

  return (
    <>
      <h1>Meetings</h1>
      <ErrorMessage error={board.error ?? meetings.error} />
      <div className="columns">
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Upcoming meetings</h2>
          {meetings.loading && !meetings.data ? (
            <p>Loading…</p>
          ) : (
            <MeetingTable meetings={upcoming} empty="No upcoming meeting." testId="meetings-upcoming" />
          )}
          <h2 id="past-heading">Past meetings</h2>
          {meetings.data ? <MeetingTable meetings={past} empty="No past meeting." testId="meetings-past" /> : null}
        </section>
        {isCoordinator && boardId ? (
          <section aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">Schedule a meeting</h2>
            <MeetingForm boardId={boardId} onSaved={(saved) => navigate(`/meetings/${saved.id}`)} />
          </section>
        ) : null}
      </div>
    </>
  );
}

function MeetingTable({ meetings, empty, testId }: { meetings: Meeting[]; empty: string; testId: string }): ReactNode {
  if (meetings.length === 0) return <p>{empty}</p>;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Meeting</th>
          <th scope="col">When</th>
          <th scope="col">Status</th>
          <th scope="col">Cases</th>
        </tr>
      </thead>
      <tbody>
        {meetings.map((meeting) => (
          <tr key={meeting.id} data-testid="meeting-row">
            <td>
              <a href={`#/meetings/${meeting.id}`}>{meeting.title}</a>
            </td>
            <td>{formatDateTime(meeting.startsAt)}</td>
            <td>{humanize(meeting.status)}</td>
            <td>{meeting.agendaItemCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
