import type { ReactNode } from 'react';
import { ErrorMessage, humanize } from '../../../../components';
import type { Meeting, Tally } from '../../../../types';
import type { RecommendationDetail } from '../../types';
import { FieldMessage } from '../../../../components/form/fields';
import { useSignOff } from '../../hooks/use-sign-off';

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
  const { reason, setReason, text, setText, refusal, fieldErrors, busy, proposedBranch, deviates, missing, submit } =
    useSignOff(recommendation, draftBranch, tally, meeting, onSignedOff);

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
