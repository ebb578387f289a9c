import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, apiDownload, ApiError, messageOf, urlOf, type RequestOptions } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { checkpointNotes, explainFinding, verificationSummary } from '../audit-findings';
import { checkProof, type ProofCheckResult } from '../proof';
import type { AuditEvent, AuditEventPage, AuditVerification, InclusionProof } from '../../../types';

/** Event families and the types an auditor asks about most; the API takes either. */
const EVENT_TYPES = [
  ['', 'Any event'],
  ['case', 'Cases (any)'],
  ['case.read', 'Case viewed'],
  ['case.list', 'Case list viewed'],
  ['patient', 'Patient records'],
  ['meeting.agenda.read', 'Agenda or meeting mode viewed'],
  ['meeting', 'Meetings (any)'],
  ['recommendation', 'Recommendations (any)'],
  ['recommendation.propose', 'Proposal edited'],
  ['recommendation.override', 'Finding overridden'],
  ['recommendation.sign-off', 'Signed off'],
  ['recommendation.provenance', 'Provenance exported'],
  ['vote', 'Votes'],
  ['treatment-event', 'Treatment events'],
  ['auth', 'Sign-ins and sessions'],
  ['audit', 'Audit trail use'],
] as const;

const ACTIONS = [
  ['', 'Any'],
  ['C', 'Create'],
  ['R', 'Read'],
  ['U', 'Update'],
  ['D', 'Delete'],
  ['E', 'Execute'],
] as const;

interface Filters {
  action: string;
  patient: string;
  caseReference: string;
  user: string;
  type: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: '', patient: '', caseReference: '', user: '', type: '', from: '', to: '' };

type AuditQuery = NonNullable<RequestOptions<'GET', '/audit/events'>['query']>;

