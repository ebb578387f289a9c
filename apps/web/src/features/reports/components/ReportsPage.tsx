import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { PATHWAYS } from '@consilium/pathway';
import { api } from '../../../api';
import { ErrorMessage, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { BoardReport, Me } from '../../../types';

// recharts is the largest dependency of the app: only this screen loads it.
const ReportCharts = lazy(() => import('./ReportCharts'));

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 1000) / 10} %`);
const days = (value: number | null): string => (value === null ? '—' : `${value} days`);

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
    async () => (shown ? api('GET', '/reports', { query: { boardId: shown.boardId, from: shown.from, to: addDays(shown.to, 1) } }) : null),
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
          <select id="report-board" value={draft.boardId || boardId} onChange={(event) => setDraft({ ...draft, boardId: event.target.value })}>
            {(boards.data ?? []).map((board) => (
              <option key={board.id} value={board.id}>
                {board.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-from">From</label>
          <input id="report-from" type="date" required value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="report-to">To (inclusive)</label>
          <input id="report-to" type="date" required value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <button type="submit">Show report</button>
      </form>
      <ErrorMessage error={boards.error ?? report.error} />
      {report.data ? <Report report={report.data} /> : report.loading ? <p>Loading the report…</p> : null}
    </>
  );
}

function Report({ report }: { report: BoardReport }): ReactNode {
  const { concordance, referralToDiscussion, discussionToTreatment, implementation } = report;
  const departures = Object.entries(concordance.departuresByReason).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div data-testid="report">
      <p role="status">
        {concordance.signedOff} {concordance.signedOff === 1 ? 'recommendation' : 'recommendations'} signed off from {report.from.slice(0, 10)} to {addDays(report.to.slice(0, 10), -1)}; of the {concordance.pathwaySignedOff} drafted by a pathway, {percent(concordance.share)} follow it.
      </p>
      <Suspense fallback={<p>Loading charts…</p>}>
        <ReportCharts report={report} />
      </Suspense>
      <h2>The numbers</h2>
      <div className="chart-grid">
        <table data-testid="concordance-table">
          <caption>Guideline concordance</caption>
          <tbody>
            <tr>
              <th scope="row">Signed off</th>
              <td>{concordance.signedOff}</td>
            </tr>
            <tr>
              <th scope="row">Drafted by a pathway</th>
              <td>{concordance.pathwaySignedOff}</td>
            </tr>
            <tr>
              <th scope="row">Following the pathway</th>
              <td>{concordance.followingPathway}</td>
            </tr>
            <tr>
              <th scope="row">Departing from it</th>
              <td>{concordance.pathwaySignedOff - concordance.followingPathway}</td>
            </tr>
            <tr>
              <th scope="row">Board-authored (no pathway)</th>
              <td>{concordance.signedOff - concordance.pathwaySignedOff}</td>
            </tr>
            <tr>
              <th scope="row">Concordance</th>
              <td>{percent(concordance.share)}</td>
            </tr>
          </tbody>
        </table>
        <table data-testid="site-pathway-table">
          <caption>Decisions by tumour site and pathway</caption>
          <thead>
            <tr>
              <th scope="col">Site (ICD-10)</th>
              <th scope="col">Pathway</th>
              <th scope="col">Signed off</th>
              <th scope="col">Concordance</th>
            </tr>
          </thead>
          <tbody>
            {report.bySiteAndPathway.length === 0 ? (
              <tr>
                <td colSpan={4}>No decisions in the period.</td>
              </tr>
            ) : (
              report.bySiteAndPathway.map((group) => (
                <tr key={`${group.site}-${group.pathwayId ?? 'none'}`}>
                  <th scope="row">{group.site}</th>
                  <td>{group.pathwayId === null ? 'none (board-authored)' : (PATHWAYS.has(group.pathwayId) ? PATHWAYS.get(group.pathwayId).title : group.pathwayId)}</td>
                  <td>{group.signedOff}</td>
                  <td>{group.pathwayId === null ? 'not applicable' : percent(group.share)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <table data-testid="departures-table">
          <caption>Departures by reason</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Recommendations</th>
            </tr>
          </thead>
          <tbody>
            {departures.length === 0 ? (
              <tr>
                <td colSpan={2}>No departures in the period.</td>
              </tr>
            ) : (
              departures.map(([reason, count]) => (
                <tr key={reason}>
                  <th scope="row">{humanize(reason)}</th>
                  <td>{count}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <table data-testid="timeliness-table">
          <caption>Time from referral to discussion to treatment start</caption>
          <thead>
            <tr>
              <th scope="col">Interval</th>
              <th scope="col">Cases</th>
              <th scope="col">Median</th>
              <th scope="col">90th percentile</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Referral → discussion</th>
              <td>{referralToDiscussion.count}</td>
              <td>{days(referralToDiscussion.medianDays)}</td>
              <td>{days(referralToDiscussion.p90Days)}</td>
            </tr>
            <tr>
              <th scope="row">Discussion → treatment start</th>
              <td>{discussionToTreatment.count}</td>
              <td>{days(discussionToTreatment.medianDays)}</td>
              <td>{days(discussionToTreatment.p90Days)}</td>
            </tr>
          </tbody>
        </table>
        <table data-testid="implementation-table">
          <caption>Implementation of the recommendations</caption>
          <tbody>
            <tr>
              <th scope="row">Implemented</th>
              <td>{implementation.yes}</td>
            </tr>
            <tr>
              <th scope="row">Partly</th>
              <td>{implementation.partly}</td>
            </tr>
            <tr>
              <th scope="row">Not implemented</th>
              <td>{implementation.no}</td>
            </tr>
            <tr>
              <th scope="row">Not recorded yet</th>
              <td>{implementation.notRecorded}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
