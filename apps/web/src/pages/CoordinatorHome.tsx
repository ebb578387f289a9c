import type { ReactNode } from 'react';
import { api } from '../api';
import { currentBoardId, upcomingMeeting } from '../boards';
import { ErrorMessage, humanize, ReadinessBadge } from '../components';
import { useLoad } from '../hooks';
import type { CaseSummary, Me } from '../types';
import { AgendaBuilder } from './AgendaBuilder';

const STATUS_ORDER = ['REFERRED', 'READY', 'SCHEDULED', 'DISCUSSED', 'DECIDED', 'IN_TREATMENT', 'CLOSED'];

export function CoordinatorHome({ me }: { me: Me }): ReactNode {
  const board = useLoad(() => currentBoardId(me), [me.id]);
  const boardId = board.data;
  const cases = useLoad(async () => (boardId ? api('GET', '/cases', { query: { boardId } }) : []), [boardId]);
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
            <AgendaBuilder meetingId={meeting.data.id} cases={cases.data ?? []} onChanged={cases.reload} />
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
                    <td>
                      <a href={`#/cases/${row.id}`}>{row.reference}</a>
                    </td>
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
