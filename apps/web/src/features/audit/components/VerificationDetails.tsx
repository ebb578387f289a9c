import { type ReactNode } from 'react';
import { checkpointNotes, explainFinding } from '../audit-findings';
import type { AuditVerification } from '../../../types';

/** GET /audit/verify in words below the verdict: the first mismatch, the checkpoint facts, the raw report last. */
export function VerificationDetails({ report }: { report: AuditVerification }): ReactNode {
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
        <summary>
          Raw report ({report.durationMs} ms, root {report.rootHash.slice(0, 16)}…)
        </summary>
        <pre className="hash" data-testid="verify-raw">
          {JSON.stringify(report, null, 2)}
        </pre>
      </details>
    </>
  );
}
