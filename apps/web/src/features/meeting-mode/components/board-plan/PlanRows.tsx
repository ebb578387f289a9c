import type { ReactNode } from 'react';
import { BOARD_REGIMEN_CODES, TREATMENT_MODALITIES } from '@consilium/pathway';
import { humanize } from '../../../../components';
import type { PlanForm } from '../../board-plan-form';

type RowKey = 'regimens' | 'steps' | 'milestones';

/** What the board plan editor gives its row fieldsets: the form, its setters, and the ids and errors of its fields. */
export interface PlanFormKit {
  form: PlanForm;
  set: <K extends keyof PlanForm>(key: K, value: PlanForm[K]) => void;
  setRow: <K extends RowKey>(key: K, index: number, patch: Partial<PlanForm[K][number]>) => void;
  removeRow: (key: RowKey, index: number) => void;
  fieldId: (field: string) => string;
  invalid: (field: string) => { 'aria-invalid'?: true; 'aria-describedby'?: string };
  message: (field: string) => ReactNode;
}

/** The regimens, coded from the board's list or free text. */
export function RegimenRows({ kit }: { kit: PlanFormKit }): ReactNode {
  const { form, set, setRow, removeRow, fieldId, invalid, message } = kit;
  return (
    <fieldset>
      <legend>Regimens</legend>
      {form.regimens.map((row, index) => (
        <div key={index} className="plan-row" data-testid="board-regimen-row">
          <div className="field">
            <label htmlFor={fieldId(`boardPlan.regimens.${index}.code`)}>Regimen {index + 1}</label>
            <select
              id={fieldId(`boardPlan.regimens.${index}.code`)}
              value={row.code}
              onChange={(event) => setRow('regimens', index, { code: event.target.value })}
              {...invalid(`boardPlan.regimens.${index}.code`)}
            >
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
            <label htmlFor={fieldId(`boardPlan.regimens.${index}.text`)}>
              Regimen {index + 1} details or free text
            </label>
            <input
              id={fieldId(`boardPlan.regimens.${index}.text`)}
              value={row.text}
              maxLength={500}
              onChange={(event) => setRow('regimens', index, { text: event.target.value })}
              {...invalid(`boardPlan.regimens.${index}.text`)}
            />
            {message(`boardPlan.regimens.${index}.text`)}
          </div>
          {message(`boardPlan.regimens.${index}`)}
          <button
            type="button"
            className="danger"
            onClick={() => removeRow('regimens', index)}
            aria-label={`Remove regimen ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      {message('boardPlan.regimens')}
      <button
        type="button"
        className="secondary"
        onClick={() => set('regimens', [...form.regimens, { code: '', text: '' }])}
      >
        Add a regimen
      </button>
    </fieldset>
  );
}

/** The steps of the plan, in order, each with its modality. */
export function StepRows({ kit }: { kit: PlanFormKit }): ReactNode {
  const { form, set, setRow, removeRow, fieldId, invalid, message } = kit;
  return (
    <fieldset>
      <legend>Steps, in order</legend>
      {form.steps.map((row, index) => (
        <div key={index} className="plan-row" data-testid="board-step-row">
          <div className="field">
            <label htmlFor={fieldId(`boardPlan.steps.${index}.modality`)}>Step {index + 1} modality</label>
            <select
              id={fieldId(`boardPlan.steps.${index}.modality`)}
              value={row.modality}
              onChange={(event) => setRow('steps', index, { modality: event.target.value })}
              {...invalid(`boardPlan.steps.${index}.modality`)}
            >
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
            <input
              id={fieldId(`boardPlan.steps.${index}.description`)}
              value={row.description}
              maxLength={500}
              onChange={(event) => setRow('steps', index, { description: event.target.value })}
              {...invalid(`boardPlan.steps.${index}.description`)}
            />
            {message(`boardPlan.steps.${index}.description`)}
          </div>
          {message(`boardPlan.steps.${index}`)}
          <button
            type="button"
            className="danger"
            onClick={() => removeRow('steps', index)}
            aria-label={`Remove step ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      {message('boardPlan.steps')}
      <button
        type="button"
        className="secondary"
        onClick={() => set('steps', [...form.steps, { modality: form.modalities[0] ?? 'surgery', description: '' }])}
      >
        Add a step
      </button>
    </fieldset>
  );
}
