import type { ReactNode } from 'react';
import { inputId } from './field-errors';
import { FieldErrorText, useInvalid } from './field-error-text';

export interface SelectFieldProps {
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | readonly [string, string])[];
  required?: boolean;
  placeholder?: string;
}

export function SelectField({
  field,
  label,
  value,
  onChange,
  options,
  required,
  placeholder,
}: SelectFieldProps): ReactNode {
  const invalid = useInvalid(field);
  const id = inputId(field);
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={id}
        name={field}
        value={value}
        required={required}
        aria-required={required || undefined}
        {...invalid}
        onChange={(event) => onChange(event.target.value)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => {
          const [optionValue, optionLabel] = typeof option === 'string' ? [option, option] : option;
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          );
        })}
      </select>
      <FieldErrorText field={field} />
    </div>
  );
}

export function CheckboxField({
  field,
  label,
  checked,
  onChange,
}: {
  field: string;
  label: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}): ReactNode {
  const invalid = useInvalid(field);
  const id = inputId(field);
  return (
    <div className="field checkbox-field">
      <span>
        <input
          id={id}
          type="checkbox"
          name={field}
          checked={checked}
          {...invalid}
          onChange={(event) => onChange(event.target.checked)}
        />{' '}
        <label htmlFor={id}>{label}</label>
      </span>
      <FieldErrorText field={field} />
    </div>
  );
}
