import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { currentBoardId, upcomingMeeting } from '../boards';
import { ErrorMessage, formatDateTime, humanize, ReadinessBadge } from '../components';
import { useLoad } from '../hooks';
import type { Agenda, CaseSummary, Me } from '../types';

const STATUS_ORDER = ['REFERRED', 'READY', 'SCHEDULED', 'DISCUSSED', 'DECIDED', 'IN_TREATMENT', 'CLOSED'];

export function CoordinatorHome({ me }: { me: Me }): ReactNode {
  const board = useLoad(() => currentBoardId(me), [me.id]);
  const boardId = board.data;
  const cases = useLoad(async () => (boardId ? api<CaseSummary[]>('GET', `/cases?boardId=${boardId}`) : []), [boardId]);
  const meeting = useLoad(async () => (boardId ? upcomingMeeting(boardId) : null), [boardId]);

  return (
    <>
      <h1>Coordinator</h1>
      <ErrorMessage error={board.error ?? cases.error ?? meeting.error} />
      <div className="columns">
        <section aria-labelledby="cases-heading">
          <h2 id="cases-heading">Cases by status</h2>
          <p>
            <a href="#/cases/new" className="button-link">
              New case
            </a>
          </p>
          {cases.loading && !cases.data ? <p>Loading cases…</p> : null}
          {cases.data ? <CasesByStatus cases={cases.data} /> : null}
        </section>
        <section aria-labelledby="agenda-heading">
          <h2 id="agenda-heading">Agenda of the upcoming meeting</h2>
          {meeting.data ? (
            <AgendaEditor meetingId={meeting.data.id} cases={cases.data ?? []} onChanged={cases.reload} />
          ) : meeting.loading ? (
            <p>Loading meeting…</p>
          ) : (
            <p>No upcoming meeting.</p>
          )}
        </section>
      </div>
    </>
  );
}

function CasesByStatus({ cases }: { cases: CaseSummary[] }): ReactNode {
  const statuses = STATUS_ORDER.filter((status) => cases.some((row) => row.status === status));
  if (cases.length === 0) return <p>No cases on this board.</p>;
  return (
    <>
      {statuses.map((status) => {
        const rows = cases.filter((row) => row.status === status);
        return (
          <div key={status} className="status-group">
            <h3>
              {humanize(status)} <span className="count">({rows.length})</span>
            </h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Question for the board</th>
                  <th scope="col">Readiness</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-testid="case-row">
                    <td>{row.reference}</td>
                    <td>{row.patientName}</td>
                    <td>{row.questionForBoard ?? '—'}</td>
                    <td>
                      <ReadinessBadge readiness={row.readiness} />
                    </td>
                    <td>
                      <a href={`#/cases/${row.id}/edit`} aria-label={`Edit ${row.reference}`}>
                        Edit
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}

function AgendaEditor({ meetingId, cases, onChanged }: { meetingId: string; cases: CaseSummary[]; onChanged: () => void }): ReactNode {
  const agenda = useLoad(() => api<Agenda>('GET', `/meetings/${meetingId}/agenda`), [meetingId]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [caseId, setCaseId] = useState('');
  const [minutes, setMinutes] = useState('10');

  const run = async (action: () => Promise<unknown>, done: string): Promise<void> => {
    setError(null);
    try {
      await action();
      setStatus(done);
      agenda.reload();
      onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  if (!agenda.data) return agenda.error ? <ErrorMessage error={agenda.error} /> : <p>Loading agenda…</p>;
  const { meeting, items, totals } = agenda.data;
  const onAgenda = new Set(items.map((entry) => entry.case.id));
  const addable = cases.filter((row) => row.status === 'READY' && !onAgenda.has(row.id));

  const move = (index: number, offset: number): Promise<void> => {
    const ids = items.map((entry) => entry.item.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return Promise.resolve();
    ids.splice(index + offset, 0, moved);
    const label = items[index]?.case.reference ?? '';
    return run(() => api('PUT', `/meetings/${meetingId}/agenda/order`, { itemIds: ids }), `${label} moved ${offset < 0 ? 'up' : 'down'}.`);
  };

  const add = (event: FormEvent): void => {
    event.preventDefault();
    if (!caseId) return;
    void run(() => api('POST', `/meetings/${meetingId}/agenda`, { caseId, minutesAllotted: Number(minutes) }), 'Case added to the agenda.').then(() => setCaseId(''));
  };

  const over = totals.overrunMinutes > 0;
  return (
    <div>
      <p>
        <strong>{meeting.title}</strong>, {formatDateTime(meeting.startsAt)}
        {meeting.location ? `, ${meeting.location}` : ''} — {humanize(meeting.status)}.{' '}
        <a href={`#/meeting/${meeting.id}`}>Open meeting mode</a>
      </p>
      <p className={over ? 'total total-over' : 'total'} data-testid="agenda-total">
        <span aria-hidden="true">{over ? '⚠ ' : '✓ '}</span>
        {totals.minutesAllotted} of {totals.meetingDurationMinutes} minutes allotted
        {over ? ` — ${totals.overrunMinutes} minutes over the meeting` : ', within the meeting'}
      </p>
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <ol className="agenda" aria-label="Agenda">
        {items.map((entry, index) => (
          <li key={entry.item.id} data-testid="agenda-item">
            <div className="agenda-case">
              <strong>{entry.case.reference}</strong> {entry.patient.name}
              <ReadinessBadge readiness={entry.readiness} />
            </div>
            <div className="agenda-actions">
              <label htmlFor={`minutes-${entry.item.id}`}>Minutes</label>
              <input
                id={`minutes-${entry.item.id}`}
                type="number"
                min={1}
                max={240}
                defaultValue={entry.item.minutesAllotted}
                onBlur={(event) => {
                  const value = Number(event.target.value);
                  if (value !== entry.item.minutesAllotted && value >= 1) void run(() => api('PATCH', `/meetings/${meetingId}/agenda/${entry.item.id}`, { minutesAllotted: value }), 'Minutes saved.');
                }}
              />
              <button type="button" className="secondary" disabled={index === 0} onClick={() => void move(index, -1)} aria-label={`Move ${entry.case.reference} up`}>
                ↑ Up
              </button>
              <button type="button" className="secondary" disabled={index === items.length - 1} onClick={() => void move(index, 1)} aria-label={`Move ${entry.case.reference} down`}>
                ↓ Down
              </button>
              <button type="button" className="danger" onClick={() => void run(() => api('DELETE', `/meetings/${meetingId}/agenda/${entry.item.id}`), `${entry.case.reference} removed.`)} aria-label={`Remove ${entry.case.reference} from the agenda`}>
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
      {items.length === 0 ? <p>The agenda is empty.</p> : null}
      <form className="inline-form" onSubmit={add}>
        <h3>Add a ready case</h3>
        <label htmlFor="add-case">Case</label>
        <select id="add-case" value={caseId} onChange={(event) => setCaseId(event.target.value)}>
          <option value="">{addable.length === 0 ? 'No ready case to add' : 'Choose a ready case'}</option>
          {addable.map((row) => (
            <option key={row.id} value={row.id}>
              {row.reference} — {row.patientName}
            </option>
          ))}
        </select>
        <label htmlFor="add-minutes">Minutes</label>
        <input id="add-minutes" type="number" min={1} max={240} value={minutes} onChange={(event) => setMinutes(event.target.value)} />
        <button type="submit" disabled={!caseId}>
          Add to agenda
        </button>
      </form>
    </div>
  );
}
