/** A code as words: MEDICAL_ONCOLOGY -> "Medical oncology" (plain functions, no JSX: unit-testable). */
export function humanize(code: string): string {
  const text = code.replace(/[_-]+/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A calendar day (`2026-03-01`) as "1 Mar 2026", the same in every time zone. */
export function formatDay(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
