import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, refusalOf, type FieldError } from '../../../api';
import { normalizeField, placeFieldErrors } from '../../../components/form/field-errors';
import { bodyOf, formOf, shownFields, type PlanForm } from '../board-plan-form';
import type { PlanEditorProps, RecommendationDetail } from '../types';
import { useEditedVersion } from './edited-version';

type RowKey = 'regimens' | 'steps' | 'milestones';

/**
 * The board plan editor's state and save: the form (every change marks it edited), the API's
 * refusals by field (`${id}-${field}` with dots as dashes, the first one focused), and `submit`,
 * which PUTs the proposal under the edited version's ETag (a 412 reloads through `onStale`).
 */
export function useBoardPlanForm({ recommendation, etag, meetingId, onSaved, onStale }: PlanEditorProps) {
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
  const setRow = <K extends RowKey>(key: K, index: number, patch: Partial<PlanForm[K][number]>): void => {
    edited.markEdited();
    setForm((previous) => ({
      ...previous,
      [key]: (previous[key] as PlanForm[K][number][]).map((row, at) => (at === index ? { ...row, ...patch } : row)),
    }));
  };
  const removeRow = (key: RowKey, index: number): void => {
    edited.markEdited();
    setForm((previous) => ({ ...previous, [key]: (previous[key] as unknown[]).filter((_, at) => at !== index) }));
  };

  const fieldId = (field: string): string => `${id}-${field.replace(/\./g, '-')}`;
  const invalid = (field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    errors[field]?.length ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(field)}-error` } : {};

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

  return { id, form, set, setRow, removeRow, edited, errors, failure, busy, fieldId, invalid, submit };
}
