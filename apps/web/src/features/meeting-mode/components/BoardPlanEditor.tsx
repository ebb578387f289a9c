import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { TREATMENT_MODALITIES } from '@consilium/pathway';
import { api, ApiError, refusalOf, type FieldError } from '../../../api';
import { ErrorMessage, humanize } from '../../../components';
import { normalizeField, placeFieldErrors } from '../../../components/form/field-errors';
import { useEditedVersion } from '../hooks/edited-version';
import type { RecommendationDetail, PlanEditorProps } from '../types';
import './board-plan.css';
import { FieldMessage } from '../../../components/form/fields';
import { MilestoneRows } from './board-plan/MilestoneRows';
import { RegimenRows, StepRows, type PlanFormKit } from './board-plan/PlanRows';
import { INTENT_CHOICES, type PlanForm, formOf, bodyOf, shownFields } from '../board-plan-form';
import { NewerVersionNotice } from './NewerVersionNotice';

/**
 * The board-authored plan of a case no pathway covers, written in the meeting: intent,
 * modalities, regimens (from the board's coded list or free text), ordered steps, follow-up
 * milestones on a date or counted from an anchor (they become reminders), notes. Saving sends
 * `boardPlan`; every refusal of the API appears beside its field.
 */
export function BoardPlanEditor({ recommendation, etag, meetingId, onSaved, onStale }: PlanEditorProps): ReactNode {
  const id = useId();
  const [form, setForm] = useState<PlanForm>(() => formOf(recommendation));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const edited = useEditedVersion(recommendation, etag, (from) => setForm(formOf(from)));

  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]): void => {
    edited.markEdited();
    setForm((previous) => ({ ...previous, [key]: value }));
  };
  const setRow = <K extends 'regimens' | 'steps' | 'milestones'>(
    key: K,
    index: number,
    patch: Partial<PlanForm[K][number]>,
  ): void => {
    edited.markEdited();
    setForm((previous) => ({
      ...previous,
      [key]: (previous[key] as PlanForm[K][number][]).map((row, at) => (at === index ? { ...row, ...patch } : row)),
    }));
  };
  const removeRow = (key: 'regimens' | 'steps' | 'milestones', index: number): void => {
    edited.markEdited();
    setForm((previous) => ({ ...previous, [key]: (previous[key] as unknown[]).filter((_, at) => at !== index) }));
  };

  const fieldId = (field: string): string => `${id}-${field.replace(/\./g, '-')}`;
  const invalid = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    errors[field]?.length ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(field)}-error` } : {};
  const message = (field: string): ReactNode => (
    <FieldMessage
      id={`${fieldId(field)}-error`}
      message={errors[field]?.length ? errors[field].join('; ') : undefined}
    />
  );

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const saved = (await api('PUT', '/recommendations/{id}/proposal', {
        path: { id: recommendation.id },
        body: bodyOf(form, meetingId),
        headers: edited.ifMatch(),
      })) as unknown as RecommendationDetail;
      edited.markClean();
      onSaved(saved, recommendation.round);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 412) {
        edited.markClean();
        onStale(
          'Not saved: someone else changed this plan while you were editing it. The form now shows their version; apply your change again if it is still needed.',
        );
      } else if (caught instanceof ApiError && caught.errors.length > 0) {
        // The proposal's intent and the plan's intent are one field on this form.
        const renamed: FieldError[] = caught.errors.map((error) =>
          normalizeField(error.field) === 'boardPlan.intent' ? { ...error, field: 'intent' } : error,
        );
        const { byField, unplaced } = placeFieldErrors(renamed, shownFields(form));
        setErrors(byField);
        setFailure(unplaced.length > 0 ? unplaced.join('; ') : null);
        const first = Object.keys(byField)[0];
        if (first) document.getElementById(fieldId(first))?.focus();
      } else {
        setFailure(refusalOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

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
