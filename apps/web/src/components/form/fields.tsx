import type { ReactNode } from 'react';
import { inputId } from './field-errors';
import { FieldErrorText, useInvalid } from './field-error-text';

export { FieldErrorsContext, FieldErrorText, FieldMessage, useInvalid } from './field-error-text';
export { CheckboxField, SelectField, type SelectFieldProps } from './choice-fields';

/*
 * The form kit: a field is its label, its input and its error beside it (tied by aria-describedby).
 * A form provides its errors by API field name (FieldErrorsContext, as placeFieldErrors sorts them).
 * The error text and context are in field-error-text.tsx, the select and checkbox in choice-fields.tsx.
 */

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
