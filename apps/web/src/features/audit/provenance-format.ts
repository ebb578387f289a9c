/** The facts snapshot as "path: value" rows, whatever its shape (the pathway owns it). */
export function factRows(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object')
    return [[prefix || 'value', value === null || value === undefined ? '—' : String(value)]];
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object'))
    return [[prefix, value.length === 0 ? '(none)' : value.join(', ')]];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  if (entries.length === 0) return [[prefix, '(none)']];
  return entries.flatMap(([key, item]) => factRows(item, prefix ? `${prefix}.${key}` : key));
}

export const json = (value: unknown): string =>
  value === undefined || value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
