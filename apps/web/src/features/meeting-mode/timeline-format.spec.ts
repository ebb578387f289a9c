import { describe, expect, it } from 'vitest';
import { formatDay, rowTitle } from './timeline-format';
import type { TimelineRow } from './types';

describe('timeline format', () => {
  it('writes a day in UTC, whatever the zone of the browser', () => {
    expect(formatDay('2026-03-01')).toBe('1 Mar 2026');
  });

  it('titles a step by its number and category, a milestone by its code', () => {
    expect(rowTitle({ kind: 'step', code: 'step-2', category: 'SYSTEMIC_THERAPY' } as TimelineRow)).toBe(
      'Step 2: Systemic therapy',
    );
    expect(rowTitle({ kind: 'milestone', code: 'restaging-mri', category: 'imaging' } as TimelineRow)).toBe(
      'Milestone: Restaging mri',
    );
  });
});
