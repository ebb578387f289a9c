import type { ReactNode } from 'react';
import type { ReportLink } from '../../../types';
import { formatDay } from '../../../lib/format';

export const KIND_LABELS: Record<ReportLink['kind'], string> = {
  IMAGING: 'Imaging',
  PATHOLOGY: 'Pathology',
  OTHER: 'Other report',
};
/** The API refuses every other URL; the screen checks again before it makes a link (defence in depth). */
export function isSafeReportUrl(url: string): boolean {
  return /^https:\/\/[^\s]+$/i.test(url) || (/^\/[^/\\\s]/.test(url) && !url.includes('\\'));
}

/** The case's imaging and pathology reports as links that open in a new tab, one line each (or one line for all). */
export function ReportLinkList({
  links,
  inline = false,
}: {
  links: readonly ReportLink[];
  inline?: boolean;
}): ReactNode {
  if (links.length === 0) return <span data-testid="report-links">none linked.</span>;
  return (
    <ul className={inline ? 'report-links report-links-inline' : 'report-links'} data-testid="report-links">
      {links.map((link, index) => (
        <li key={`${link.url}-${index}`} data-testid="report-link">
          {isSafeReportUrl(link.url) ? (
            <a
              href={link.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`${link.title} (${KIND_LABELS[link.kind].toLowerCase()}, opens in a new tab)`}
            >
              {link.title}
            </a>
          ) : (
            link.title
          )}{' '}
          <span className="muted">
            ({[KIND_LABELS[link.kind], link.date ? formatDay(link.date) : null].filter(Boolean).join(', ')})
          </span>
        </li>
      ))}
    </ul>
  );
}
