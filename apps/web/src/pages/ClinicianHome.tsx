import type { ReactNode } from 'react';
import { currentBoardId, upcomingMeeting } from '../boards';
import { ErrorMessage, formatDateTime, humanize } from '../components';
import { useLoad } from '../hooks';
import type { Me } from '../types';
import { NotificationsPage } from './NotificationsPage';

export function ClinicianHome({ me }: { me: Me }): ReactNode {
  const meeting = useLoad(async () => {
    const boardId = await currentBoardId(me);
    return boardId ? upcomingMeeting(boardId) : null;
  }, [me.id]);
  return (
    <>
      <h1>Welcome, {me.displayName}</h1>
      <section aria-labelledby="meeting-heading">
        <h2 id="meeting-heading">Next meeting</h2>
        <ErrorMessage error={meeting.error} />
        {meeting.data ? (
          <p>
            {meeting.data.title}, {formatDateTime(meeting.data.startsAt)} ({humanize(meeting.data.status)}, {meeting.data.agendaItemCount} cases).{' '}
            <a href={`#/meeting/${meeting.data.id}`}>Open meeting mode</a>
          </p>
        ) : meeting.loading ? (
          <p>Loading…</p>
        ) : (
          <p>No upcoming meeting.</p>
        )}
      </section>
      <NotificationsPage headingLevel={2} />
    </>
  );
}
