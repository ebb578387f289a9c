import { describe, expect, it } from 'vitest';
import { addDays, days, isoDay, percent } from './report-format';

describe('report format', () => {
  it('counts days in UTC across a month end', () => {
    expect(isoDay(new Date('2026-03-31T23:30:00Z'))).toBe('2026-03-31');
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('writes shares to a tenth of a percent and durations in days, a missing figure as a dash', () => {
    expect(percent(0.8567)).toBe('85.7 %');
    expect(percent(1)).toBe('100 %');
    expect(percent(null)).toBe('—');
    expect(days(14)).toBe('14 days');
    expect(days(null)).toBe('—');
  });
});
