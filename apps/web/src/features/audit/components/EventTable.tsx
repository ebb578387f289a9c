import { type ReactNode } from 'react';
import { formatDateTime, humanize } from '../../../components';
import type { AuditEvent, AuditEventPage } from '../../../types';

/** What the words of the search matched, each with "who saw" links. */
export function Matched({ matched }: { matched: AuditEventPage['matched'] }): ReactNode {
  if (matched.patients.length + matched.cases.length + matched.users.length === 0) return null;
  return (
    <ul className="matched" data-testid="audit-matched">
      {matched.patients.map((patient) => (
        <li key={patient.id}>
          Patient {patient.name} (MRN {patient.mrn}):{' '}
          <a href={`#/audit/reads/patient/${patient.id}`}>who saw this patient</a>
        </li>
      ))}
      {matched.cases.map((found) => (
        <li key={found.id}>
          Case {found.reference}: <a href={`#/audit/reads/case/${found.id}`}>who saw this case</a>
        </li>
      ))}
      {matched.users.map((user) => (
        <li key={user.id}>
          User {user.name} ({user.email})
        </li>
      ))}
    </ul>
  );
}

/** Events in words: when, who, what, about what, from where; a proof and the decision's provenance per row. */
export function EventTable({
  events,
  proofOf,
  onProof,
}: {
  events: AuditEvent[];
  proofOf: string | null;
  onProof: (event: AuditEvent) => void;
}): ReactNode {
  return (
    <table className="audit">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">About</th>
          <th scope="col">Where</th>
          <th scope="col">
            <span className="visually-hidden">Links</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-testid="audit-row" data-seq={event.seq}>
            <td>{formatDateTime(event.recordedAt)}</td>
            <td title={event.actorEmail ?? undefined}>{event.actorName ?? 'unknown user'}</td>
            <td data-testid="audit-summary">{event.summary}</td>
            <td>
              {event.entityLabel}
              {event.patientName && !event.entityLabel.includes(event.patientName) ? (
                <span className="muted"> ({event.patientName})</span>
              ) : null}
            </td>
            <td className="muted">
              {[event.screen ? humanize(event.screen) : null, event.route].filter(Boolean).join(' · ') || '—'}
            </td>
            <td>
              <button
                type="button"
                className="secondary"
                onClick={() => onProof(event)}
                aria-label={`Inclusion proof of event ${event.seq}`}
                aria-pressed={proofOf === event.id}
              >
                Proof
              </button>
              {event.recommendationId ? (
                <>
                  {' '}
                  <a href={`#/audit/provenance/${event.recommendationId}`}>Provenance</a>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
