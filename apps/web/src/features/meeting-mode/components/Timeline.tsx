import { lazy, Suspense, useId, type ReactNode } from 'react';
import { api } from '../../../api';
import { ErrorMessage, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import { formatDay, rowTitle } from '../timeline-format';
import type { TimelineRow } from '../types';

// recharts is large: the chart comes in its own chunk, after the meeting screen has rendered.
const TimelineChart = lazy(() => import('./TimelineChart'));

const BOUND_TEXT: Record<NonNullable<TimelineRow['bound']>, string> = {
  window: 'window',
  by: 'deadline',
  from: 'not before',
  day: 'on the day',
};

/** When the row happens, in words (the chart's text alternative). */
function when(row: TimelineRow): string {
  if (row.from && row.to) {
    switch (row.bound) {
      case 'by':
        return `by ${formatDay(row.to)}`;
      case 'from':
        return `from ${formatDay(row.from)}`;
      case 'day':
        return formatDay(row.from);
      default:
        return `${formatDay(row.from)} to ${formatDay(row.to)}`;
    }
  }
  return row.waitsFor
    ? `not dated yet: waits for the ${humanize(row.waitsFor.replace(/([a-z])([A-Z])/g, '$1 $2')).toLowerCase()} date`
    : 'when appropriate (no fixed day)';
}

/** The drafted plan on a date axis, with the same dates as a table (never the chart alone). */
export function Timeline({ recommendationId, reloadKey }: { recommendationId: string; reloadKey: number }): ReactNode {
  const id = useId();
  const timeline = useLoad(
    () => api('GET', '/recommendations/{id}/timeline', { path: { id: recommendationId } }),
    [recommendationId, reloadKey],
  );
  if (!timeline.data) return timeline.error ? <ErrorMessage error={timeline.error} /> : <p>Loading the timeline…</p>;
  const { rows, boardDecision, branch } = timeline.data;
  const dated = rows.filter((row) => row.from && row.to);
  return (
    <section aria-labelledby={`${id}-heading`} className="timeline" data-testid="timeline">
      <h3 id={`${id}-heading`}>Timeline</h3>
      <p className="muted">
        {branch ? humanize(branch) : 'Board-authored plan'}: days counted from the board decision on{' '}
        {formatDay(boardDecision)} and the treatment dates recorded so far. {dated.length} of {rows.length} steps and
        milestones are dated.
      </p>
      {dated.length > 0 ? (
        <Suspense fallback={<p>Loading the chart…</p>}>
          <TimelineChart rows={dated} describedBy={`${id}-table`} />
        </Suspense>
      ) : null}
      <details className="timeline-details" open={dated.length === 0}>
        <summary>The timeline as a table ({rows.length} steps and milestones)</summary>
        <table id={`${id}-table`} className="timeline-table" data-testid="timeline-table">
          <caption>The timeline as a table</caption>
          <thead>
            <tr>
              <th scope="col">Step or milestone</th>
              <th scope="col">When</th>
              <th scope="col">Kind of date</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code} data-testid="timeline-row">
                <th scope="row">{rowTitle(row)}</th>
                <td>{when(row)}</td>
                <td>{row.bound ? BOUND_TEXT[row.bound] : 'undated'}</td>
                <td>{row.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
