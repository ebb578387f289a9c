import type { ReactNode } from 'react';
import { TREATMENT_MODALITIES } from '@consilium/pathway';
import { ErrorMessage, humanize } from '../../../components';
import type { PlanEditorProps } from '../types';
import './board-plan.css';
import { FieldMessage } from '../../../components/form/fields';
import { MilestoneRows } from './board-plan/MilestoneRows';
import { RegimenRows, StepRows, type PlanFormKit } from './board-plan/PlanRows';
import { INTENT_CHOICES } from '../board-plan-form';
import { useBoardPlanForm } from '../hooks/use-board-plan-form';
import { NewerVersionNotice } from './NewerVersionNotice';

/**
 * The board-authored plan of a case no pathway covers, written in the meeting: intent,
 * modalities, regimens (from the board's coded list or free text), ordered steps, follow-up
 * milestones on a date or counted from an anchor (they become reminders), notes. Saving sends
 * `boardPlan`; every refusal of the API appears beside its field.
 */
export function BoardPlanEditor(props: PlanEditorProps): ReactNode {
  const { id, form, set, setRow, removeRow, edited, errors, failure, busy, fieldId, invalid, submit } =
    useBoardPlanForm(props);
  const message = (field: string): ReactNode => (
    <FieldMessage
      id={`${fieldId(field)}-error`}
      message={errors[field]?.length ? errors[field].join('; ') : undefined}
    />
  );

  const kit: PlanFormKit = { form, set, setRow, removeRow, fieldId, invalid, message };
  return (
    <form
      className="proposal-form board-plan-form"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      data-testid="board-plan-editor"
    >
      <h3 id={`${id}-heading`}>Board-authored plan</h3>
      <NewerVersionNotice shown={edited.newerVersion !== null} onShowNewer={edited.showNewer}>
        A newer version of this plan was saved while you were editing. Your unsaved changes are kept below, but saving
        them will be refused.
      </NewerVersionNotice>
      <p className="muted">
        No pathway covers this case: the board writes the plan. Its follow-up milestones become reminders once it is
        signed off. Saving after votes were cast opens a new voting round.
      </p>
      <div className="field">
        <label htmlFor={fieldId('intent')}>Intent</label>
        <select
          id={fieldId('intent')}
          value={form.intent}
          onChange={(event) => set('intent', event.target.value)}
          {...invalid('intent')}
        >
          <option value="">Choose the intent</option>
          {INTENT_CHOICES.map((intent) => (
            <option key={intent} value={intent}>
              {humanize(intent)}
            </option>
          ))}
        </select>
        {message('intent')}
      </div>

      <fieldset
        id={fieldId('boardPlan.modalities')}
        tabIndex={-1}
        {...(errors['boardPlan.modalities'] ? { 'aria-describedby': `${fieldId('boardPlan.modalities')}-error` } : {})}
      >
        <legend>Modalities</legend>
        {TREATMENT_MODALITIES.map((modality) => (
          <label key={modality} className="choice">
            <input
              type="checkbox"
              checked={form.modalities.includes(modality)}
              onChange={(event) =>
                set(
                  'modalities',
                  event.target.checked
                    ? [...form.modalities, modality]
                    : form.modalities.filter((chosen) => chosen !== modality),
                )
              }
            />{' '}
            {humanize(modality)}
          </label>
        ))}
        {message('boardPlan.modalities')}
      </fieldset>

      <RegimenRows kit={kit} />
      <StepRows kit={kit} />
      <MilestoneRows kit={kit} />

      <div className="field">
        <label htmlFor={fieldId('rationale')}>Rationale</label>
        <textarea
          id={fieldId('rationale')}
          rows={3}
          maxLength={5000}
          value={form.rationale}
          onChange={(event) => set('rationale', event.target.value)}
          {...invalid('rationale')}
        />
        {message('rationale')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('boardPlan.notes')}>Notes (optional)</label>
        <textarea
          id={fieldId('boardPlan.notes')}
          rows={2}
          maxLength={5000}
          value={form.notes}
          onChange={(event) => set('notes', event.target.value)}
          {...invalid('boardPlan.notes')}
        />
        {message('boardPlan.notes')}
      </div>
      {message('boardPlan')}
      <ErrorMessage error={failure} />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save the board plan'}
      </button>
    </form>
  );
}
