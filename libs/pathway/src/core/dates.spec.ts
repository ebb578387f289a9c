import fc from 'fast-check';
import {
  InvalidIsoDateError,
  addDays,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isIsoDate,
  isLeapYear,
  toEpochDay,
} from './dates';

const MS_PER_DAY = 86_400_000;

/** Independent computation through the JS Date object in UTC (setUTCFullYear avoids the 0-99 -> 19xx quirk). */
function referenceEpochDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(0, 0, 0, 0);
  return Math.round(date.getTime() / MS_PER_DAY);
}

function referenceIso(epochDay: number): string {
  const date = new Date(epochDay * MS_PER_DAY);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Any real calendar date in years 1600-2400, built from an arbitrary day-of-month within the month's length. */
const civilDate = fc
  .record({
    year: fc.integer({ min: 1600, max: 2400 }),
    month: fc.integer({ min: 1, max: 12 }),
    dayFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  })
  .map(({ year, month, dayFraction }) => ({
    year,
    month,
    day: 1 + Math.floor(dayFraction * daysInMonth(year, month)),
  }));
const isoOf = ({ year, month, day }: { year: number; month: number; day: number }) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

describe('dates', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-02-29', 11016],
    ['2024-02-29', 19782],
    ['2026-11-27', 20784],
  ])('toEpochDay(%s) = %d', (iso, expected) => {
    expect(toEpochDay(iso)).toBe(expected);
    expect(fromEpochDay(expected)).toBe(iso);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-09', 11, '2026-01-20'],
    ['2026-01-09', 180, '2026-07-08'],
    ['2026-04-10', -42, '2026-02-27'],
    ['2026-03-29', 1, '2026-03-30'], // EU daylight-saving change: no drift
    ['2026-10-25', 1, '2026-10-26'],
  ])('addDays(%s, %d) = %s', (from, days, expected) => {
    expect(addDays(from, days)).toBe(expected);
    expect(daysBetween(from, expected)).toBe(days);
  });

  it.each([
    ['2026-02-29'],
    ['2100-02-29'],
    ['2026-13-01'],
    ['2026-00-10'],
    ['2026-04-31'],
    ['2026-1-01'],
    ['26-01-01'],
    ['2026/01/01'],
    ['2026-01-01T00:00:00Z'],
    [''],
  ])('rejects %j', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => toEpochDay(text)).toThrow(InvalidIsoDateError);
  });

  it.each([['2024-02-29'], ['2000-02-29'], ['2026-04-30'], ['0001-01-01'], ['9999-12-31']])('accepts %s', (text) => {
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [1900, false],
    [2100, false],
  ])('isLeapYear(%d) = %s', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  describe('properties (against an independent Date.UTC computation)', () => {
    it('epoch day of any date matches the reference and round-trips', () => {
      fc.assert(
        fc.property(civilDate, (d) => {
          const iso = isoOf(d);
          expect(isIsoDate(iso)).toBe(true);
          expect(toEpochDay(iso)).toBe(referenceEpochDay(d.year, d.month, d.day));
          expect(fromEpochDay(toEpochDay(iso))).toBe(iso);
        }),
        { numRuns: 2000 },
      );
    });

    it('addDays matches the reference for any anchor and offset, across month ends and leap years', () => {
      fc.assert(
        fc.property(civilDate, fc.integer({ min: -1000, max: 1000 }), (d, offset) => {
          const iso = isoOf(d);
          const shifted = addDays(iso, offset);
          expect(shifted).toBe(referenceIso(referenceEpochDay(d.year, d.month, d.day) + offset));
          expect(daysBetween(iso, shifted)).toBe(offset);
          expect(addDays(shifted, -offset)).toBe(iso);
        }),
        { numRuns: 2000 },
      );
    });

    it('daysBetween is antisymmetric and additive', () => {
      fc.assert(
        fc.property(civilDate, civilDate, civilDate, (a, b, c) => {
          const [x, y, z] = [isoOf(a), isoOf(b), isoOf(c)];
          expect(daysBetween(x, y) + daysBetween(y, x)).toBe(0);
          expect(daysBetween(x, y) + daysBetween(y, z)).toBe(daysBetween(x, z));
        }),
      );
    });

    it('string order of ISO dates is date order', () => {
      fc.assert(
        fc.property(civilDate, civilDate, (a, b) => {
          const [x, y] = [isoOf(a), isoOf(b)];
          expect(Math.sign(daysBetween(y, x))).toBe(x < y ? -1 : x > y ? 1 : 0);
        }),
      );
    });

    it('every day of every month 1900-2100 is accepted, and the day after the last is not', () => {
      for (let year = 1900; year <= 2100; year++) {
        for (let month = 1; month <= 12; month++) {
          const last = daysInMonth(year, month);
          expect(isIsoDate(isoOf({ year, month, day: last }))).toBe(true);
          expect(isIsoDate(isoOf({ year, month, day: last + 1 }))).toBe(false);
          expect(new Date(Date.UTC(year, month, 0)).getUTCDate()).toBe(last);
        }
      }
    });
  });
});
