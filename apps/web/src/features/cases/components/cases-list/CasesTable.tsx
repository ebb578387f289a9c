import type { ReactNode } from 'react';
import { humanize, ReadinessBadge } from '../../../../components';
import type { CaseSummary } from '../../../../types';

/** One page of the board's cases; a coordinator may mark a complete case ready or edit an open one. */
export function CasesTable({
  rows,
  isCoordinator,
  busy,
  onMarkReady,
}: {
  rows: CaseSummary[];
  isCoordinator: boolean;
  /** A case is being marked ready: the buttons wait. */
  busy: boolean;
  onMarkReady: (row: CaseSummary) => void;
}): ReactNode {
  return (
    <div className="table-scroll">
      <table className="cases-table">
        <caption className="visually-hidden">Cases, newest referral first</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Patient</th>
            <th scope="col">Status</th>
            <th scope="col">Readiness</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="case-row">
              <td className="reference">
                <a href={`#/cases/${row.id}`}>{row.reference}</a>
              </td>
              <td>
                {row.patientName}
                <br />
                <span className="muted">MRN {row.mrn}</span>
              </td>
              <td data-testid="case-row-status">{humanize(row.status)}</td>
              <td>
                <ReadinessBadge readiness={row.readiness} status={row.status} />
              </td>
              <td className="row-actions">
                {isCoordinator && row.status === 'REFERRED' && row.readiness.ready ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => onMarkReady(row)}
                    aria-label={`Mark ready: ${row.reference}`}
                  >
                    Mark ready
                  </button>
                ) : null}
                {isCoordinator && row.status !== 'CLOSED' ? (
                  <a href={`#/cases/${row.id}/edit`} aria-label={`Edit ${row.reference}`}>
                    Edit
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
