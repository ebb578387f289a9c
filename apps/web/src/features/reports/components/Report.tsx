import { lazy, Suspense, type ReactNode } from 'react';
import type { BoardReport } from '../../../types';
import { addDays, percent } from '../report-format';
import { ReportTables } from './ReportTables';

// recharts is the largest dependency of the app: only this screen loads it.
const ReportCharts = lazy(() => import('./ReportCharts'));

export function Report({ report }: { report: BoardReport }): ReactNode {
  const { concordance } = report;
  return (
    <div data-testid="report">
      <p role="status">
        {concordance.signedOff} {concordance.signedOff === 1 ? 'recommendation' : 'recommendations'} signed off from{' '}
        {report.from.slice(0, 10)} to {addDays(report.to.slice(0, 10), -1)}; of the {concordance.pathwaySignedOff}{' '}
        drafted by a pathway, {percent(concordance.share)} follow it.
      </p>
      <Suspense fallback={<p>Loading charts…</p>}>
        <ReportCharts report={report} />
      </Suspense>
      <h2>The numbers</h2>
      <ReportTables report={report} />
    </div>
  );
}
