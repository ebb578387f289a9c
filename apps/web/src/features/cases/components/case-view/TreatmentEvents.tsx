import { type ReactNode } from 'react';
import { humanize } from '../../../../components';
import type { Finding, TreatmentEvent } from '../../../../types';

export function TreatmentEvents({ events }: { events: TreatmentEvent[] }): ReactNode {
  if (events.length === 0) return <p>No treatment recorded yet.</p>;
  return (
    <table data-testid="treatment-events">
      <caption>Treatment events, by start date</caption>
      <thead>
        <tr>
          <th scope="col">Dates</th>
          <th scope="col">Treatment</th>
          <th scope="col">Status</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-testid="treatment-event">
            <td>
              {event.endDate && event.endDate !== event.startDate
                ? `${event.startDate} to ${event.endDate}`
                : event.startDate}
            </td>
            <td>{humanize(event.kind)}</td>
            <td>{humanize(event.status)}</td>
            <td>{detailsOf(event)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function detailsOf(event: TreatmentEvent): string {
  return [
    event.regimens.length > 0 ? event.regimens.join(', ') : null,
    event.therapyLine ? `line ${event.therapyLine}` : null,
    event.surgeryTarget ? humanize(event.surgeryTarget) : null,
    event.elective === null ? null : event.elective ? 'elective' : 'not elective',
    event.woundHealedDate ? `wound healed ${event.woundHealedDate}` : null,
    event.procedure ? humanize(event.procedure) : null,
    event.evaluation ? humanize(event.evaluation) : null,
    event.notes,
  ]
    .filter(Boolean)
    .join('; ');
}

/** Findings as text with an icon (never colour alone). */
export function FollowUpFindings({ findings }: { findings: Finding[] }): ReactNode {
  if (findings.length === 0)
    return <p data-testid="follow-up-findings">No follow-up findings: the recorded dates keep to the plan.</p>;
  return (
    <ul className="findings" data-testid="follow-up-findings">
      {findings.map((finding, index) => (
        <li key={`${finding.code}-${index}`} data-testid="follow-up-finding" data-code={finding.code}>
          <span className={`badge badge-${finding.severity}`}>
            <span aria-hidden="true">{finding.severity === 'block' ? '⛔ ' : '⚠ '}</span>
            {humanize(finding.severity)}
          </span>{' '}
          <code>{finding.code}</code> {finding.message}
        </li>
      ))}
    </ul>
  );
}
