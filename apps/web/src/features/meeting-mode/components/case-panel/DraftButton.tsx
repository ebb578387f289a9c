import { useEffect, useState, type ReactNode } from 'react';
import { api, messageOf } from '../../../../api';
import { ErrorMessage } from '../../../../components';

/** The coordinator runs the pathway on the case's current facts: a draft, or a new version of it. */
export function DraftButton({
  caseId,
  hasDraft,
  onDrafted,
}: {
  caseId: string;
  hasDraft: boolean;
  onDrafted: () => void;
}): ReactNode {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [caseId]);
  const draft = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/cases/{id}/drafts', { path: { id: caseId } });
      onDrafted();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void draft()}>
        {hasDraft ? 'Redraft the plan' : 'Draft the plan'}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
