import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, apiWithHeaders, messageOf } from '../../../api';
import { placeErrors } from '../../../components/form/field-errors';
import { currentBoardId } from '../api/boards';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import { navigate } from '../../../router';
import type { BoardMember, Me, Meeting } from '../../../types';
import { AgendaBuilder } from './AgendaBuilder';
import { DelegatePicker } from './MeetingDelegate';
import { FieldMessage } from '../../../components/form/fields';

const PAST_SHOWN = 20;

/** An instant as the value of a datetime-local input (local time, minutes). */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A meeting's place: the room, and the video link as a link. */
export function MeetingPlace({ meeting }: { meeting: Pick<Meeting, 'location' | 'videoLink' | 'title'> }): ReactNode {
  return (
    <>
      {meeting.location ? <span data-testid="meeting-location">Room: {meeting.location}</span> : null}
      {meeting.location && meeting.videoLink ? ' · ' : null}
      {meeting.videoLink ? (
        <a href={meeting.videoLink} target="_blank" rel="noreferrer" data-testid="video-link" aria-label={`Join by video: ${meeting.title} (opens in a new tab)`}>
          Join by video
        </a>
      ) : null}
    </>
  );
}

/**
 * The board's meetings: upcoming ones (each opens its details and agenda), past ones, and for
 * the coordinator a form that schedules a new one.
 */
