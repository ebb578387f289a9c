/** Test helper: prefixes each `it.each` row with a title computed from the row (jest's %s can only print in order). */
export function cases<T extends readonly unknown[]>(
  rows: readonly T[],
  title: (...row: T) => string,
): [string, ...T][] {
  return rows.map((row) => [title(...row), ...row]);
}
