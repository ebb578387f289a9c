import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { BOARD_PLAN_ANCHORS, BOARD_REGIMEN_CODES, TREATMENT_MODALITIES } from '@consilium/pathway';
import { api, ApiError, refusalOf, type FieldError } from '../../../api';
import { ErrorMessage, humanize } from '../../../components';
import { normalizeField, placeFieldErrors } from '../../../components/form/field-errors';
import { useEditedVersion } from '../hooks/edited-version';
import type { RecommendationDetail, PlanEditorProps } from '../types';
import './board-plan.css';
import { FieldMessage } from '../../../components/form/fields';
import { INTENT_CHOICES, ANCHOR_LABELS, type PlanForm, formOf, bodyOf, shownFields } from '../board-plan-form';

/**
 * The board-authored plan of a case no pathway covers, written in the meeting: intent,
 * modalities, regimens (from the board's coded list or free text), ordered steps, follow-up
 * milestones on a date or counted from an anchor (they become reminders), notes. Saving sends
 * `boardPlan`; every refusal of the API appears beside its field.
 */
export function BoardPlanEditor({
  recommendation,
  etag,
  meetingId,
  onSaved,
  onStale,
}: PlanEditorProps): ReactNode {
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
  const setRow = <K extends 'regimens' | 'steps' | 'milestones'>(key: K, index: number, patch: Partial<PlanForm[K][number]>): void => {
    edited.markEdited();
    setForm((previous) => ({ ...previous, [key]: (previous[key] as PlanForm[K][number][]).map((row, at) => (at === index ? { ...row, ...patch } : row)) }));
  };
  const removeRow = (key: 'regimens' | 'steps' | 'milestones', index: number): void => {
    edited.markEdited();
    setForm((previous) => ({ ...previous, [key]: (previous[key] as unknown[]).filter((_, at) => at !== index) }));
  };

  const fieldId = (field: string): string => `${id}-${field.replace(/\./g, '-')}`;
  const invalid = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } => (errors[field]?.length ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(field)}-error` } : {});
  const message = (field: string): ReactNode => <FieldMessage id={`${fieldId(field)}-error`} message={errors[field]?.length ? errors[field].join('; ') : undefined} />;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const saved = (await api('PUT', '/recommendations/{id}/proposal', { path: { id: recommendation.id }, body: bodyOf(form, meetingId), headers: edited.ifMatch() })) as unknown as RecommendationDetail;
      edited.markClean();
      onSaved(saved, recommendation.round);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 412) {
        edited.markClean();
        onStale('Not saved: someone else changed this plan while you were editing it. The form now shows their version; apply your change again if it is still needed.');
      } else if (caught instanceof ApiError && caught.errors.length > 0) {
        // The proposal's intent and the plan's intent are one field on this form.
        const renamed: FieldError[] = caught.errors.map((error) => (normalizeField(error.field) === 'boardPlan.intent' ? { ...error, field: 'intent' } : error));
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

  return (
    <form className="proposal-form board-plan-form" noValidate aria-labelledby={`${id}-heading`} onSubmit={(event) => void submit(event)} data-testid="board-plan-editor">
      <h3 id={`${id}-heading`}>Board-authored plan</h3>
      {edited.newerVersion !== null ? (
        <div className="stale" role="alert" data-testid="proposal-newer">
          <p>
            <span aria-hidden="true">⚠ </span>A newer version of this plan was saved while you were editing. Your unsaved changes are kept below, but saving them will be refused.
          </p>
          <button type="button" className="secondary" onClick={edited.showNewer}>
            Discard my changes and show the newer version
          </button>
        </div>
      ) : null}
      <p className="muted">No pathway covers this case: the board writes the plan. Its follow-up milestones become reminders once it is signed off. Saving after votes were cast opens a new voting round.</p>
      <div className="field">
        <label htmlFor={fieldId('intent')}>Intent</label>
        <select id={fieldId('intent')} value={form.intent} onChange={(event) => set('intent', event.target.value)} {...invalid('intent')}>
          <option value="">Choose the intent</option>
          {INTENT_CHOICES.map((intent) => (
            <option key={intent} value={intent}>
              {humanize(intent)}
            </option>
          ))}
        </select>
        {message('intent')}
      </div>

      <fieldset id={fieldId('boardPlan.modalities')} tabIndex={-1} {...(errors['boardPlan.modalities'] ? { 'aria-describedby': `${fieldId('boardPlan.modalities')}-error` } : {})}>
        <legend>Modalities</legend>
        {TREATMENT_MODALITIES.map((modality) => (
          <label key={modality} className="choice">
            <input
              type="checkbox"
              checked={form.modalities.includes(modality)}
              onChange={(event) => set('modalities', event.target.checked ? [...form.modalities, modality] : form.modalities.filter((chosen) => chosen !== modality))}
            />{' '}
            {humanize(modality)}
          </label>
        ))}
        {message('boardPlan.modalities')}
      </fieldset>

      <fieldset>
        <legend>Regimens</legend>
        {form.regimens.map((row, index) => (
          <div key={index} className="plan-row" data-testid="board-regimen-row">
            <div className="field">
              <label htmlFor={fieldId(`boardPlan.regimens.${index}.code`)}>Regimen {index + 1}</label>
              <select id={fieldId(`boardPlan.regimens.${index}.code`)} value={row.code} onChange={(event) => setRow('regimens', index, { code: event.target.value })} {...invalid(`boardPlan.regimens.${index}.code`)}>
                <option value="">Not in the list (free text)</option>
                {BOARD_REGIMEN_CODES.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </select>
              {message(`boardPlan.regimens.${index}.code`)}
            </div>
            <div className="field">
              <label htmlFor={fieldId(`boardPlan.regimens.${index}.text`)}>Regimen {index + 1} details or free text</label>
              <input id={fieldId(`boardPlan.regimens.${index}.text`)} value={row.text} maxLength={500} onChange={(event) => setRow('regimens', index, { text: event.target.value })} {...invalid(`boardPlan.regimens.${index}.text`)} />
              {message(`boardPlan.regimens.${index}.text`)}
            </div>
            {message(`boardPlan.regimens.${index}`)}
            <button type="button" className="danger" onClick={() => removeRow('regimens', index)} aria-label={`Remove regimen ${index + 1}`}>
              Remove
            </button>
          </div>
        ))}
        {message('boardPlan.regimens')}
        <button type="button" className="secondary" onClick={() => set('regimens', [...form.regimens, { code: '', text: '' }])}>
          Add a regimen
        </button>
      </fieldset>

      <fieldset>
        <legend>Steps, in order</legend>
        {form.steps.map((row, index) => (
          <div key={index} className="plan-row" data-testid="board-step-row">
            <div className="field">
              <label htmlFor={fieldId(`boardPlan.steps.${index}.modality`)}>Step {index + 1} modality</label>
              <select id={fieldId(`boardPlan.steps.${index}.modality`)} value={row.modality} onChange={(event) => setRow('steps', index, { modality: event.target.value })} {...invalid(`boardPlan.steps.${index}.modality`)}>
                {TREATMENT_MODALITIES.map((modality) => (
                  <option key={modality} value={modality}>
                    {humanize(modality)}
                  </option>
                ))}
              </select>
              {message(`boardPlan.steps.${index}.modality`)}
            </div>
            <div className="field">
              <label htmlFor={fieldId(`boardPlan.steps.${index}.description`)}>Step {index + 1}</label>
              <input id={fieldId(`boardPlan.steps.${index}.description`)} value={row.description} maxLength={500} onChange={(event) => setRow('steps', index, { description: event.target.value })} {...invalid(`boardPlan.steps.${index}.description`)} />
              {message(`boardPlan.steps.${index}.description`)}
            </div>
            {message(`boardPlan.steps.${index}`)}
            <button type="button" className="danger" onClick={() => removeRow('steps', index)} aria-label={`Remove step ${index + 1}`}>
              Remove
            </button>
          </div>
        ))}
        {message('boardPlan.steps')}
        <button type="button" className="secondary" onClick={() => set('steps', [...form.steps, { modality: form.modalities[0] ?? 'surgery', description: '' }])}>
          Add a step
        </button>
      </fieldset>

      <fieldset>
        <legend>Follow-up milestones</legend>
        {form.milestones.map((row, index) => {
          const field = `boardPlan.milestones.${index}`;
          return (
            <div key={index} className="plan-row" data-testid="board-milestone-row">
              <div className="field">
                <label htmlFor={fieldId(`${field}.label`)}>Follow-up {index + 1}</label>
                <input id={fieldId(`${field}.label`)} value={row.label} maxLength={200} onChange={(event) => setRow('milestones', index, { label: event.target.value })} {...invalid(`${field}.label`)} />
                {message(`${field}.label`)}
                {message(`${field}.key`)}
              </div>
              <div className="field">
                <label htmlFor={fieldId(`${field}.timing`)}>Follow-up {index + 1} is due</label>
                <select id={fieldId(`${field}.timing`)} value={row.timing} onChange={(event) => setRow('milestones', index, { timing: event.target.value === 'date' ? 'date' : 'anchor' })}>
                  <option value="anchor">Days after an event</option>
                  <option value="date">On a date</option>
                </select>
              </div>
              {row.timing === 'date' ? (
                <div className="field">
                  <label htmlFor={fieldId(`${field}.dueDate`)}>Follow-up {index + 1} due date</label>
                  <input id={fieldId(`${field}.dueDate`)} type="date" value={row.dueDate} onChange={(event) => setRow('milestones', index, { dueDate: event.target.value })} {...invalid(`${field}.dueDate`)} />
                  {message(`${field}.dueDate`)}
                </div>
              ) : (
                <>
                  <div className="field">
                    <label htmlFor={fieldId(`${field}.offsetDays`)}>Follow-up {index + 1}: days after</label>
                    <input id={fieldId(`${field}.offsetDays`)} type="number" inputMode="numeric" value={row.offsetDays} onChange={(event) => setRow('milestones', index, { offsetDays: event.target.value })} {...invalid(`${field}.offsetDays`)} />
                    {message(`${field}.offsetDays`)}
                  </div>
                  <div className="field">
                    <label htmlFor={fieldId(`${field}.anchor`)}>Follow-up {index + 1}: counted from</label>
                    <select id={fieldId(`${field}.anchor`)} value={row.anchor} onChange={(event) => setRow('milestones', index, { anchor: event.target.value })} {...invalid(`${field}.anchor`)}>
                      {BOARD_PLAN_ANCHORS.map((anchor) => (
                        <option key={anchor} value={anchor}>
                          {ANCHOR_LABELS[anchor]}
                        </option>
                      ))}
                    </select>
                    {message(`${field}.anchor`)}
                  </div>
                </>
              )}
              {message(field)}
              <button type="button" className="danger" onClick={() => removeRow('milestones', index)} aria-label={`Remove follow-up ${index + 1}`}>
                Remove
              </button>
            </div>
          );
        })}
        {message('boardPlan.milestones')}
        <button type="button" className="secondary" onClick={() => set('milestones', [...form.milestones, { key: '', label: '', timing: 'anchor', dueDate: '', anchor: 'decision', offsetDays: '' }])}>
          Add a follow-up milestone
        </button>
      </fieldset>

      <div className="field">
        <label htmlFor={fieldId('rationale')}>Rationale</label>
        <textarea id={fieldId('rationale')} rows={3} maxLength={5000} value={form.rationale} onChange={(event) => set('rationale', event.target.value)} {...invalid('rationale')} />
        {message('rationale')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('boardPlan.notes')}>Notes (optional)</label>
        <textarea id={fieldId('boardPlan.notes')} rows={2} maxLength={5000} value={form.notes} onChange={(event) => set('notes', event.target.value)} {...invalid('boardPlan.notes')} />
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
