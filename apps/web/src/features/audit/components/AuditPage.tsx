import { useState, type ReactNode } from 'react';
import { api, messageOf, urlOf } from '../../../api';
import { ErrorMessage } from '../../../components';
import { verificationSummary } from '../audit-findings';
import type { AuditEvent, AuditEventPage, AuditVerification } from '../../../types';
import { type Filters, EMPTY, query } from '../audit-query';
import { AuditFilters } from './AuditFilters';
import { Matched, EventTable } from './EventTable';
import { VerificationDetails } from './VerificationDetails';
import { CsvExport } from './CsvExport';
import { ProofView } from './ProofView';

export function AuditPage(): ReactNode {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [matched, setMatched] = useState<AuditEventPage['matched'] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  /** The filters of the search shown (the export exports exactly that search). */
  const [searched, setSearched] = useState<Filters | null>(null);
  const [proofOf, setProofOf] = useState<AuditEvent | null>(null);

  const search = async (cursor: string | null): Promise<void> => {
    setError(null);
    const used = cursor && searched ? searched : filters;
    try {
      const page = await api('GET', '/audit/events', { query: query(used, cursor) });
      setSearched(used);
      setEvents((previous) => (cursor && previous ? [...previous, ...page.items] : page.items));
      setMatched(page.matched);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const verify = async (): Promise<void> => {
    setVerifying(true);
    setError(null);
    setVerification(null);
    try {
      setVerification(await api('GET', '/audit/verify'));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <h1>Audit trail</h1>
      <section aria-labelledby="verify-heading">
        <h2 id="verify-heading">Integrity</h2>
        <button type="button" onClick={() => void verify()} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify the trail'}
        </button>
        {/* The live region announces the verdict only; the explanation and the raw report follow it. */}
        <div role="status" data-testid="verify-result">
          {verification ? (
            <p className={verification.ok ? 'ok' : 'error'}>
              <span aria-hidden="true">{verification.ok ? '✓ ' : '✖ '}</span>
              {verificationSummary(verification)}
            </p>
          ) : null}
        </div>
        {verification ? <VerificationDetails report={verification} /> : null}
      </section>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">Search</h2>
        <AuditFilters filters={filters} onFilters={setFilters} onSearch={() => void search(null)} />
        <ErrorMessage error={error} />
        {events ? (
          <>
            <p role="status">{events.length} events shown.</p>
            {matched ? <Matched matched={matched} /> : null}
            {searched ? <CsvExport key={urlOf('', undefined, query(searched, null, null))} filters={searched} /> : null}
            <EventTable events={events} proofOf={proofOf?.id ?? null} onProof={setProofOf} />
            {proofOf ? (
              <ProofView
                key={proofOf.id}
                eventId={proofOf.id}
                label={`event ${proofOf.seq}`}
                onClose={() => setProofOf(null)}
              />
            ) : null}
            {nextCursor ? (
              <button type="button" className="secondary" onClick={() => void search(nextCursor)}>
                Load more
              </button>
            ) : null}
          </>
        ) : null}
      </section>
    </>
  );
}
