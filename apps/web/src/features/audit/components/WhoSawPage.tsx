import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, messageOf } from '../../../api';
import { ErrorMessage } from '../../../components';
import type { AuditEvent } from '../../../types';
import { EventTable } from './EventTable';
import { ProofView } from './ProofView';

/**
 * "Who saw this patient" (or this case): every PHI read, newest first, with the user, the screen
 * of the web app and the API route. Opened from the auditor's search (the matched patient or case).
 */
export function WhoSawPage({ about, id }: { about: 'patient' | 'case'; id: string }): ReactNode {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [proofOf, setProofOf] = useState<AuditEvent | null>(null);

  const load = useCallback(
    async (cursor: string | null): Promise<void> => {
      setError(null);
      try {
        const query = { limit: 100, cursor: cursor ?? undefined };
        const page =
          about === 'patient'
            ? await api('GET', '/audit/patients/{id}/reads', { path: { id }, query })
            : await api('GET', '/audit/cases/{id}/reads', { path: { id }, query });
        setEvents((previous) => (cursor ? [...previous, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setLoaded(true);
      } catch (caught) {
        setError(messageOf(caught));
      }
    },
    [about, id],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const subject = events.find((event) => (about === 'patient' ? event.patientName : event.caseReference));
  const name =
    about === 'patient'
      ? (subject?.patientName ?? 'this patient')
      : subject?.caseReference
        ? `case ${subject.caseReference}`
        : 'this case';
  return (
    <>
      <p>
        <a href="#/audit">Back to the audit trail</a>
      </p>
      <h1>Who saw {name}</h1>
      <p className="muted">
        Every read that showed {about === 'patient' ? 'the patient' : 'the case'}: case view and case list, patient
        record, agenda and meeting mode, provenance and audit exports, with the screen and the route that served it.
      </p>
      <ErrorMessage error={error} />
      {loaded ? (
        <>
          <p role="status">{events.length} reads shown.</p>
          <EventTable events={events} proofOf={proofOf?.id ?? null} onProof={setProofOf} />
          {proofOf ? (
            <ProofView
              key={proofOf.id}
              eventId={proofOf.id}
              label={`${proofOf.actorName ?? 'unknown user'}: ${proofOf.summary}`}
              onClose={() => setProofOf(null)}
            />
          ) : null}
          {nextCursor ? (
            <button type="button" className="secondary" onClick={() => void load(nextCursor)}>
              Load more
            </button>
          ) : null}
        </>
      ) : error ? null : (
        <p>Loading…</p>
      )}
    </>
  );
}
