import { createContext, useContext, type ReactNode } from 'react';
import { inputId } from './field-errors';

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

/** An error beside a field of a form that keeps its own errors (one message per field). */
export function FieldMessage({ id, message }: { id: string; message: string | undefined }): ReactNode {
  return message ? (
    <span className="field-error" id={id}>
      <span aria-hidden="true">✖ </span>
      {message}
    </span>
  ) : null;
}
