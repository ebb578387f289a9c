import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { authorizedFetch, messageOf } from '../../../api';
import { ErrorMessage } from '../../../components';

interface OutcomeIssue {
  severity?: string;
  diagnostics?: string;
  expression?: string[];
}

interface ImportResult {
  caseId: string;
  caseReference: string;
  patient: 'created' | 'updated' | 'unchanged';
  outcome: { issue?: OutcomeIssue[] };
}

/**
 * A case from the hospital record: the coordinator picks a FHIR R4 / mCODE Bundle exported by the
 * EHR and the API (POST /fhir/R4) takes in the patient and a REFERRED case. Every element it could
 * not map is listed, never dropped silently; a refusal shows the OperationOutcome's words.
 */
export function FhirImport({ boardId }: { boardId: string }): ReactNode {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const upload = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      if (!boardId) throw new Error('Choose the board first.');
      const response = await authorizedFetch(`/fhir/R4?boardId=${encodeURIComponent(boardId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: await file.text(),
      });
      const body = (await response.json().catch(() => null)) as
        (ImportResult & { issue?: OutcomeIssue[]; detail?: string }) | null;
      if (!response.ok) {
        const words =
          body?.issue
            ?.map((issue) => [issue.diagnostics, issue.expression?.join(', ')].filter(Boolean).join(' at '))
            .join('; ') ?? body?.detail;
        throw new Error(`The bundle was refused (${response.status}): ${words ?? 'no details'}`);
      }
      setResult(body);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
      event.target.value = '';
    }
  };

  const unmapped = result?.outcome.issue?.filter((issue) => issue.severity !== 'information') ?? [];
  return (
    <section className="fhir-import" aria-labelledby={`${id}-heading`} data-testid="fhir-import">
      <h2 id={`${id}-heading`}>Import from the hospital record</h2>
      <p className="muted">
        A FHIR R4 Bundle with the mCODE profiles (patient, primary cancer, staging, ECOG, biomarkers, comorbidities)
        becomes a referred case on the board chosen below.
      </p>
      <label htmlFor={`${id}-file`}>FHIR bundle (JSON)</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".json,application/json,application/fhir+json"
        disabled={busy}
        onChange={(event) => void upload(event)}
      />
      {busy ? <p role="status">Importing…</p> : null}
      <ErrorMessage error={error} />
      {result ? (
        <div role="status" data-testid="fhir-import-result">
          <p className="ok">
            <span aria-hidden="true">✓ </span>Case <a href={`#/cases/${result.caseId}`}>{result.caseReference}</a>{' '}
            created (patient {result.patient}). <a href={`#/cases/${result.caseId}/edit`}>Complete the case</a>: the
            question for the board, the imaging date and the pathway's own facts are not in the record.
          </p>
          {unmapped.length > 0 ? (
            <>
              <p>Not taken over from the bundle ({unmapped.length}):</p>
              <ul data-testid="fhir-import-unmapped">
                {unmapped.map((issue, index) => (
                  <li key={index}>
                    {issue.diagnostics}
                    {issue.expression?.length ? <code> {issue.expression.join(', ')}</code> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>Every element of the bundle was taken over.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
