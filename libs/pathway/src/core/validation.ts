import { isIsoDate, type IsoDate } from './dates';

/**
 * Small, generic helpers for validating untrusted input into typed facts while collecting
 * every problem (never stopping at the first one).
 */

/** One problem with the input, naming its field as a dotted path ('metastases[0].count'). */
export interface FactProblem {
  readonly field: string;
  readonly message: string;
}

export type ValidationResult<T> = { ok: true; facts: T } | { ok: false; problems: FactProblem[] };

/** The result of a validator whose input is not an object at all (the problem names field ''). */
export function notAnObject(what: string, input: unknown): { ok: false; problems: FactProblem[] } {
  return { ok: false, problems: [{ field: '', message: `${what} must be an object, got ${describeValue(input)}` }] };
}

/** Names problems from an enclosing object: `prefix` + '.' + field ('' stays the prefix itself). */
export function prefixProblems(prefix: string, problems: readonly FactProblem[]): FactProblem[] {
  return problems.map((problem) => ({
    field: problem.field === '' ? prefix : `${prefix}.${problem.field}`,
    message: problem.message,
  }));
}

/** Renders a bad value for a message: numbers bare, strings quoted, others by type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems while reading fields of one object. */
export class ProblemCollector {
  readonly problems: FactProblem[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** Reads a required member of a closed set of strings. */
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    if (value === undefined) this.add(field, `${field} is required: one of ${allowed.join(', ')}`);
    else this.add(field, `${field} must be one of ${allowed.join(', ')}, got ${describeValue(value)}`);
    return fallback;
  }

  /** Reads an optional member of a closed set; absent -> `absent`. */
  optionalOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], absent: T): T {
    return value === undefined ? absent : this.oneOf(field, value, allowed, absent);
  }

  /** Reads a boolean; absent -> `absent`. */
  boolean<T extends boolean | null>(field: string, value: unknown, absent: T): boolean | T {
    if (value === undefined) return absent;
    if (typeof value === 'boolean') return value;
    if (value === null && absent === null) return absent;
    this.add(
      field,
      `${field} must be ${absent === null ? 'true, false or null' : 'true or false'}, got ${describeValue(value)}`,
    );
    return absent;
  }

  /** Reads a finite number in [min, max] or null; absent -> null. */
  nullableNumber(field: string, value: unknown, min: number, max: number): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(field, `${field} must be a number or null, got ${describeValue(value)}`);
      return null;
    }
    if (value < min) {
      this.add(field, `${field} must be >= ${min}, got ${value}`);
      return null;
    }
    if (value > max) {
      this.add(field, `${field} must be <= ${max}, got ${value}`);
      return null;
    }
    return value;
  }

  /** Reads a nullable string; absent -> null. */
  nullableString(field: string, value: unknown): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    this.add(field, `${field} must be a string or null, got ${describeValue(value)}`);
    return null;
  }

  /** Reads a required non-blank string, optionally of a pattern (`example` describes it); invalid -> ''. */
  requiredText(field: string, value: unknown, pattern?: RegExp, example = 'a non-empty string'): string {
    if (typeof value === 'string' && value.trim() !== '' && (pattern === undefined || pattern.test(value)))
      return value;
    if (value === undefined) this.add(field, `${field} is required`);
    else this.add(field, `${field} must be ${example}, got ${describeValue(value)}`);
    return '';
  }

  /** Reads a nullable ISO calendar date; absent -> null. */
  nullableDate(field: string, value: unknown): IsoDate | null {
    if (value === undefined || value === null) return null;
    if (isIsoDate(value)) return value;
    this.add(field, `${field} must be a date YYYY-MM-DD or null, got ${describeValue(value)}`);
    return null;
  }

  /**
   * Reads a list of objects (absent/null -> []): reports a non-array, non-object items and their
   * unknown keys; `read` gets each object item with its field path ('metastases[0]').
   */
  list<T>(
    field: string,
    value: unknown,
    known: readonly string[],
    read: (item: Record<string, unknown>, field: string) => T | undefined,
  ): T[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.add(field, `${field} must be an array, got ${describeValue(value)}`);
      return [];
    }
    const out: T[] = [];
    value.forEach((item: unknown, index) => {
      const itemField = `${field}[${index}]`;
      if (!isRecord(item)) {
        this.add(itemField, `${itemField} must be an object, got ${describeValue(item)}`);
        return;
      }
      this.unknownKeys(itemField, item, known);
      const read1 = read(item, itemField);
      if (read1 !== undefined) out.push(read1);
    });
    return out;
  }

  /** Reads an object (absent -> empty object) and reports keys outside `known`. */
  object(field: string, value: unknown, known: readonly string[]): Record<string, unknown> {
    if (value === undefined) return {};
    if (!isRecord(value)) {
      this.add(field, `${field} must be an object, got ${describeValue(value)}`);
      return {};
    }
    this.unknownKeys(field, value, known);
    return value;
  }

  /** Reports every key of `value` that is not in `known` (typos such as 'ECOG' must not vanish). */
  unknownKeys(prefix: string, value: Record<string, unknown>, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        const field = prefix === '' ? key : `${prefix}.${key}`;
        this.add(field, `${field} is not a known field`);
      }
    }
  }
}
