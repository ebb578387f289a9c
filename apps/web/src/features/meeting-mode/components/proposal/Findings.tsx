import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, refusalOf } from '../../../../api';
import { FieldMessage } from '../../../../components/form/fields';
import { ErrorMessage, humanize } from '../../../../components';
import type { RecommendationDetail } from '../../types';

/** The validator's findings; a clinician may override a block finding with a recorded reason. */
export function Findings({
  recommendation,
  canOverride,
  onOverridden,
}: {
  recommendation: RecommendationDetail;
  canOverride: boolean;
  onOverridden: () => void;
}): ReactNode {
  if (recommendation.findings.length === 0) return <p data-testid="findings">No findings.</p>;
  const overrides = new Map(recommendation.overrides.map((override) => [override.code, override]));
  const editable = canOverride && (recommendation.status === 'DRAFT' || recommendation.status === 'PROPOSED');
  return (
    <ul className="findings" data-testid="findings">
      {recommendation.findings.map((finding, index) => {
        const override = finding.severity === 'block' ? overrides.get(finding.code) : undefined;
        return (
          <li key={`${finding.code}-${index}`} data-testid="finding" data-code={finding.code}>
            <span className={`badge badge-${finding.severity.toLowerCase()}`}>
              <span aria-hidden="true">
                {finding.severity === 'block' ? '⛔ ' : finding.severity === 'warn' ? '⚠ ' : 'ℹ '}
              </span>
              {humanize(finding.severity)}
            </span>{' '}
            <code>{finding.code}</code> {finding.message}
            {override ? (
              <p className="ok override-state">
                <span aria-hidden="true">✓ </span>Overridden: “{override.reason}”
              </p>
            ) : finding.severity === 'block' && editable ? (
              <OverrideForm recommendationId={recommendation.id} code={finding.code} onOverridden={onOverridden} />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export function OverrideForm({
  recommendationId,
  code,
  onOverridden,
}: {
  recommendationId: string;
  code: string;
  onOverridden: () => void;
}): ReactNode {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFailure(null);
    try {
      await api('POST', '/recommendations/{id}/overrides', {
        path: { id: recommendationId },
        body: { code, reason: reason.trim() },
      });
      onOverridden();
    } catch (caught) {
      const reasonErrors = caught instanceof ApiError ? caught.errors.filter((item) => item.field === 'reason') : [];
      if (reasonErrors.length > 0) {
        setError(reasonErrors.map((item) => item.message).join('; '));
        document.getElementById(`${id}-reason`)?.focus();
      } else setFailure(refusalOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="override-form" noValidate onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-reason`}>Override reason for {code}</label>
      <textarea
        id={`${id}-reason`}
        rows={2}
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        aria-required="true"
        {...(error ? { 'aria-invalid': true, 'aria-describedby': `${id}-reason-error` } : {})}
      />
      <FieldMessage id={`${id}-reason-error`} message={error ?? undefined} />
      <ErrorMessage error={failure} />
      <button type="submit" className="danger" disabled={busy}>
        Override {code}
      </button>
    </form>
  );
}
