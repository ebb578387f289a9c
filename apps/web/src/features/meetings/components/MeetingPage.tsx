import { MeetingForm } from './MeetingForm';
import { MeetingPlace } from './MeetingPlace';
import { useEffect, useState, type ReactNode } from 'react';
import { api, apiWithHeaders, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { Me } from '../../../types';
import { AgendaBuilder } from './AgendaBuilder';
import { DelegatePicker } from './MeetingDelegate';

/**
 * One meeting: its details (editable by the coordinator while it is open), starting and closing
 * it, and its agenda (any meeting's, not only the next one's).
 */
export function MeetingPage({ meetingId, me }: { meetingId: string; me: Me }): ReactNode {
  const isCoordinator = me.roles.includes('COORDINATOR');
  const [tick, setTick] = useState(0);
  const loaded = useLoad(() => apiWithHeaders('GET', '/meetings/{id}', { path: { id: meetingId } }), [meetingId, tick]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => setError(null), [meetingId]);

  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <p>Loading the meeting…</p>;
  const meeting = loaded.data.data;
  const open = meeting.status === 'PLANNED' || meeting.status === 'IN_PROGRESS';
  const move = async (status: 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED', done: string): Promise<void> => {
    setError(null);
    try {
      await api('POST', '/meetings/{id}/status', { path: { id: meetingId }, body: { status } });
      setNotice(done);
      setTick((value) => value + 1);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <>
      <h1>
        {meeting.title}, {formatDateTime(meeting.startsAt)}
      </h1>
      <p data-testid="meeting-summary">
        {humanize(meeting.status)}, {meeting.durationMinutes} minutes
        {meeting.chairName ? `, chaired by ${meeting.chairName}` : ', no chair yet'}
        {meeting.delegateName ? ` (delegate: ${meeting.delegateName})` : ''}. <MeetingPlace meeting={meeting} />
      </p>
      {open && meeting.chairId && (isCoordinator || meeting.chairId === me.id) ? (
        <DelegatePicker
          key={meeting.version}
          meeting={meeting}
          etag={loaded.data.etag}
          onSaved={() => setTick((value) => value + 1)}
        />
      ) : null}
      <p>
        <a href={`#/meeting/${meeting.id}`}>Open meeting mode</a> ·{' '}
        <a href={`#/meeting/${meeting.id}/present`}>Presentation view</a> ·{' '}
        <a href={`#/meetings/${meeting.id}/attendance`}>Attendance check-in</a> · <a href="#/meetings">All meetings</a>
      </p>
      {isCoordinator && open ? (
        <p className="inline-form">
          {meeting.status === 'PLANNED' ? (
            <>
              <button type="button" onClick={() => void move('IN_PROGRESS', 'The meeting has started.')}>
                Start the meeting
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => void move('CANCELLED', 'The meeting is cancelled.')}
              >
                Cancel the meeting
              </button>
            </>
          ) : (
            <button type="button" className="secondary" onClick={() => void move('CLOSED', 'The meeting is closed.')}>
              Close the meeting
            </button>
          )}
        </p>
      ) : null}
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      <div className="columns">
        {isCoordinator && open ? (
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <MeetingForm
              key={meeting.version}
              boardId={meeting.boardId}
              meeting={meeting}
              etag={loaded.data.etag}
              onSaved={() => setTick((value) => value + 1)}
            />
          </section>
        ) : null}
        <section aria-labelledby="meeting-agenda-heading">
          <h2 id="meeting-agenda-heading">Agenda</h2>
          {isCoordinator && open ? (
            <AgendaBuilder meetingId={meeting.id} showMeeting={false} onChanged={() => setTick((value) => value + 1)} />
          ) : (
            <AgendaOutline meetingId={meeting.id} />
          )}
        </section>
      </div>
    </>
  );
}

/** The agenda as a read-only list (past meetings; clinicians): case, time, and what became of it. */
export function AgendaOutline({ meetingId }: { meetingId: string }): ReactNode {
  const agenda = useLoad(() => api('GET', '/meetings/{id}/agenda', { path: { id: meetingId } }), [meetingId]);
  if (agenda.error) return <ErrorMessage error={agenda.error} />;
  if (!agenda.data) return <p>Loading the agenda…</p>;
  if (agenda.data.items.length === 0) return <p>The agenda is empty.</p>;
  return (
    <ol className="notifications" data-testid="agenda-outline">
      {agenda.data.items.map((entry) => (
        <li key={entry.item.id}>
          <strong className="reference">{entry.case.reference}</strong> {entry.patient.name},{' '}
          {entry.item.minutesAllotted} min · {humanize(entry.case.status)}
        </li>
      ))}
    </ol>
  );
}
