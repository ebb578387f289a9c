import { useState, type FormEvent, type ReactNode } from 'react';
import { api, messageOf } from '../../../api';
import { ErrorMessage, humanize } from '../../../components';
import type { CaseStatus, CaseSummary } from '../../../types';
import { useCasePages, type CaseFilter } from '../hooks/use-case-pages';
import { CasesTable } from './cases-list/CasesTable';

export const CASE_STATUSES: readonly CaseStatus[] = [
  'REFERRED',
  'READY',
  'SCHEDULED',
  'DISCUSSED',
  'DECIDED',
  'IN_TREATMENT',
  'CLOSED',
];

/**
 * The board's cases, one page at a time (the API's Link header gives the next one), searched by
 * reference, patient name or MRN and filtered by status. A complete case still REFERRED offers
 * "Mark ready" (POST /cases/:id/status), so status and readiness never contradict each other.
 */
export function CasesList({
  boardId,
  isCoordinator,
  reloadKey,
  onChanged,
}: {
  boardId: string;
  isCoordinator: boolean;
  reloadKey: number;
  onChanged: () => void;
}): ReactNode {
  const [typed, setTyped] = useState<CaseFilter>({ q: '', status: '' });
  const [filter, setFilter] = useState<CaseFilter>({ q: '', status: '' });
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const { rows, next, error, setError, more, reload } = useCasePages(boardId, filter, reloadKey);

  const markReady = async (row: CaseSummary): Promise<void> => {
    setBusy(row.id);
    setError(null);
    try {
      await api('POST', '/cases/{id}/status', { path: { id: row.id }, body: { status: 'READY' } });
      setNotice(`${row.reference} is ready: it can now be put on an agenda.`);
      reload();
      onChanged();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setFilter(typed);
  };

  return (
    <div>
      <form className="filters" role="search" aria-label="Cases" onSubmit={submit}>
        <div className="field">
          <label htmlFor="case-search">Search</label>
          <input
            id="case-search"
            type="search"
            value={typed.q}
            placeholder="Reference, patient name or MRN"
            maxLength={100}
            onChange={(event) => setTyped({ ...typed, q: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="case-status">Status</label>
          <select
            id="case-status"
            value={typed.status}
            onChange={(event) => setTyped({ ...typed, status: event.target.value as CaseStatus | '' })}
          >
            <option value="">All statuses</option>
            {CASE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {humanize(status)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      {rows === null ? (
        <p>Loading cases…</p>
      ) : rows.length === 0 ? (
        <p data-testid="cases-empty">
          {filter.q || filter.status ? 'No case matches the search.' : 'No cases on this board.'}
        </p>
      ) : (
        <CasesTable
          rows={rows}
          isCoordinator={isCoordinator}
          busy={busy !== null}
          onMarkReady={(row) => void markReady(row)}
        />
      )}
      {next ? (
        <p>
          <button type="button" className="secondary" onClick={() => void more()}>
            Show more cases
          </button>
        </p>
      ) : null}
    </div>
  );
}
