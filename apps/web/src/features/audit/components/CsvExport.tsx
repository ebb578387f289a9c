import { query, type Filters } from '../audit-query';
import { useEffect, useState, type ReactNode } from 'react';
import { apiDownload, messageOf, urlOf } from '../../../api';
import { ErrorMessage } from '../../../components';

/** Exports the search shown as CSV: fetched with the bearer token, offered as a blob link. */
export function CsvExport({ filters }: { filters: Filters }): ReactNode {
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
