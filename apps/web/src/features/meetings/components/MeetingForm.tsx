import type { ReactNode } from 'react';
import { api } from '../../../api';
import { ErrorMessage, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { BoardMember, Meeting } from '../../../types';
import { FieldMessage } from '../../../components/form/fields';
import { useMeetingForm } from '../hooks/use-meeting-form';

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
  const { values, set, errors, failure, notice, busy, submit } = useMeetingForm(boardId, meeting, etag, onSaved);
  const prefix = meeting ? 'edit-meeting' : 'new-meeting';

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
          value={values.title}
          maxLength={200}
          placeholder="The board's name"
          onChange={(event) => set('title', event.target.value)}
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
          value={values.startsAt}
          onChange={(event) => set('startsAt', event.target.value)}
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
          value={values.duration}
          onChange={(event) => set('duration', event.target.value)}
          {...described('durationMinutes')}
        />,
      )}
      {field(
        'location',
        'Room',
        <input
          id={`${prefix}-location`}
          value={values.location}
          maxLength={300}
          onChange={(event) => set('location', event.target.value)}
          {...described('location')}
        />,
      )}
      {field(
        'videoLink',
        'Video link',
        <input
          id={`${prefix}-videoLink`}
          type="url"
          value={values.videoLink}
          maxLength={2000}
          placeholder="https://"
          onChange={(event) => set('videoLink', event.target.value)}
          {...described('videoLink', true)}
        />,
        'An https address; clinicians see it on their home page and in meeting mode.',
      )}
      {field(
        'chairId',
        'Chair',
        <select
          id={`${prefix}-chairId`}
          value={values.chairId}
          onChange={(event) => set('chairId', event.target.value)}
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
