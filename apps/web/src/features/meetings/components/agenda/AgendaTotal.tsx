import type { ReactNode } from 'react';

/** The running total of allotted minutes against the meeting's length, in words. */
export function AgendaTotal({
  total,
  over,
  durationMinutes,
}: {
  total: number;
  /** Minutes over the meeting's length (negative: minutes left). */
  over: number;
  durationMinutes: number;
}): ReactNode {
  return (
    <p className={over > 0 ? 'total total-over' : 'total'} data-testid="agenda-total">
      <span aria-hidden="true">{over > 0 ? '⚠ ' : '✓ '}</span>
      {total} of {durationMinutes} minutes allotted
      {over > 0 ? ` — ${over} minutes over the meeting` : `, within the meeting (${-over} minutes left)`}
    </p>
  );
}
