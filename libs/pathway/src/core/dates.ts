/**
 * Calendar-day arithmetic on ISO dates ('YYYY-MM-DD').
 *
 * Pure integer arithmetic on days since 1970-01-01 (proleptic Gregorian calendar, the same
 * day numbering as `Date.UTC(...) / 86_400_000`), so there is no clock, no time zone and no
 * daylight-saving drift. Algorithm: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
 */

/** An ISO calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** A day number: days since 1970-01-01. */
export type EpochDay = number;

/** Thrown when a string that must be an ISO calendar date is not one. */
export class InvalidIsoDateError extends Error {
  override readonly name = 'InvalidIsoDateError';
  constructor(readonly value: unknown) {
    super(`not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
}

const DIGIT_0 = 48;

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - DIGIT_0;
  return code >= 0 && code <= 9 ? code : -1;
}

/** True for leap years of the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses 'YYYY-MM-DD' into [year, month, day], or returns null when it is not a real date. */
function parseParts(text: string): [number, number, number] | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(text, i);
    if (d < 0) return null;
    year = year * 10 + d;
  }
  const m1 = digit(text, 5);
  const m2 = digit(text, 6);
  const d1 = digit(text, 8);
  const d2 = digit(text, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return null;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return [year, month, day];
}

/** True when `value` is a string holding a real calendar date in 'YYYY-MM-DD' form. */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseParts(value) !== null;
}

/** Days since 1970-01-01 of a civil date (month 1-12). */
export function epochDayFromCivil(year: number, month: number, day: number): EpochDay {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Parses an ISO date to its epoch day; throws InvalidIsoDateError on anything else. */
export function toEpochDay(date: IsoDate): EpochDay {
  const parts = typeof date === 'string' ? parseParts(date) : null;
  if (parts === null) throw new InvalidIsoDateError(date);
  return epochDayFromCivil(parts[0], parts[1], parts[2]);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Formats an epoch day as 'YYYY-MM-DD' (years 0000-9999). */
export function fromEpochDay(epochDay: EpochDay): IsoDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The date `days` calendar days after (negative: before) `date`. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** The earlier of two ISO dates (ISO strings order like dates). */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The later of two ISO dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
