import { describe, expect, it } from 'vitest';
import { keyFor } from './board-plan-form';

describe('keyFor', () => {
  it('makes a milestone key from its label, unique among the keys taken', () => {
    const taken = new Set(['restaging-ct']);
    expect(keyFor('Restaging CT', taken)).toBe('restaging-ct-2');
    expect(keyFor('Restaging CT', taken)).toBe('restaging-ct-3');
    expect(keyFor('Colonoscopy at 1 year!', taken)).toBe('colonoscopy-at-1-year');
  });

  it('names a label without letters or digits "follow-up"', () => {
    expect(keyFor('—', new Set())).toBe('follow-up');
  });
});
