import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { humanize } from '../../../components';
import type { BoardReport } from '../../../types';

// Colours with a 3:1 contrast against white; every bar also carries its value and a text label.
const GREEN = '#14642b';
const ORANGE = '#a14a00';
const BLUE = '#0b57d0';
const GREY = '#4b5563';

function Chart({ title, testId, children }: { title: string; testId: string; children: ReactNode }): ReactNode {
  return (
    <figure data-testid={testId}>
      <figcaption>{title}</figcaption>
      {/* The chart is a picture of the table below it, which screen readers read instead. */}
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** The report as recharts bar charts (lazy-loaded by ReportsPage). */
export default function ReportCharts({ report }: { report: BoardReport }): ReactNode {
  const { concordance, referralToDiscussion, discussionToTreatment } = report;
  const concordanceData = [
    { label: 'Following the pathway', count: concordance.followingPathway, fill: GREEN },
    { label: 'Departing', count: concordance.signedOff - concordance.followingPathway, fill: ORANGE },
  ];
  const departureData = Object.entries(concordance.departuresByReason)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => ({ label: humanize(reason), count }));
  const timelinessData = [
    {
      label: 'Referral → discussion',
      median: referralToDiscussion.medianDays ?? 0,
      p90: referralToDiscussion.p90Days ?? 0,
    },
    {
      label: 'Discussion → treatment',
      median: discussionToTreatment.medianDays ?? 0,
      p90: discussionToTreatment.p90Days ?? 0,
    },
  ];
  return (
    <div className="chart-grid">
      <Chart title="Guideline concordance (signed-off recommendations)" testId="chart-concordance">
        <BarChart data={concordanceData} layout="vertical" margin={{ left: 24, right: 32 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={170} />
          <Tooltip />
          <Bar dataKey="count" name="Recommendations" isAnimationActive={false}>
            {concordanceData.map((entry) => (
              <Cell key={entry.label} fill={entry.fill} />
            ))}
            <LabelList dataKey="count" position="right" />
          </Bar>
        </BarChart>
      </Chart>
      <Chart title="Departures by reason" testId="chart-departures">
        <BarChart data={departureData} layout="vertical" margin={{ left: 24, right: 32 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={170} />
          <Tooltip />
          <Bar dataKey="count" name="Departures" fill={ORANGE} isAnimationActive={false}>
            <LabelList dataKey="count" position="right" />
          </Bar>
        </BarChart>
      </Chart>
      <Chart title="Days from referral to discussion to treatment start" testId="chart-timeliness">
        <BarChart data={timelinessData} layout="vertical" margin={{ left: 24, right: 40 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} unit=" d" />
          <YAxis type="category" dataKey="label" width={170} />
          <Tooltip />
          <Legend />
          <Bar dataKey="median" name="Median" fill={BLUE} isAnimationActive={false}>
            <LabelList dataKey="median" position="right" />
          </Bar>
          <Bar dataKey="p90" name="90th percentile" fill={GREY} isAnimationActive={false}>
            <LabelList dataKey="p90" position="right" />
          </Bar>
        </BarChart>
      </Chart>
    </div>
  );
}
