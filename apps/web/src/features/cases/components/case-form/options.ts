import { codeLabel } from '../../clinical';

export const YES_NO = [
  ['yes', 'Yes'],
  ['no', 'No'],
] as const;

/** Codes as select options with their labels. */
export const labelled = (codes: readonly string[]): [string, string][] => codes.map((code) => [code, codeLabel(code)]);
