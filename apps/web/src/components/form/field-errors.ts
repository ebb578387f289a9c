import type { FieldError } from '../../api';

/** `core.metastases[0].count` and `core.metastases.0.count` name the same field. */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** The id of the input of an API field (dots are fine in ids, not in CSS selectors: dashes instead). */
export function inputId(field: string, prefix = 'field'): string {
  return `${prefix}-${field.replace(/\./g, '-')}`;
}

/**
 * Sorts the API's field errors onto the fields a form shows: each to the nearest shown field up
 * its path (`boardPlan.milestones.0` when the row has no input of that name); the rest unplaced.
 */
export function placeFieldErrors(
  errors: readonly FieldError[],
  shown: ReadonlySet<string>,
): { byField: Record<string, string[]>; unplaced: string[] } {
  const byField: Record<string, string[]> = {};
  const unplaced: string[] = [];
  for (const error of errors) {
    let path = normalizeField(error.field);
    while (path && !shown.has(path)) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    if (path) (byField[path] ??= []).push(error.message);
    else unplaced.push(error.message);
  }
  return { byField, unplaced };
}

/**
 * placeFieldErrors for a form that shows one message per field: each field's messages joined
 * (`steps.2` counts as `steps`), and the messages no field shows.
 */
export function placeErrors<F extends string>(
  errors: readonly FieldError[],
  fields: readonly F[],
): { placed: Partial<Record<F, string>>; rest: string[] } {
  const { byField, unplaced } = placeFieldErrors(errors, new Set(fields));
  const placed: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const messages = byField[field];
    if (messages) placed[field] = messages.join('; ');
  }
  return { placed, rest: unplaced };
}
