import { useState, type ReactNode } from 'react';
import { api, messageOf } from '../../../../api';
import { ErrorMessage } from '../../../../components';

/**
 * What the coordinator does with a case before the meeting: edit it, mark a complete case ready
 * (the agenda takes only READY cases), and (re)draft the plan from the pathway on its current
 * facts (POST /cases/:id/drafts: a new draft version, the older one superseded).
 */
export function CoordinatorActions({
  caseId,
  reference,
  status,
  complete,
  hasDraft,
  onChanged,
}: {
  caseId: string;
  reference: string;
  status: string;
  complete: boolean;
  hasDraft: boolean;
  onChanged: () => void;
}): ReactNode {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const decided = status === 'DECIDED' || status === 'IN_TREATMENT';
  const run = async (action: () => Promise<unknown>, done: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setNotice(done);
      onChanged();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="case-actions">
      <p className="inline-form">
        <a href={`#/cases/${caseId}/edit`}>Edit the case</a>
        {status === 'REFERRED' && complete ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => api('POST', '/cases/{id}/status', { path: { id: caseId }, body: { status: 'READY' } }),
                `${reference} is ready: it can now be put on an agenda.`,
              )
            }
          >
            Mark ready
          </button>
        ) : null}
        {!decided ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              void run(
                () => api('POST', '/cases/{id}/drafts', { path: { id: caseId } }),
                `A new draft plan was made from the pathway for ${reference}.`,
              )
            }
          >
            {hasDraft ? 'Redraft the plan' : 'Draft the plan'}
          </button>
        ) : null}
      </p>
      {status === 'REFERRED' && !complete ? (
        <p className="muted">Complete the missing items to mark the case ready for a meeting.</p>
      ) : null}
      <ErrorMessage error={error} />
      <p role="status" data-testid="case-action-notice">
        {notice}
      </p>
    </div>
  );
}
