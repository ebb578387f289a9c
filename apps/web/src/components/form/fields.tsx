import { createContext, useContext, type ReactNode } from 'react';
import { inputId } from './field-errors';

/*
 * The form kit: a field is its label, its input and its error beside it (tied by aria-describedby).
 * A form provides its errors by API field name (FieldErrorsContext, as placeFieldErrors sorts them).
 */

/** The field errors of the form, by API field name (indexes as dots). */
export const FieldErrorsContext = createContext<Record<string, string[]>>({});

export function FieldErrorText({ field }: { field: string }): ReactNode {
  const messages = useContext(FieldErrorsContext)[field];
  if (!messages?.length) return null;
  return (
    <span className="field-error" id={`${inputId(field)}-error`} data-testid={`error-${field}`}>
      <span aria-hidden="true">✖ </span>
      {messages.join('; ')}
    </span>
  );
}

/** aria attributes tying an input to its error text. */
export function useInvalid(field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const messages = useContext(FieldErrorsContext)[field];
  return messages?.length ? { 'aria-invalid': true, 'aria-describedby': `${inputId(field)}-error` } : {};
}

export interface TextFieldProps {
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  required?: boolean;
  readOnly?: boolean;
  hint?: string;
  multiline?: boolean;
  /** The id of a <datalist> of suggestions (any other value may be typed). */
  list?: string;
  /** Shown under the input (e.g. the label of the code typed). */
  note?: string | null;
}

export function TextField({
  field,
  label,
  value,
  onChange,
  type = 'text',
  required,
  readOnly,
  hint,
  multiline,
  list,
  note,
}: TextFieldProps): ReactNode {
  const invalid = useInvalid(field);
  const id = inputId(field);
  const common = { id, name: field, value, required, readOnly, 'aria-required': required || undefined, ...invalid };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
        {hint ? <span className="muted"> ({hint})</span> : null}
      </label>
      {multiline ? (
        <textarea rows={2} {...common} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          type={type}
          {...common}
          list={list}
          autoComplete={list ? 'off' : undefined}
          inputMode={type === 'number' ? 'decimal' : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {note ? <span className="muted field-note">{note}</span> : null}
      <FieldErrorText field={field} />
    </div>
  );
}

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

/** An error beside a field of a form that keeps its own errors (one message per field). */
export function FieldMessage({ id, message }: { id: string; message: string | undefined }): ReactNode {
  return message ? (
    <span className="field-error" id={id}>
      <span aria-hidden="true">✖ </span>
      {message}
    </span>
  ) : null;
}
