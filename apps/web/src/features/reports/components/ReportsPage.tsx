import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../../api';
import { ErrorMessage } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { Me } from '../../../types';
import { isoDay, addDays } from '../report-format';
import { Report } from './Report';

interface Period {
  boardId: string;
  from: string;
  /** Inclusive (the API's `to` is exclusive: the day after is sent). */
  to: string;
}

/** Quality indicators of a board over a period, as charts with the same numbers in tables. */
export function ReportsPage({ me }: { me: Me }): ReactNode {
  const boards = useLoad(() => api('GET', '/boards'), [me.id]);
  const today = isoDay(new Date());
  const [draft, setDraft] = useState<Period>({ boardId: '', from: addDays(today, -365), to: today });
  const [period, setPeriod] = useState<Period | null>(null);
  const boardId = period?.boardId || draft.boardId || boards.data?.[0]?.id || '';
  const shown: Period | null = boardId ? (period ?? { ...draft, boardId }) : null;
  const report = useLoad(
    async () =>
      shown
        ? api('GET', '/reports', { query: { boardId: shown.boardId, from: shown.from, to: addDays(shown.to, 1) } })
        : null,
    [shown?.boardId, shown?.from, shown?.to],
  );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setPeriod({ ...draft, boardId: draft.boardId || boardId });
  };

  return (
    <>
      <h1>Reports</h1>
      <form className="filters" onSubmit={submit} aria-label="Board and period">
        <div className="field">
          <label htmlFor="report-board">Board</label>
          <select
            id="report-board"
            value={draft.boardId || boardId}
            onChange={(event) => setDraft({ ...draft, boardId: event.target.value })}
          >
            {(boards.data ?? []).map((board) => (
              <option key={board.id} value={board.id}>
                {board.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-from">From</label>
          <input
            id="report-from"
            type="date"
            required
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="report-to">To (inclusive)</label>
          <input
            id="report-to"
            type="date"
            required
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </div>
        <button type="submit">Show report</button>
      </form>
      <ErrorMessage error={boards.error ?? report.error} />
      {report.data ? <Report report={report.data} /> : report.loading ? <p>Loading the report…</p> : null}
    </>
  );
}
