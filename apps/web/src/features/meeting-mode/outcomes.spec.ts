import { describe, expect, it } from 'vitest';
import { outcomeLabel } from './outcomes';

describe('outcomeLabel', () => {
  it('words an outcome other than a decision, and shows an unknown one as it is', () => {
    expect(outcomeLabel('DEFERRED')).toBe('Deferred to a later meeting');
    expect(outcomeLabel('REFERRED_ELSEWHERE')).toBe('Referred elsewhere');
    expect(outcomeLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
