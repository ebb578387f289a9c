import { useEffect, useState, type ReactNode } from 'react';
import { authorizedFetch, messageOf } from '../api';
import { ErrorMessage } from './index';

/**
 * A PDF the API serves behind the bearer token: fetched on request and offered as a blob link
 * (a plain link would not carry the token).
 */
export function PdfDownload({ path, fileName, label }: { path: string; fileName: string; label: string }): ReactNode {
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);

  const prepare = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const response = await authorizedFetch(path);
      if (!response.ok) throw new Error(`the PDF answered ${response.status}`);
      setUrl(URL.createObjectURL(await response.blob()));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="inline-form">
      {url ? (
        <a href={url} download={fileName}>
          Download {fileName}
        </a>
      ) : (
        <button type="button" className="secondary" onClick={() => void prepare()} disabled={busy}>
          {busy ? 'Preparing the PDF…' : label}
        </button>
      )}
      <ErrorMessage error={error} />
    </span>
  );
}
