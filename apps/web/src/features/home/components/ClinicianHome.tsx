import type { ReactNode } from 'react';
import { api } from '../../../api';
import { upcomingMeetings } from '../../meetings/api/boards';
import { branchText } from '../../cases/clinical';
import { ErrorMessage, formatDateTime, humanize, ReadinessBadge } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { Me, Meeting } from '../../../types';
import { MeetingPlace } from '../../meetings/components/MeetingPlace';
import { NotificationsPage } from '../../notifications/components/NotificationsPage';

const SHOWN_MEETINGS = 5;

export function ClinicianHome({ me }: { me: Me }): ReactNode {
  const meetings = useLoad(async () => (await upcomingMeetings()).slice(0, SHOWN_MEETINGS), [me.id]);
  const next = meetings.data?.[0] ?? null;
  return (
    <>
      <h1>Welcome, {me.displayName}</h1>
      <div className="columns">
        <section aria-labelledby="meetings-heading">
          <h2 id="meetings-heading">Upcoming meetings</h2>
          <ErrorMessage error={meetings.error} />
          {meetings.data === null ? (
            meetings.loading ? (
              <p>Loading…</p>
            ) : null
          ) : meetings.data.length === 0 ? (
            <p>No upcoming meeting.</p>
          ) : (
            <ul className="notifications" data-testid="upcoming-meetings">
              {meetings.data.map((meeting) => (
                <li key={meeting.id} data-testid="upcoming-meeting">
                  <p>
                    <strong>{meeting.title}</strong>, {formatDateTime(meeting.startsAt)} ({humanize(meeting.status)},{' '}
                    {meeting.agendaItemCount} {meeting.agendaItemCount === 1 ? 'case' : 'cases'})
                    {meeting.chairId === me.id ? ' — you chair it' : ''}
                  </p>
                  {meeting.location || meeting.videoLink ? (
                    <p>
                      <MeetingPlace meeting={meeting} />
                    </p>
                  ) : null}
                  <p>
                    <a
                      href={`#/meeting/${meeting.id}`}
                      aria-label={`Open meeting mode for ${meeting.title} on ${formatDateTime(meeting.startsAt)}`}
                    >
                      Open meeting mode
                    </a>
                    {' · '}
                    <a
                      href={`#/meetings/${meeting.id}/attendance`}
                      aria-label={`Attendance and check-in for ${meeting.title} on ${formatDateTime(meeting.startsAt)}`}
                    >
                      Attendance
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="review-heading">
          <h2 id="review-heading">Cases to review</h2>
          {next ? (
            <CasesToReview meeting={next} me={me} />
          ) : meetings.loading ? (
            <p>Loading…</p>
          ) : (
            <p>Nothing to review: no upcoming meeting.</p>
          )}
        </section>
      </div>
      <NotificationsPage headingLevel={2} />
    </>
  );
}

/** The agenda of the next meeting: what each case asks, whether it is ready, its draft plan. */
function CasesToReview({ meeting, me }: { meeting: Meeting; me: Me }): ReactNode {
  const agenda = useLoad(() => api('GET', '/meetings/{id}/agenda', { path: { id: meeting.id } }), [meeting.id]);
  if (agenda.error) return <ErrorMessage error={agenda.error} />;
  if (!agenda.data) return <p>Loading the agenda…</p>;
  if (agenda.data.items.length === 0)
    return (
      <p>
        The agenda of {meeting.title} on {formatDateTime(meeting.startsAt)} is empty.
      </p>
    );
  return (
    <>
      <p>
        On the agenda of {meeting.title}, {formatDateTime(meeting.startsAt)}:
      </p>
      <ol className="notifications">
        {agenda.data.items.map((entry) => (
          <li key={entry.item.id} data-testid="review-case">
            <p>
              <strong className="reference">{entry.case.reference}</strong> {entry.patient.name}{' '}
              <ReadinessBadge readiness={entry.readiness} status={entry.case.status} />
            </p>
            <p>{entry.case.questionForBoard ?? 'No question for the board yet.'}</p>
            <p className="muted">
              {entry.draftPlan
                ? `Draft plan v${entry.draftPlan.draftVersion} (${humanize(entry.draftPlan.status)}): ${entry.draftPlan.primaryBranch ? branchText(entry.draftPlan.pathwayId, entry.draftPlan.primaryBranch) : 'board-authored plan'}`
                : 'No draft plan yet'}
              {entry.item.presenter
                ? ` · presented by ${entry.item.presenter.id === me.id ? 'you' : entry.item.presenter.displayName}`
                : ''}{' '}
              · {entry.item.minutesAllotted} min
            </p>
          </li>
        ))}
      </ol>
      <p>
        <a href={`#/meeting/${meeting.id}`}>Review the cases in meeting mode</a>
      </p>
    </>
  );
}
