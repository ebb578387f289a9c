import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { AgendaEntry, Me, Meeting } from '../../../types';
import { FieldMessage } from '../../../components/form/fields';

type Outcome = 'DEFERRED' | 'MORE_INFORMATION' | 'REFERRED_ELSEWHERE';

const OUTCOMES: { value: Outcome; label: string; detail: string }[] = [
  { value: 'DEFERRED', label: 'Deferred to a later meeting', detail: 'What is missing' },
  { value: 'MORE_INFORMATION', label: 'More information requested', detail: 'What the board asks for' },
  { value: 'REFERRED_ELSEWHERE', label: 'Referred elsewhere', detail: 'Referred to (centre, team or board)' },
];

export function outcomeLabel(outcome: string): string {
  return OUTCOMES.find((candidate) => candidate.value === outcome)?.label ?? outcome;
}

/**
 * The discussion of one case: the board's notes (any clinician or the coordinator writes them
 * while the meeting is open), and, when the board does not decide, the outcome the coordinator
 * or the chair records: deferred (what is missing, to which meeting), more information, referred.
 */
export function Discussion({ entry, meeting, me, decided, onChanged }: { entry: AgendaEntry; meeting: Meeting; me: Me; decided: boolean; onChanged: () => void }): ReactNode {
  const open = meeting.status === 'PLANNED' || meeting.status === 'IN_PROGRESS';
  const mayRecord = open && !decided && !entry.item.outcome && (me.roles.includes('COORDINATOR') || meeting.chairId === me.id);
  return (
    <section aria-labelledby="discussion-heading" className="discussion">
      <h3 id="discussion-heading">Discussion and outcome</h3>
      <Notes entry={entry} meeting={meeting} editable={open && (me.roles.includes('COORDINATOR') || me.roles.includes('CLINICIAN'))} onSaved={onChanged} />
      {entry.item.outcome ? (
        <p className="badge-line" data-testid="agenda-outcome">
          <span className="badge badge-warn">
            <span aria-hidden="true">↷ </span>
            {outcomeLabel(entry.item.outcome)}
          </span>{' '}
          {entry.item.outcomeDetail}
          {entry.item.outcomeRecordedAt ? <span className="muted"> (recorded {formatDateTime(entry.item.outcomeRecordedAt)})</span> : null}
          {entry.item.deferredToMeetingId ? (
            <>
              {' '}
              <a href={`#/meetings/${entry.item.deferredToMeetingId}`}>The later meeting</a>
            </>
          ) : null}
        </p>
      ) : decided ? (
        <p className="muted">The board decided this case: the signed-off plan is the outcome.</p>
      ) : mayRecord ? (
        <OutcomeForm entry={entry} meeting={meeting} onRecorded={onChanged} />
      ) : (
        <p className="muted">No outcome recorded yet.</p>
      )}
    </section>
  );
}

function Notes({ entry, meeting, editable, onSaved }: { entry: AgendaEntry; meeting: Meeting; editable: boolean; onSaved: () => void }): ReactNode {
  const [notes, setNotes] = useState(entry.item.discussionNotes ?? '');
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Someone else's save shows unless this user is typing.
    if (!dirty) setNotes(entry.item.discussionNotes ?? '');
    // Only a newly saved text acts; typing (dirty) must not bring the saved text back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entry.item.discussionNotes]);

  if (!editable) return entry.item.discussionNotes ? <p className="notes-text">{entry.item.discussionNotes}</p> : <p className="muted">No discussion notes.</p>;
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('PUT', '/meetings/{id}/agenda/{itemId}/notes', { path: { id: meeting.id, itemId: entry.item.id }, body: { notes } });
      setDirty(false);
      setNotice(`Notes on ${entry.case.reference} saved.`);
      onSaved();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="notes-form" onSubmit={(event) => void save(event)}>
      <label htmlFor={`notes-${entry.item.id}`}>Discussion notes</label>
      <textarea
        id={`notes-${entry.item.id}`}
        rows={2}
        maxLength={10000}
        value={notes}
        onChange={(event) => {
          setNotes(event.target.value);
          setDirty(true);
        }}
      />
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      <button type="submit" className="secondary" disabled={busy || !dirty}>
        Save the notes
      </button>
    </form>
  );
}

function OutcomeForm({ entry, meeting, onRecorded }: { entry: AgendaEntry; meeting: Meeting; onRecorded: () => void }): ReactNode {
  const later = useLoad(async () => (await api('GET', '/meetings', { query: { boardId: meeting.boardId, from: meeting.startsAt } })).filter((candidate) => candidate.id !== meeting.id && candidate.status === 'PLANNED' && candidate.startsAt > meeting.startsAt), [meeting.id]);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [detail, setDetail] = useState('');
  const [target, setTarget] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = OUTCOMES.find((candidate) => candidate.value === outcome);
  const prefix = `outcome-${entry.item.id}`;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!outcome) return;
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await api('POST', '/meetings/{id}/agenda/{itemId}/outcome', {
        path: { id: meeting.id, itemId: entry.item.id },
        body: { outcome, detail: detail.trim(), ...(outcome === 'DEFERRED' && target ? { deferredToMeetingId: target } : {}) },
      });
      onRecorded();
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const placed: Record<string, string> = {};
        const rest: string[] = [];
        for (const error of caught.errors) {
          if (['detail', 'deferredToMeetingId', 'outcome'].includes(error.field)) placed[error.field] = error.message;
          else rest.push(error.message);
        }
        setErrors(placed);
        setFailure(rest.length ? rest.join('; ') : null);
      } else {
        setFailure(messageOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };
  const invalid = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${prefix}-${field}-error` } : {});
  const message = (field: string): ReactNode => <FieldMessage id={`${prefix}-${field}-error`} message={errors[field]} />;

  return (
    <form className="outcome-form" noValidate onSubmit={(event) => void submit(event)} aria-label={`Outcome other than a decision for ${entry.case.reference}`}>
      <fieldset>
        <legend>If the board does not decide today</legend>
        {OUTCOMES.map((candidate) => (
          <label key={candidate.value} className="choice">
            <input type="radio" name={`${prefix}-kind`} value={candidate.value} checked={outcome === candidate.value} onChange={() => setOutcome(candidate.value)} /> {candidate.label}
          </label>
        ))}
        {message('outcome')}
      </fieldset>
      {chosen ? (
        <>
          <label htmlFor={`${prefix}-detail`}>{chosen.detail}</label>
          <textarea id={`${prefix}-detail`} rows={2} maxLength={2000} value={detail} onChange={(event) => setDetail(event.target.value)} {...invalid('detail')} />
          {message('detail')}
        </>
      ) : null}
      {outcome === 'DEFERRED' ? (
        <>
          <label htmlFor={`${prefix}-target`}>To the meeting</label>
          <select id={`${prefix}-target`} value={target} onChange={(event) => setTarget(event.target.value)} {...invalid('deferredToMeetingId')}>
            <option value="">{later.data && later.data.length === 0 ? 'No later meeting planned: choose later' : 'Choose later (the coordinator schedules it)'}</option>
            {(later.data ?? []).map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title}, {formatDateTime(candidate.startsAt)}
              </option>
            ))}
          </select>
          {message('deferredToMeetingId')}
        </>
      ) : null}
      <ErrorMessage error={failure} />
      <button type="submit" className="secondary" disabled={busy || !outcome || !detail.trim()}>
        Record the outcome
      </button>
    </form>
  );
}
