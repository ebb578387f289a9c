import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { ErrorMessage, formatDateTime } from '../components';
import type { AuditEvent, AuditVerification } from '../types';

const ACTIONS = [
  ['', 'Any'],
  ['C', 'Create'],
  ['R', 'Read'],
  ['U', 'Update'],
  ['D', 'Delete'],
  ['E', 'Execute'],
] as const;

interface Filters {
  patientId: string;
  caseId: string;
  actorUserId: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { patientId: '', caseId: '', actorUserId: '', action: '', from: '', to: '' };

function query(filters: Filters, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const key of ['patientId', 'caseId', 'actorUserId', 'action'] as const) if (filters[key].trim()) params.set(key, filters[key].trim());
  // datetime-local is local time without a zone: send the instant.
  if (filters.from) params.set('from', new Date(filters.from).toISOString());
  if (filters.to) params.set('to', new Date(filters.to).toISOString());
  params.set('limit', '50');
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export function AuditPage(): ReactNode {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifying, setVerifying] = useState(false);

  const search = async (cursor: string | null): Promise<void> => {
    setError(null);
    try {
      const page = await api<{ items: AuditEvent[]; nextCursor: string | null }>('GET', `/audit/events?${query(filters, cursor)}`);
      setEvents((previous) => (cursor && previous ? [...previous, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const verify = async (): Promise<void> => {
    setVerifying(true);
    setError(null);
    setVerification(null);
    try {
      setVerification(await api<AuditVerification>('GET', '/audit/verify'));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setVerifying(false);
    }
  };

  const field = (key: keyof Filters, label: string, type = 'text'): ReactNode => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{label}</label>
      <input id={`audit-${key}`} type={type} value={filters[key]} onChange={(event) => setFilters({ ...filters, [key]: event.target.value })} />
    </div>
  );

  return (
    <>
      <h1>Audit trail</h1>
      <section aria-labelledby="verify-heading">
        <h2 id="verify-heading">Integrity</h2>
        <button type="button" onClick={() => void verify()} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify the trail'}
        </button>
        <div role="status" data-testid="verify-result">
          {verification ? (
            verification.ok ? (
              <p className="ok">
                <span aria-hidden="true">✓ </span>The trail is intact: {verification.leavesVerified} events in {verification.batchesVerified} sealed batches verified, {verification.checkpointsVerified.database + verification.checkpointsVerified.external} checkpoints, {verification.unsealedEvents} events not sealed yet ({verification.durationMs} ms). Root {verification.rootHash.slice(0, 16)}…
              </p>
            ) : (
              <p className="error">
                <span aria-hidden="true">✖ </span>The trail does NOT verify: {verification.finding?.kind ?? 'unknown finding'} after {verification.leavesVerified} events. <code>{JSON.stringify(verification.finding)}</code>
              </p>
            )
          ) : null}
        </div>
      </section>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">Search</h2>
        <form
          className="filters"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void search(null);
          }}
        >
          {field('patientId', 'Patient id')}
          {field('caseId', 'Case id')}
          {field('actorUserId', 'Actor user id')}
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <select id="audit-action" value={filters.action} onChange={(event) => setFilters({ ...filters, action: event.target.value })}>
              {ACTIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          {field('from', 'From', 'datetime-local')}
          {field('to', 'To', 'datetime-local')}
          <button type="submit">Search</button>
        </form>
        <ErrorMessage error={error} />
        {events ? (
          <>
            <p role="status">{events.length} events shown.</p>
            <table className="audit">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Type</th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Entity</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id} data-testid="audit-row">
                    <td>{event.seq}</td>
                    <td>{formatDateTime(event.recordedAt)}</td>
                    <td>{event.type}</td>
                    <td>{event.action}</td>
                    <td>{event.outcome}</td>
                    <td>
                      <code>{event.actorUserId?.slice(0, 8) ?? '—'}</code>
                    </td>
                    <td>
                      {event.entityType} <code>{event.entityId?.slice(0, 8) ?? ''}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
