import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { FieldMessage } from '../../../components/form/fields';
import { ErrorMessage, humanize } from '../../../components';
import { useEditedVersion } from '../hooks/edited-version';
import { useProposalSave } from '../hooks/use-proposal-save';
import type { PlanEditorProps } from '../types';
import { INTENTS, type ProposalField, formValues, regimenChoices } from '../proposal-form';
import { NewerVersionNotice } from './NewerVersionNotice';
import { BranchChoices } from './proposal/BranchChoices';
import { RegimenChoices } from './proposal/RegimenChoices';

/** The form the board edits in the meeting; each save recomputes the findings (and may open a new round). */
export function ProposalEditor({ recommendation, etag, meetingId, onSaved, onStale }: PlanEditorProps): ReactNode {
  const id = useId();
  const verdictsOf = recommendation.draftPlan?.regimens;
  const initial = formValues(recommendation);
  const [branch, setBranch] = useState(initial.branch);
  const [intent, setIntent] = useState(initial.intent);
  const [steps, setSteps] = useState(initial.steps);
  const [regimens, setRegimens] = useState<string[]>(initial.regimens);
  const [rationale, setRationale] = useState(initial.rationale);
  const [delayReason, setDelayReason] = useState(initial.delayReason);
  const edited = useEditedVersion(recommendation, etag, (from) => {
    const values = formValues(from);
    setBranch(values.branch);
    setIntent(values.intent);
    setSteps(values.steps);
    setRegimens(values.regimens);
    setRationale(values.rationale);
    setDelayReason(values.delayReason);
  });
  const { errors, failure, busy, save } = useProposalSave(id, recommendation, edited, { onSaved, onStale });

  // The pathway's systemic regimens for this case: preferred, allowed, then those it forbids. A
  // forbidden one is disabled, its reason shown, unless the board says it departs on purpose
  // (then the validator answers with a block finding that needs an override with a reason).
  const [allowForbidden, setAllowForbidden] = useState(() =>
    initial.regimens.some((code) => (verdictsOf?.forbidden ?? []).some((decision) => decision.regimen === code)),
  );
  const choices = regimenChoices(verdictsOf);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    await save({ meetingId, branch, intent, steps, regimens, rationale, delayReason });
  };

  const described = (field: ProposalField, hint?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } => {
    const ids = [hint, errors[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(' ');
    return { ...(errors[field] ? { 'aria-invalid': true as const } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
  };

  return (
    <form
      className="proposal-form"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      onChange={edited.markEdited}
    >
      <h3 id={`${id}-heading`}>Board proposal</h3>
      <NewerVersionNotice shown={edited.newerVersion !== null} onShowNewer={edited.showNewer}>
        A newer version of this plan was saved while you were editing (by someone else, or by an override). Your unsaved
        changes are kept below, but saving them will be refused.
      </NewerVersionNotice>
      <p className="muted">
        Saving re-runs the validator. An edit after votes were cast opens a new voting round: earlier votes stay on
        record but no longer count.
      </p>
      <BranchChoices
        id={id}
        recommendation={recommendation}
        branch={branch}
        onBranch={setBranch}
        error={errors.branch}
      />
      <div className="proposal-grid">
        <div className="field">
          <label htmlFor={`${id}-intent`}>Intent</label>
          <select
            id={`${id}-intent`}
            value={intent}
            onChange={(event) => setIntent(event.target.value)}
            {...described('intent')}
          >
            <option value="">Choose the intent</option>
            {INTENTS.map((value) => (
              <option key={value} value={value}>
                {humanize(value)}
              </option>
            ))}
          </select>
          <FieldMessage id={`${id}-intent-error`} message={errors.intent} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-steps`}>Steps</label>
        <span className="muted" id={`${id}-steps-hint`}>
          One step per line, in order.
        </span>
        <textarea
          id={`${id}-steps`}
          rows={5}
          value={steps}
          onChange={(event) => setSteps(event.target.value)}
          {...described('steps', `${id}-steps-hint`)}
        />
        <FieldMessage id={`${id}-steps-error`} message={errors.steps} />
      </div>
      <RegimenChoices
        id={id}
        choices={choices}
        regimens={regimens}
        onRegimens={setRegimens}
        allowForbidden={allowForbidden}
        onAllowForbidden={setAllowForbidden}
        error={errors.regimens}
      />
      <div className="field">
        <label htmlFor={`${id}-rationale`}>Rationale</label>
        <textarea
          id={`${id}-rationale`}
          rows={3}
          maxLength={5000}
          value={rationale}
          onChange={(event) => setRationale(event.target.value)}
          {...described('rationale')}
        />
        <FieldMessage id={`${id}-rationale-error`} message={errors.rationale} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-systemicDelayReason`}>Reason for a systemic start later than 4 weeks (optional)</label>
        <input
          id={`${id}-systemicDelayReason`}
          maxLength={1000}
          value={delayReason}
          onChange={(event) => setDelayReason(event.target.value)}
          {...described('systemicDelayReason')}
        />
        <FieldMessage id={`${id}-systemicDelayReason-error`} message={errors.systemicDelayReason} />
      </div>
      <ErrorMessage error={failure} />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save the proposal'}
      </button>
    </form>
  );
}
