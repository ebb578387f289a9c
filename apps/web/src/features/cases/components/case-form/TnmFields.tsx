import type { ReactNode } from 'react';
import { TNM_M_CATEGORIES, TNM_N_CATEGORIES, TNM_T_CATEGORIES } from '@consilium/pathway';
import { CheckboxField, FieldErrorText, SelectField } from '../../../../components/form/fields';
import type { TnmState } from '../../case-form-state';

/** One TNM classification (clinical or pathological), with its y prefix. */
export function TnmFields({
  kind,
  value,
  onChange,
}: {
  kind: 'clinical' | 'pathological';
  value: TnmState;
  onChange: (value: TnmState) => void;
}): ReactNode {
  const prefix = kind === 'clinical' ? 'c' : 'p';
  const field = `core.staging.${kind}`;
  return (
    <fieldset className="tnm" data-testid={`tnm-${kind}`}>
      <legend>{kind === 'clinical' ? 'Clinical TNM (cTNM)' : 'Pathological TNM (pTNM)'}</legend>
      <FieldErrorText field={field} />
      <div className="form-grid">
        <SelectField
          field={`${field}.t`}
          label={`${prefix}T`}
          value={value.t}
          onChange={(t) => onChange({ ...value, t })}
          options={TNM_T_CATEGORIES}
          placeholder="Not staged"
        />
        <SelectField
          field={`${field}.n`}
          label={`${prefix}N`}
          value={value.n}
          onChange={(n) => onChange({ ...value, n })}
          options={TNM_N_CATEGORIES}
          placeholder="Not staged"
        />
        <SelectField
          field={`${field}.m`}
          label={`${prefix}M`}
          value={value.m}
          onChange={(m) => onChange({ ...value, m })}
          options={TNM_M_CATEGORIES}
          placeholder="Not staged"
        />
        <CheckboxField
          field={`${field}.afterTherapy`}
          label={`After neoadjuvant therapy (y${prefix}TNM)`}
          checked={value.afterTherapy}
          onChange={(afterTherapy) => onChange({ ...value, afterTherapy })}
        />
      </div>
    </fieldset>
  );
}
