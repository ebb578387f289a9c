import type { ReactNode } from 'react';
import { humanize } from '../lib/format';
import type { CaseStatus, Readiness } from '../types';

/** Statuses past the board's decision: readiness for a meeting no longer means anything there. */
const DECIDED_STATUSES: readonly CaseStatus[] = ['DECIDED', 'IN_TREATMENT', 'CLOSED'];

/** Whether the case's readiness for a meeting is still worth showing (not once it is decided). */
export function showsReadiness(status: CaseStatus): boolean {
  return !DECIDED_STATUSES.includes(status);
}

/**
 * Readiness as text and icon (never colour alone), the missing items listed. With the case's
 * status it never contradicts it: nothing once decided, and a complete case still REFERRED reads
 * "complete, not yet marked ready" (the coordinator marks it).
 */
export function ReadinessBadge({ readiness, status }: { readiness: Readiness; status?: CaseStatus }): ReactNode {
  if (status && !showsReadiness(status)) return null;
  if (readiness.ready && status === 'REFERRED') {
    return (
      <span className="badge badge-warn" data-testid="readiness">
        <span aria-hidden="true">◔ </span>Complete, not yet marked ready
      </span>
    );
  }
  if (readiness.ready) {
    return (
      <span className="badge badge-ok" data-testid="readiness">
        <span aria-hidden="true">✓ </span>Ready
      </span>
    );
  }
  return (
    <span className="readiness">
      <span className="badge badge-warn" data-testid="readiness">
        <span aria-hidden="true">⚠ </span>Not ready: {readiness.missing.length} missing
      </span>
      <ul className="missing">
        {readiness.missing.map((item) => (
          <li key={item.code}>{item.message}</li>
        ))}
      </ul>
    </span>
  );
}

export function ErrorMessage({ error }: { error: string | null }): ReactNode {
  return error ? (
    <p className="error" role="alert">
      <span aria-hidden="true">✖ </span>
      {error}
    </p>
  ) : null;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export { humanize } from '../lib/format';

/** The case facts as a definition list (the pathway's shape, empty values left out). */
export function Facts({ facts }: { facts: Record<string, unknown> }): ReactNode {
  const entries = Object.entries(facts).filter(([, value]) => value !== null && value !== undefined);
  return (
    <dl className="facts">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{humanize(key.replace(/([a-z])([A-Z])/g, '$1 $2'))}</dt>
          <dd>{formatFact(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Facts as short text: nested objects as "key value" pairs, lists joined, empty values left out. */
function formatFact(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(formatFact).join('; ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, inner]) => inner !== null && inner !== undefined)
      .map(([key, inner]) => `${humanize(key.replace(/([a-z])([A-Z])/g, '$1 $2')).toLowerCase()} ${formatFact(inner)}`)
      .join(', ');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}
