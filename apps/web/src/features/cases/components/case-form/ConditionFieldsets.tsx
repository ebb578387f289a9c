import type { ReactNode } from 'react';
import { ECOG_SCORES, SYMPTOM_CODES } from '@consilium/pathway';
import { CheckboxField, FieldErrorText, SelectField, TextField } from '../../../../components/form/fields';
import { ECOG_LABELS, codeLabel } from '../../clinical';
import type { CaseFormEditor } from '../../hooks/use-case-form-state';
import { YES_NO } from './options';

/** Performance status, fitness, renal function and comorbidities. */
export function ConditionFieldset({ editor }: { editor: CaseFormEditor }): ReactNode {
  const { state, set, setRow, addRow, removeRow } = editor;
  return (
    <fieldset>
      <legend>Patient condition</legend>
      <div className="form-grid">
        <SelectField
          field="core.condition.ecog"
          label="ECOG performance status"
          value={state.ecog}
          onChange={set('ecog')}
          options={ECOG_SCORES.map((score) => [String(score), `${score}: ${ECOG_LABELS[score]}`] as const)}
          placeholder="Not recorded"
        />
        <SelectField
          field="core.condition.fitForIntensiveTreatment"
          label="Fit for intensive treatment"
          value={state.fitForIntensiveTreatment}
          onChange={set('fitForIntensiveTreatment')}
          options={YES_NO}
          placeholder="Unknown"
        />
        <TextField
          field="core.condition.creatinineClearanceMlMin"
          label="Creatinine clearance (ml/min)"
          type="number"
          value={state.creatinineClearanceMlMin}
          onChange={set('creatinineClearanceMlMin')}
        />
      </div>
      <FieldErrorText field="core.condition.comorbidities" />
      {state.comorbidities.map((row, index) => (
        <div key={index} className="form-grid" data-testid="comorbidity-row">
          <TextField
            field={`core.condition.comorbidities.${index}.text`}
            label={`Comorbidity ${index + 1}`}
            value={row.text}
            onChange={(value) => setRow('comorbidities', index, { text: value })}
          />
          <TextField
            field={`core.condition.comorbidities.${index}.code`}
            label={`ICD-10 code of comorbidity ${index + 1}`}
            hint="optional, e.g. I10"
            value={row.code}
            onChange={(value) => setRow('comorbidities', index, { code: value })}
          />
          <FieldErrorText field={`core.condition.comorbidities.${index}`} />
          <button
            type="button"
            className="danger"
            onClick={() => removeRow('comorbidities', index)}
            aria-label={`Remove comorbidity ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => addRow('comorbidities', { code: '', text: '' })}>
        Add a comorbidity
      </button>
    </fieldset>
  );
}

/** What the patient declines, and the symptoms. */
export function PreferencesFieldset({ editor }: { editor: CaseFormEditor }): ReactNode {
  const { state, set } = editor;
  return (
    <fieldset>
      <legend>Preferences and symptoms</legend>
      <div className="form-grid">
        <CheckboxField
          field="core.condition.preferences.declinesMajorSurgery"
          label="Declines major surgery"
          checked={state.declinesMajorSurgery}
          onChange={set('declinesMajorSurgery')}
        />
        <CheckboxField
          field="core.condition.preferences.declinesRadiotherapy"
          label="Declines radiotherapy"
          checked={state.declinesRadiotherapy}
          onChange={set('declinesRadiotherapy')}
        />
      </div>
      <TextField
        field="core.condition.preferences.notes"
        label="Preference notes"
        value={state.preferenceNotes}
        onChange={set('preferenceNotes')}
        multiline
      />
      <fieldset className="symptoms">
        <legend>Symptoms</legend>
        <FieldErrorText field="core.condition.symptoms" />
        <div className="form-grid">
          {SYMPTOM_CODES.map((code) => (
            <CheckboxField
              key={code}
              field={`core.condition.symptoms.${code}`}
              label={codeLabel(code)}
              checked={state.symptoms.includes(code)}
              onChange={(checked) =>
                set('symptoms')(
                  checked ? [...state.symptoms, code] : state.symptoms.filter((symptom) => symptom !== code),
                )
              }
            />
          ))}
        </div>
        <TextField
          field="core.condition.symptomNotes"
          label="Symptom notes"
          value={state.symptomNotes}
          onChange={set('symptomNotes')}
        />
      </fieldset>
    </fieldset>
  );
}