function query(filters: Filters, cursor: string | null, limit: number | null = 50): AuditQuery {
  const text = (value: string): string | undefined => value.trim() || undefined;
  return {
    patient: text(filters.patient),
    caseReference: text(filters.caseReference),
    user: text(filters.user),
    type: text(filters.type),
    // The select offers the API's actions only.
    action: text(filters.action) as AuditQuery['action'],
    // datetime-local is local time without a zone: send the instant.
    from: filters.from ? new Date(filters.from).toISOString() : undefined,
    to: filters.to ? new Date(filters.to).toISOString() : undefined,
    limit: limit ?? undefined,
    cursor: cursor ?? undefined,
  };
}

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
        <form
          className="filters"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void search(null);
          }}
        >
          {field('patient', 'Patient name or MRN')}
          {field('caseReference', 'Case reference')}
          {field('user', 'User name or e-mail')}
          <div className="field">
            <label htmlFor="audit-type">Event</label>
            <select id="audit-type" value={filters.type} onChange={(event) => setFilters({ ...filters, type: event.target.value })}>
              {EVENT_TYPES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
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
            {matched ? <Matched matched={matched} /> : null}
            {searched ? <CsvExport key={urlOf('', undefined, query(searched, null, null))} filters={searched} /> : null}
            <EventTable events={events} proofOf={proofOf?.id ?? null} onProof={setProofOf} />
            {proofOf ? <ProofView key={proofOf.id} eventId={proofOf.id} label={`event ${proofOf.seq}`} onClose={() => setProofOf(null)} /> : null}
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

/** What the words of the search matched, each with "who saw" links. */
function Matched({ matched }: { matched: AuditEventPage['matched'] }): ReactNode {
  if (matched.patients.length + matched.cases.length + matched.users.length === 0) return null;
  return (
    <ul className="matched" data-testid="audit-matched">
      {matched.patients.map((patient) => (
        <li key={patient.id}>
          Patient {patient.name} (MRN {patient.mrn}): <a href={`#/audit/reads/patient/${patient.id}`}>who saw this patient</a>
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
export function EventTable({ events, proofOf, onProof }: { events: AuditEvent[]; proofOf: string | null; onProof: (event: AuditEvent) => void }): ReactNode {
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
              {event.patientName && !event.entityLabel.includes(event.patientName) ? <span className="muted"> ({event.patientName})</span> : null}
            </td>
            <td className="muted">{[event.screen ? humanize(event.screen) : null, event.route].filter(Boolean).join(' · ') || '—'}</td>
            <td>
              <button type="button" className="secondary" onClick={() => onProof(event)} aria-label={`Inclusion proof of event ${event.seq}`} aria-pressed={proofOf === event.id}>
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

/** GET /audit/verify in words below the verdict: the first mismatch, the checkpoint facts, the raw report last. */
function VerificationDetails({ report }: { report: AuditVerification }): ReactNode {
  return (
    <>
      {report.finding ? (
        <>
          <h3>What broke</h3>
          <ul data-testid="verify-finding">
            <li>{explainFinding(report.finding)}</li>
          </ul>
        </>
      ) : null}
      <h3>Checkpoint files</h3>
      <ul data-testid="verify-notes">
        {checkpointNotes(report).map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <details>
        <summary>Raw report ({report.durationMs} ms, root {report.rootHash.slice(0, 16)}…)</summary>
        <pre className="hash" data-testid="verify-raw">{JSON.stringify(report, null, 2)}</pre>
      </details>
    </>
  );
}

/** Exports the search shown as CSV: fetched with the bearer token, offered as a blob link. */
function CsvExport({ filters }: { filters: Filters }): ReactNode {
  const [file, setFile] = useState<{ url: string; size: number; rows: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => (file ? URL.revokeObjectURL(file.url) : undefined), [file]);

  const prepare = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      // The export comes in pages (at most 500 events each): follow the Link header, keep one header row.
      const lines: string[] = [];
      let next: string | null = urlOf('/audit/events/export.csv', undefined, query(filters, null, 500));
      while (next !== null) {
        const page: { text: string; next: string | null } = await apiDownload(next);
        const [header = '', ...rows] = page.text.split('\r\n').filter(Boolean);
        if (lines.length === 0) lines.push(header);
        lines.push(...rows);
        next = page.next;
      }
      const blob = new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv' });
      setFile({ url: URL.createObjectURL(blob), size: blob.size, rows: lines.length - 1 });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="inline-form" data-testid="csv-export">
      <button type="button" className="secondary" onClick={() => void prepare()} disabled={busy}>
        {busy ? 'Exporting…' : 'Export this search as CSV'}
      </button>
      {file ? (
        <a href={file.url} download="audit-events.csv">
          Download audit-events.csv ({file.rows} events, {Math.max(1, Math.round(file.size / 1024))} KB)
        </a>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}

/** An event's inclusion proof, checked in this browser (Web Crypto) before it says "verified". */
export function ProofView({ eventId, label, onClose }: { eventId: string; label: string; onClose: () => void }): ReactNode {
  const [proof, setProof] = useState<InclusionProof | null>(null);
  const [check, setCheck] = useState<ProofCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    let live = true;
    setError(null);
    api('GET', '/audit/events/{id}/proof', { path: { id: eventId } })
      .then(async (loaded) => {
        if (!live) return;
        setProof(loaded);
        const result = await checkProof(loaded);
        if (live) setCheck(result);
      })
      .catch((caught: unknown) => live && setError(caught instanceof ApiError && caught.status === 409 ? 'This event is not sealed into the log yet; retry in a few seconds.' : messageOf(caught)));
    return () => {
      live = false;
    };
  }, [eventId, attempt]);

  return (
    <section className="proof" aria-labelledby="proof-heading" data-testid="proof">
      <h2 id="proof-heading" tabIndex={-1} ref={heading}>
        Inclusion proof of {label}
      </h2>
      <ErrorMessage error={error} />
      {error ? (
        <button type="button" className="secondary" onClick={() => setAttempt((value) => value + 1)}>
          Retry
        </button>
      ) : null}
      {proof ? (
        <>
          <div role="status" data-testid="proof-result">
            {check === null ? (
              <p>Checking the proof in this browser…</p>
            ) : check.ok ? (
              <p className="ok total">
                <span aria-hidden="true">✓ </span>Proof verified: the event hashes to leaf {proof.leafIndex}, its audit path leads to the root of the checkpoint of tree size {proof.treeSize}
                {check.signatureChecked ? `, and the checkpoint's Ed25519 signature is valid for key ${check.keyId ?? ''}.` : '. This browser cannot check Ed25519 signatures: verify the checkpoint with scripts/ts/verify-proof.ts.'}
              </p>
            ) : (
              <p className="error total">
                <span aria-hidden="true">✖ </span>The proof does NOT verify: {check.failure}
              </p>
            )}
          </div>
          <dl>
            <dt>Event</dt>
            <dd>
              <code>{proof.event.id}</code>
            </dd>
            <dt>Leaf index</dt>
            <dd data-testid="proof-leaf-index">{proof.leafIndex}</dd>
            <dt>Leaf hash</dt>
            <dd className="hash">{proof.leafHash}</dd>
            <dt>Tree size</dt>
            <dd data-testid="proof-tree-size">{proof.treeSize}</dd>
            <dt>Audit path ({proof.auditPath.length} hashes, leaf to root)</dt>
            <dd>
              <ol className="hash" data-testid="proof-path">
                {proof.auditPath.map((hash, index) => (
                  <li key={index}>{hash}</li>
                ))}
              </ol>
            </dd>
            <dt>Checkpoint root</dt>
            <dd className="hash">{proof.checkpoint.rootHash}</dd>
            <dt>Checkpoint signed</dt>
            <dd>
              {formatDateTime(proof.checkpoint.signedAt)} by key <code>{proof.checkpoint.keyId}</code>
            </dd>
            <dt>Signed note</dt>
            <dd>
              <pre className="hash">{proof.checkpoint.note}</pre>
            </dd>
          </dl>
          <p className="muted">The signature is checked with the public key the proof carries; compare its key id with the one your organisation published for the log.</p>
        </>
      ) : null}
      <button type="button" className="secondary" onClick={onClose}>
        Close the proof
      </button>
    </section>
  );
}
