import type { ReactNode } from 'react';
import { workflowOf } from '@consilium/pathway';
import { FieldMessage } from '../../../../components/form/fields';
import type { RecommendationDetail } from '../../types';

/** The pathway's own branches (colon lists colon branches) as radios, the draft's primary first. */
export function BranchChoices({
  id,
  recommendation,
  branch,
  onBranch,
  error,
}: {
  id: string;
  recommendation: RecommendationDetail;
  branch: string;
  onBranch: (code: string) => void;
  error: string | undefined;
}): ReactNode {
  const draft = recommendation.draftPlan;
  const workflow = workflowOf(recommendation.pathwayId ?? '');
  const branchCodes = workflow?.branchCodes ?? [];
  const primaryCode = draft?.primaryBranch.code ?? recommendation.primaryBranch ?? '';
  const alternativeCodes = new Set((draft?.alternatives ?? []).map((alternative) => alternative.code));
  const branches = [primaryCode, ...branchCodes.filter((code) => code !== primaryCode)]
    .filter(Boolean)
    .map((code) => ({ code, title: workflow?.branchTitle(code) ?? code }));

  return (
    <fieldset className="branches" {...(error ? { 'aria-describedby': `${id}-branch-error` } : {})}>
      <legend>Branch</legend>
      {branches.map((option, index) => (
        <label key={option.code} className="choice branch-choice">
          <input
            type="radio"
            id={index === 0 ? `${id}-branch` : undefined}
            name={`${id}-branch`}
            value={option.code}
            checked={branch === option.code}
            onChange={() => onBranch(option.code)}
          />{' '}
          {option.title}
          {option.code === primaryCode ? (
            <span className="muted"> (pathway primary)</span>
          ) : alternativeCodes.has(option.code) ? (
            <span className="muted"> (alternative in the draft)</span>
          ) : null}
        </label>
      ))}
      <FieldMessage id={`${id}-branch-error`} message={error} />
    </fieldset>
  );
}
