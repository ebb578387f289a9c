import { useState, type Dispatch, type SetStateAction } from 'react';
import { EMPTY, type FormState } from '../case-form-state';

/** The repeated rows of the case form. */
export type RowKey = 'metastases' | 'comorbidities' | 'biomarkers';

/** The case form's state and its setters, handed to each fieldset. */
export interface CaseFormEditor {
  state: FormState;
  setState: Dispatch<SetStateAction<FormState>>;
  /** A setter of one field, for an input's onChange. */
  set: <K extends keyof FormState>(key: K) => (value: FormState[K]) => void;
  setExtra: (field: string) => (value: string) => void;
  setRow: <K extends RowKey>(key: K, index: number, patch: Partial<FormState[K][number]>) => void;
  addRow: <K extends RowKey>(key: K, row: FormState[K][number]) => void;
  removeRow: (key: RowKey, index: number) => void;
}

export function useCaseFormState(): CaseFormEditor {
  const [state, setState] = useState<FormState>(EMPTY);
  const set =
    <K extends keyof FormState>(key: K) =>
    (value: FormState[K]) =>
      setState((previous) => ({ ...previous, [key]: value }));
  const setExtra = (field: string) => (value: string) =>
    setState((previous) => ({ ...previous, extra: { ...previous.extra, [field]: value } }));
  const setRow = <K extends RowKey>(key: K, index: number, patch: Partial<FormState[K][number]>): void =>
    setState((previous) => ({
      ...previous,
      [key]: (previous[key] as FormState[K][number][]).map((row, at) => (at === index ? { ...row, ...patch } : row)),
    }));
  const addRow = <K extends RowKey>(key: K, row: FormState[K][number]): void =>
    setState((previous) => ({ ...previous, [key]: [...(previous[key] as FormState[K][number][]), row] }));
  const removeRow = (key: RowKey, index: number): void =>
    setState((previous) => ({ ...previous, [key]: (previous[key] as unknown[]).filter((_, at) => at !== index) }));
  return { state, setState, set, setExtra, setRow, addRow, removeRow };
}
