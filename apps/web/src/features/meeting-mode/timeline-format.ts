import { humanize } from '../../lib/format';
import type { TimelineRow } from './types';

export function formatDay(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function rowTitle(row: TimelineRow): string {
  return row.kind === 'step'
    ? `Step ${row.code.replace('step-', '')}: ${humanize(row.category)}`
    : `Milestone: ${humanize(row.code)}`;
}
