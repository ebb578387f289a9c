/** A code as words: MEDICAL_ONCOLOGY -> "Medical oncology" (plain functions, no JSX: unit-testable). */
export function humanize(code: string): string {
  const text = code.replace(/[_-]+/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
