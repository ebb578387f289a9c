import type { ReactNode } from 'react';
import type { Readiness } from './types';

/** Readiness as text and icon (never colour alone), the missing items listed. */
export function ReadinessBadge({ readiness }: { readiness: Readiness }): ReactNode {
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

export function humanize(code: string): string {
  const text = code.replace(/[_-]+/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
