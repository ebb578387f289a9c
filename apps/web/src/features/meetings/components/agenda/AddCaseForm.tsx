import { MAX_MINUTES, MIN_MINUTES, validMinutes } from '../../agenda-minutes';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { BoardMember, CaseSummary } from '../../../../types';

/** Complete cases still REFERRED are not offered until marked ready: say which, so none is missed. */
export function NotMarkedReady({ cases }: { cases: CaseSummary[] }): ReactNode {
  const waiting = cases.filter((row) => row.status === 'REFERRED' && row.readiness.ready);
  if (waiting.length === 0) return null;
  return (
    <p className="muted" data-testid="not-marked-ready">
      <span aria-hidden="true">ℹ </span>
      Complete but not yet marked ready (mark them in the cases list to offer them here):{' '}
      {waiting.map((row) => row.reference).join(', ')}.
    </p>
  );
}

export interface AddBody {
  caseId: string;
  minutesAllotted: number;
  presenterId?: string;
}

export function AddCaseForm({
  cases,
  onAgenda,
  presenters,
  onAdd,
}: {
  cases: CaseSummary[];
  onAgenda: Set<string>;
  presenters: BoardMember[];
  onAdd: (body: AddBody, label: string) => Promise<boolean>;
}): ReactNode {
  const [caseId, setCaseId] = useState('');
  const [minutes, setMinutes] = useState('10');
  const [presenterId, setPresenterId] = useState('');
  const addable = cases.filter(
    (row) => (row.status === 'READY' || row.status === 'DISCUSSED') && !onAgenda.has(row.id),
  );
  const minutesValue = validMinutes(minutes);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const chosen = addable.find((row) => row.id === caseId);
    if (!chosen || minutesValue === null) return;
    if (
      await onAdd({ caseId, minutesAllotted: minutesValue, ...(presenterId ? { presenterId } : {}) }, chosen.reference)
    ) {
      setCaseId('');
      setPresenterId('');
    }
  };

  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)}>
      <h3>Add a ready case</h3>
      <p className="muted">
        Ready cases, and cases a meeting discussed without deciding (deferred, more information, referred back).
      </p>
      <label htmlFor="add-case">Case</label>
      <select id="add-case" value={caseId} onChange={(event) => setCaseId(event.target.value)}>
        <option value="">{addable.length === 0 ? 'No ready case to add' : 'Choose a ready case'}</option>
        {addable.map((row) => (
          <option key={row.id} value={row.id}>
            {row.reference} — {row.patientName}
            {row.status === 'DISCUSSED' ? ' (discussed, not decided)' : ''}
          </option>
        ))}
      </select>
      <label htmlFor="add-minutes">Minutes</label>
      <input
        id="add-minutes"
        type="number"
        min={MIN_MINUTES}
        max={MAX_MINUTES}
        value={minutes}
        aria-invalid={minutesValue === null}
        aria-describedby={minutesValue === null ? 'add-minutes-error' : undefined}
        onChange={(event) => setMinutes(event.target.value)}
      />
      {minutesValue === null ? (
        <span className="field-error" id="add-minutes-error">
          minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}
        </span>
      ) : null}
      <label htmlFor="add-presenter">Presenter</label>
      <select id="add-presenter" value={presenterId} onChange={(event) => setPresenterId(event.target.value)}>
        <option value="">No presenter</option>
        {presenters.map((member) => (
          <option key={member.userId} value={member.userId}>
            {member.displayName}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!caseId || minutesValue === null}>
        Add to agenda
      </button>
    </form>
  );
}
