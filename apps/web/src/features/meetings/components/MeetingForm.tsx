import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../../api';
import { placeErrors } from '../../../components/form/field-errors';
import { ErrorMessage, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { BoardMember, Meeting } from '../../../types';
import { FieldMessage } from '../../../components/form/fields';

/** An instant as the value of a datetime-local input (local time, minutes). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Create (no `meeting`) or edit (with its ETag) a meeting: title, time, length, room, video link, chair. */
export function MeetingForm({
  boardId,
  meeting,
  etag,
  onSaved,
}: {
  boardId: string;
  meeting?: Meeting;
  etag?: string | null;
  onSaved: (saved: Meeting) => void;
}): ReactNode {
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
      const common = {
        startsAt: start.toISOString(),
        durationMinutes: Number(duration),
        ...(title.trim() ? { title: title.trim() } : {}),
      };
      const saved = meeting
        ? await api('PATCH', '/meetings/{id}', {
            path: { id: meeting.id },
            body: {
              ...common,
              location: location.trim() || null,
              videoLink: videoLink.trim() || null,
              chairId: chairId || null,
            },
            headers: etag ? { 'if-match': etag } : {},
          })
        : await api('POST', '/meetings', {
            body: {
              boardId,
              ...common,
              ...(location.trim() ? { location: location.trim() } : {}),
              ...(videoLink.trim() ? { videoLink: videoLink.trim() } : {}),
              ...(chairId ? { chairId } : {}),
            },
          });
      setNotice(meeting ? 'Meeting saved.' : 'Meeting scheduled.');
      onSaved(saved);
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const { placed, rest } = placeErrors(caught.errors, [
          'title',
          'startsAt',
          'durationMinutes',
          'location',
          'videoLink',
          'chairId',
        ]);
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
    const ids = [hint ? `${prefix}-${name}-hint` : '', errors[name] ? `${prefix}-${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return { ...(errors[name] ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
  };

  return (
    <form
      className="meeting-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-label={meeting ? 'Edit the meeting' : 'Schedule a meeting'}
    >
      {field(
        'title',
        'Title',
        <input
          id={`${prefix}-title`}
          value={title}
          maxLength={200}
          placeholder="The board's name"
          onChange={(event) => setTitle(event.target.value)}
          {...described('title')}
        />,
      )}
      {field(
        'startsAt',
        'Starts at',
        <input
          id={`${prefix}-startsAt`}
          type="datetime-local"
          required
          value={startsAt}
          onChange={(event) => setStartsAt(event.target.value)}
          {...described('startsAt')}
        />,
      )}
      {field(
        'durationMinutes',
        'Length (minutes)',
        <input
          id={`${prefix}-durationMinutes`}
          type="number"
          min={15}
          max={600}
          value={duration}
          onChange={(event) => setDuration(event.target.value)}
          {...described('durationMinutes')}
        />,
      )}
      {field(
        'location',
        'Room',
        <input
          id={`${prefix}-location`}
          value={location}
          maxLength={300}
          onChange={(event) => setLocation(event.target.value)}
          {...described('location')}
        />,
      )}
      {field(
        'videoLink',
        'Video link',
        <input
          id={`${prefix}-videoLink`}
          type="url"
          value={videoLink}
          maxLength={2000}
          placeholder="https://"
          onChange={(event) => setVideoLink(event.target.value)}
          {...described('videoLink', true)}
        />,
        'An https address; clinicians see it on their home page and in meeting mode.',
      )}
      {field(
        'chairId',
        'Chair',
        <select
          id={`${prefix}-chairId`}
          value={chairId}
          onChange={(event) => setChairId(event.target.value)}
          {...described('chairId')}
        >
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
