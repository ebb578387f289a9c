import { OUTCOMES, type Outcome } from '../../outcomes';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../../../api';
import { ErrorMessage, formatDateTime } from '../../../../components';
import { useLoad } from '../../../../hooks/use-load';
import type { AgendaEntry, Meeting } from '../../../../types';
import { FieldMessage } from '../../../../components/form/fields';

export function OutcomeForm({
  entry,
  meeting,
  onRecorded,
}: {
  entry: AgendaEntry;
  meeting: Meeting;
  onRecorded: () => void;
}): ReactNode {
  const later = useLoad(
    async () =>
      (await api('GET', '/meetings', { query: { boardId: meeting.boardId, from: meeting.startsAt } })).filter(
        (candidate) =>
          candidate.id !== meeting.id && candidate.status === 'PLANNED' && candidate.startsAt > meeting.startsAt,
      ),
    [meeting.id],
  );
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
        body: {
          outcome,
          detail: detail.trim(),
          ...(outcome === 'DEFERRED' && target ? { deferredToMeetingId: target } : {}),
        },
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
  const invalid = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${prefix}-${field}-error` } : {};
  const message = (field: string): ReactNode => (
    <FieldMessage id={`${prefix}-${field}-error`} message={errors[field]} />
  );

  return (
    <form
      className="outcome-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-label={`Outcome other than a decision for ${entry.case.reference}`}
    >
      <fieldset>
        <legend>If the board does not decide today</legend>
        {OUTCOMES.map((candidate) => (
          <label key={candidate.value} className="choice">
            <input
              type="radio"
              name={`${prefix}-kind`}
              value={candidate.value}
              checked={outcome === candidate.value}
              onChange={() => setOutcome(candidate.value)}
            />{' '}
            {candidate.label}
          </label>
        ))}
        {message('outcome')}
      </fieldset>
      {chosen ? (
        <>
          <label htmlFor={`${prefix}-detail`}>{chosen.detail}</label>
          <textarea
            id={`${prefix}-detail`}
            rows={2}
            maxLength={2000}
            value={detail}
            onChange={(event) => setDetail(event.target.value)}
            {...invalid('detail')}
          />
          {message('detail')}
        </>
      ) : null}
      {outcome === 'DEFERRED' ? (
        <>
          <label htmlFor={`${prefix}-target`}>To the meeting</label>
          <select
            id={`${prefix}-target`}
            value={target}
            onChange={(event) => setTarget(event.target.value)}
            {...invalid('deferredToMeetingId')}
          >
            <option value="">
              {later.data && later.data.length === 0
                ? 'No later meeting planned: choose later'
                : 'Choose later (the coordinator schedules it)'}
            </option>
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
