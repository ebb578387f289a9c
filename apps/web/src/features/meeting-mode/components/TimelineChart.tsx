import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay, rowTitle } from '../timeline-format';
import type { TimelineRow } from '../types';

const DAY_MS = 86_400_000;
const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Fill per kind; the kind is also in every bar's label, so colour is never the only signal. */
const FILL: Record<string, string> = {
  'board-review': '#5b6472',
  test: '#7a5af5',
  radiotherapy: '#b45309',
  'systemic-therapy': '#0b57d0',
  evaluation: '#0f766e',
  surgery: '#a4161a',
  palliative: '#6d4c41',
  milestone: '#14365d',
};

/** Horizontal range bars on a date axis: one bar per dated step or milestone window. */
export default function TimelineChart({ rows, describedBy }: { rows: TimelineRow[]; describedBy: string }): ReactNode {
  const data = rows.flatMap(({ from, to, ...row }) =>
    from && to
      ? [
          {
            name: rowTitle({ ...row, from, to }),
            // One day wide at least, so a single day shows as a bar.
            range: [toDay(from), toDay(to) + 1] as [number, number],
            when: from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`,
            category: row.category,
            milestone: row.kind === 'milestone',
          },
        ]
      : [],
  );
  const start = Math.min(...data.map((row) => row.range[0]));
  const end = Math.max(...data.map((row) => row.range[1]));
  return (
    <figure
      className="timeline-chart"
      data-testid="timeline-chart"
      role="img"
      aria-label={`Timeline chart of ${rows.length} dated steps and milestones, ${formatDay(fromDay(start))} to ${formatDay(fromDay(end - 1))}; the table below lists the same dates.`}
      aria-describedby={describedBy}
    >
      <ResponsiveContainer width="100%" height={Math.max(160, 34 * data.length + 50)}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 160, bottom: 8, left: 8 }} barCategoryGap={6}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            domain={[start - 2, end + 2]}
            tickFormatter={(day: number) => formatDay(fromDay(Math.round(day)))}
            tickCount={6}
            allowDecimals={false}
          />
          <YAxis type="category" dataKey="name" width={230} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(_value, _name, item) => [(item.payload as { when: string }).when, 'When']} />
          <Bar dataKey="range" isAnimationActive={false} minPointSize={4}>
            {data.map((row) => (
              <Cell
                key={row.name}
                fill={FILL[row.category] ?? '#5b6472'}
                stroke={row.milestone ? '#000' : 'none'}
                strokeDasharray={row.milestone ? '4 2' : undefined}
              />
            ))}
            <LabelList dataKey="when" position="right" style={{ fontSize: 11, fill: '#1b1f24' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
