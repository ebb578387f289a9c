import { formatDay, humanize } from '../../lib/format';

export { formatDay };
import type { TimelineRow } from './types';

export function rowTitle(row: TimelineRow): string {
  return row.kind === 'step'
    ? `Step ${row.code.replace('step-', '')}: ${humanize(row.category)}`
    : `Milestone: ${humanize(row.code)}`;
}