export function MeetingsPage({ me }: { me: Me }): ReactNode {
  const isCoordinator = me.roles.includes('COORDINATOR');
  const board = useLoad(() => currentBoardId(me), [me.id]);
  const boardId = board.data;
  // A year back is enough for "past meetings" and keeps the list short.
  const meetings = useLoad(async () => (boardId ? api('GET', '/meetings', { query: { boardId, from: new Date(Date.now() - 365 * 86_400_000).toISOString() } }) : []), [boardId]);
  const now = Date.now();
  const all = meetings.data ?? [];
  const upcoming = all.filter((meeting) => meeting.status === 'IN_PROGRESS' || (meeting.status === 'PLANNED' && new Date(meeting.endsAt).getTime() > now - 86_400_000));
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
          {meetings.loading && !meetings.data ? <p>Loading…</p> : <MeetingTable meetings={upcoming} empty="No upcoming meeting." testId="meetings-upcoming" />}
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

/** Create (no `meeting`) or edit (with its ETag) a meeting: title, time, length, room, video link, chair. */
function MeetingForm({ boardId, meeting, etag, onSaved }: { boardId: string; meeting?: Meeting; etag?: string | null; onSaved: (saved: Meeting) => void }): ReactNode {
  const members = useLoad(() => api('GET', '/boards/{id}/members', { path: { id: boardId } }), [boardId]);
  const chairs = (members.data ?? []).filter((member: BoardMember) => member.roles.includes('CLINICIAN'));
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [startsAt, setStartsAt] = useState(meeting ? toLocalInput(meeting.startsAt) : '');
  const [duration, setDuration] = useState(String(meeting?.durationMinutes ?? 90));
  const [location, setLocation] = useState(meeting?.location ?? '');
  const [videoLink, setVideoLink] = useState(meeting?.videoLink ?? '');
  const [chairId, setChairId] = useState(meeting?.chairId ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const prefix = meeting ? 'edit-meeting' : 'new-meeting';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    setNotice('');
    const start = startsAt ? new Date(startsAt) : null;
    if (!start || Number.isNaN(start.getTime())) {
      setErrors({ startsAt: 'startsAt must be a date and time' });
      setBusy(false);
      return;
    }
    try {
      const common = { startsAt: start.toISOString(), durationMinutes: Number(duration), ...(title.trim() ? { title: title.trim() } : {}) };
      const saved = meeting
        ? await api('PATCH', '/meetings/{id}', {
            path: { id: meeting.id },
            body: { ...common, location: location.trim() || null, videoLink: videoLink.trim() || null, chairId: chairId || null },
            headers: etag ? { 'if-match': etag } : {},
          })
        : await api('POST', '/meetings', { body: { boardId, ...common, ...(location.trim() ? { location: location.trim() } : {}), ...(videoLink.trim() ? { videoLink: videoLink.trim() } : {}), ...(chairId ? { chairId } : {}) } });
      setNotice(meeting ? 'Meeting saved.' : 'Meeting scheduled.');
      onSaved(saved);
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const { placed, rest } = placeErrors(caught.errors, ['title', 'startsAt', 'durationMinutes', 'location', 'videoLink', 'chairId']);
        setErrors(placed);
        setFailure(rest.length ? rest.join('; ') : null);
      } else if (caught instanceof ApiError && caught.status === 412) {
        setFailure('Not saved: someone changed this meeting first. Reload the page and apply your change again.');
      } else {
        setFailure(messageOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, label: string, input: ReactNode, hint?: string): ReactNode => (
    <div className="field">
      <label htmlFor={`${prefix}-${name}`}>{label}</label>
      {hint ? (
        <span className="muted" id={`${prefix}-${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {input}
      <FieldMessage id={`${prefix}-${name}-error`} message={errors[name]} />
    </div>
  );
  const described = (name: string, hint = false): { 'aria-invalid'?: true; 'aria-describedby'?: string } => {
    const ids = [hint ? `${prefix}-${name}-hint` : '', errors[name] ? `${prefix}-${name}-error` : ''].filter(Boolean).join(' ');
    return { ...(errors[name] ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
  };

  return (
    <form className="meeting-form" noValidate onSubmit={(event) => void submit(event)} aria-label={meeting ? 'Edit the meeting' : 'Schedule a meeting'}>
      {field('title', 'Title', <input id={`${prefix}-title`} value={title} maxLength={200} placeholder="The board's name" onChange={(event) => setTitle(event.target.value)} {...described('title')} />)}
      {field('startsAt', 'Starts at', <input id={`${prefix}-startsAt`} type="datetime-local" required value={startsAt} onChange={(event) => setStartsAt(event.target.value)} {...described('startsAt')} />)}
      {field('durationMinutes', 'Length (minutes)', <input id={`${prefix}-durationMinutes`} type="number" min={15} max={600} value={duration} onChange={(event) => setDuration(event.target.value)} {...described('durationMinutes')} />)}
      {field('location', 'Room', <input id={`${prefix}-location`} value={location} maxLength={300} onChange={(event) => setLocation(event.target.value)} {...described('location')} />)}
      {field('videoLink', 'Video link', <input id={`${prefix}-videoLink`} type="url" value={videoLink} maxLength={2000} placeholder="https://" onChange={(event) => setVideoLink(event.target.value)} {...described('videoLink', true)} />, 'An https address; clinicians see it on their home page and in meeting mode.')}
      {field(
        'chairId',
        'Chair',
        <select id={`${prefix}-chairId`} value={chairId} onChange={(event) => setChairId(event.target.value)} {...described('chairId')}>
          <option value="">No chair yet</option>
          {chairs.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.displayName}
              {member.specialty ? ` (${humanize(member.specialty)})` : ''}
            </option>
          ))}
        </select>,
      )}
      <ErrorMessage error={failure} />
      <p role="status">{notice}</p>
      <button type="submit" disabled={busy}>
        {meeting ? 'Save the meeting' : 'Schedule the meeting'}
      </button>
    </form>
  );
}

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
        {humanize(meeting.status)}, {meeting.durationMinutes} minutes{meeting.chairName ? `, chaired by ${meeting.chairName}` : ', no chair yet'}
        {meeting.delegateName ? ` (delegate: ${meeting.delegateName})` : ''}. <MeetingPlace meeting={meeting} />
      </p>
      {open && meeting.chairId && (isCoordinator || meeting.chairId === me.id) ? <DelegatePicker key={meeting.version} meeting={meeting} etag={loaded.data.etag} onSaved={() => setTick((value) => value + 1)} /> : null}
      <p>
        <a href={`#/meeting/${meeting.id}`}>Open meeting mode</a> · <a href={`#/meeting/${meeting.id}/present`}>Presentation view</a> · <a href={`#/meetings/${meeting.id}/attendance`}>Attendance check-in</a> · <a href="#/meetings">All meetings</a>
      </p>
      {isCoordinator && open ? (
        <p className="inline-form">
          {meeting.status === 'PLANNED' ? (
            <>
              <button type="button" onClick={() => void move('IN_PROGRESS', 'The meeting has started.')}>
                Start the meeting
              </button>
              <button type="button" className="danger" onClick={() => void move('CANCELLED', 'The meeting is cancelled.')}>
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
            <MeetingForm key={meeting.version} boardId={meeting.boardId} meeting={meeting} etag={loaded.data.etag} onSaved={() => setTick((value) => value + 1)} />
          </section>
        ) : null}
        <section aria-labelledby="meeting-agenda-heading">
          <h2 id="meeting-agenda-heading">Agenda</h2>
          {isCoordinator && open ? <AgendaBuilder meetingId={meeting.id} showMeeting={false} onChanged={() => setTick((value) => value + 1)} /> : <AgendaOutline meetingId={meeting.id} />}
        </section>
      </div>
    </>
  );
}

/** The agenda as a read-only list (past meetings; clinicians): case, time, and what became of it. */
function AgendaOutline({ meetingId }: { meetingId: string }): ReactNode {
  const agenda = useLoad(() => api('GET', '/meetings/{id}/agenda', { path: { id: meetingId } }), [meetingId]);
  if (agenda.error) return <ErrorMessage error={agenda.error} />;
  if (!agenda.data) return <p>Loading the agenda…</p>;
  if (agenda.data.items.length === 0) return <p>The agenda is empty.</p>;
  return (
    <ol className="notifications" data-testid="agenda-outline">
      {agenda.data.items.map((entry) => (
        <li key={entry.item.id}>
          <strong className="reference">{entry.case.reference}</strong> {entry.patient.name}, {entry.item.minutesAllotted} min · {humanize(entry.case.status)}
        </li>
      ))}
    </ol>
  );
}
