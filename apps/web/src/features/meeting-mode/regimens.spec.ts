import { describe, expect, it } from 'vitest';
import { regimenName } from './regimens';

describe('regimenName', () => {
  it.each([
    ['ENCORAFENIB_CETUXIMAB', 'Encorafenib + cetuximab'],
    ['SCRT_5X5', 'Short-course radiotherapy 5 × 5 Gy'],
    ['CAPOX_3M', 'CAPOX, 3 months'],
  ])('names %s as clinicians do (%s)', (code, expected) => {
    expect(regimenName(code)).toBe(expected);
  });

  it('shows a code it does not know as it is, so a new regimen is never hidden', () => {
    expect(regimenName('NEW_TRIAL_ARM')).toBe('NEW_TRIAL_ARM');
  });
});
