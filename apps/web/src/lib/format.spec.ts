import { describe, expect, it } from 'vitest';
import { humanize } from './format';

describe('humanize', () => {
  it.each([
    ['MEDICAL_ONCOLOGY', 'Medical oncology'],
    ['case.read', 'Case.read'],
    ['not-advised', 'Not advised'],
    ['READY', 'Ready'],
    ['', ''],
  ])('writes %s as %s', (code, expected) => {
    expect(humanize(code)).toBe(expected);
  });
});
