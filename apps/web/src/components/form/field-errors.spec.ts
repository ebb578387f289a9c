import { describe, expect, it } from 'vitest';
import { inputId, normalizeField, placeErrors, placeFieldErrors } from './field-errors';

describe('field errors', () => {
  it.each([
    ['core.biomarkers[2].result', 'core.biomarkers.2.result'],
    ['boardPlan.milestones[0].offsetDays', 'boardPlan.milestones.0.offsetDays'],
    ['core.metastases.1.count', 'core.metastases.1.count'],
    ['[0].code', '0.code'],
  ])('names %s as %s', (field, expected) => {
    expect(normalizeField(field)).toBe(expected);
  });

  it('gives dotted fields ids without dots (usable in CSS selectors)', () => {
    expect(inputId('core.staging.clinical.t')).toBe('field-core-staging-clinical-t');
  });

  it('places each error on the nearest field the form shows up its path, and keeps the rest unplaced', () => {
    const shown = new Set([
      'core.primary.siteCode',
      'core.biomarkers',
      'core.biomarkers.0.result',
      'pathwayFacts.distanceFromAnalVergeCm',
    ]);
    const { byField, unplaced } = placeFieldErrors(
      [
        { field: 'core.primary.siteCode', message: 'site' },
        { field: 'core.biomarkers[0].result', message: 'result' },
        { field: 'core.biomarkers[1].marker', message: 'second marker' },
        { field: 'pathwayFacts.distanceFromAnalVergeCm', message: 'distance' },
        { field: 'core.staging.pathological', message: 'pathological' },
      ],
      shown,
    );
    expect(byField).toEqual({
      'core.primary.siteCode': ['site'],
      'core.biomarkers.0.result': ['result'],
      'core.biomarkers': ['second marker'],
      'pathwayFacts.distanceFromAnalVergeCm': ['distance'],
    });
    expect(unplaced).toEqual(['pathological']);
  });

  it('joins the messages of a field for a form that shows one message per field', () => {
    const { placed, rest } = placeErrors(
      [
        { field: 'steps[2].category', message: 'category' },
        { field: 'steps', message: 'too many' },
        { field: 'intent', message: 'intent' },
        { field: 'boardId', message: 'board' },
      ],
      ['branch', 'intent', 'steps'],
    );
    expect(placed).toEqual({ steps: 'category; too many', intent: 'intent' });
    expect(rest).toEqual(['board']);
  });
});
