import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, refusalOf, type BodyOf } from '../../../../api';
import { placeErrors } from '../../../../components/form/field-errors';
import { ErrorMessage, humanize } from '../../../../components';
import type { Meeting, Tally } from '../../../../types';
import { signOffMissing } from '../../tally-messages';
import type { RecommendationDetail } from '../../types';
import { FieldMessage } from '../../../../components/form/fields';

export const DEVIATION_REASONS = [
  'PATIENT_PREFERENCE',
  'COMORBIDITY',
  'CLINICAL_TRIAL',
  'NEW_INFORMATION',
  'OTHER',
] as const;

export function SignOff({
  recommendation,
  draftBranch,
  branchTitle,
  tally,
  meeting,
  onSignedOff,
}: {
  recommendation: RecommendationDetail;
  draftBranch: string | null;
  branchTitle: (code: string) => string;
  tally: Tally | null;
  meeting: Meeting;
  onSignedOff: () => void;
}): ReactNode {
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const proposedBranch = recommendation.proposedPlan?.branch ?? null;
  // A board-authored plan (no pathway) has no branch to depart from.
  const deviates = draftBranch !== null && proposedBranch !== null && proposedBranch !== draftBranch;
  const missing = signOffMissing(recommendation, tally, meeting);
  if (deviates && !reason) missing.push('a deviation reason: the proposal departs from the pathway');
  if (deviates && reason === 'OTHER' && !text.trim()) missing.push('the explanation of the deviation');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setFieldErrors({});
    try {
      const body =
        deviates && reason
          ? { deviationReason: reason, ...(reason === 'OTHER' || text.trim() ? { deviationText: text.trim() } : {}) }
          : {};
      await api('POST', '/recommendations/{id}/sign-off', {
        path: { id: recommendation.id },
        body: body as BodyOf<'POST', '/recommendations/{id}/sign-off'>,
      });
      onSignedOff();
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const { placed, rest } = placeErrors(
          caught.errors,
          deviates ? ['deviationReason', ...(reason === 'OTHER' ? ['deviationText'] : [])] : [],
        );
        setFieldErrors(placed);
        setRefusal(rest.length > 0 ? rest.join('; ') : null);
      } else {
        setRefusal(refusalOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    fieldErrors[field] ? { 'aria-invalid': true, 'aria-describedby': `signoff-${field}-error` } : {};
  return (
    <form className="signoff" noValidate aria-labelledby="signoff-heading" onSubmit={(event) => void submit(event)}>
      <h3 id="signoff-heading">Sign off</h3>
      {recommendation.pathwayId === null ? (
        <p>
          {recommendation.proposedPlan
            ? 'The board-authored plan is recorded: no pathway applies, so there is no pathway to depart from.'
            : 'No board plan has been recorded yet.'}
        </p>
      ) : proposedBranch && draftBranch ? (
        <p>
          Proposed: {branchTitle(proposedBranch)}; pathway primary branch: {branchTitle(draftBranch)}.
          {deviates
            ? ' The proposal departs from the pathway: a deviation reason is required.'
            : ' The proposal follows the pathway.'}
        </p>
      ) : null}
      {deviates ? (
        <>
          <label htmlFor="deviation-reason">
            Deviation reason<span aria-hidden="true"> *</span>
          </label>
          <select
            id="deviation-reason"
            required
            aria-required="true"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            {...invalid('deviationReason')}
          >
            <option value="">Choose a reason</option>
            {DEVIATION_REASONS.map((value) => (
              <option key={value} value={value}>
                {humanize(value)}
              </option>
            ))}
          </select>
          <FieldMessage id="signoff-deviationReason-error" message={fieldErrors.deviationReason} />
          {reason === 'OTHER' ? (
            <>
              <label htmlFor="deviation-text">
                Deviation explanation<span aria-hidden="true"> *</span>
              </label>
              <textarea
                id="deviation-text"
                rows={2}
                maxLength={2000}
                required
                aria-required="true"
                value={text}
                onChange={(event) => setText(event.target.value)}
                {...invalid('deviationText')}
              />
              <FieldMessage id="signoff-deviationText-error" message={fieldErrors.deviationText} />
            </>
          ) : null}
        </>
      ) : null}
      {missing.length > 0 ? (
        <div data-testid="signoff-missing" id="signoff-missing">
          <p>Sign-off needs:</p>
          <ul className="missing-list">
            {missing.map((item) => (
              <li key={item}>
                <span aria-hidden="true">✖ </span>
                {item}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="ok" data-testid="signoff-ready">
          <span aria-hidden="true">✓ </span>Quorum, consensus and findings allow the sign-off.
        </p>
      )}
      <div data-testid="signoff-refusal">
        <ErrorMessage error={refusal} />
      </div>
      <button
        type="submit"
        disabled={busy || missing.length > 0}
        aria-describedby={missing.length > 0 ? 'signoff-missing' : undefined}
      >
        {busy ? 'Signing off…' : 'Sign off the plan'}
      </button>
    </form>
  );
}
