import { describe, expect, it } from 'vitest';
import { chosenPathway, EMPTY, isM1, NO_PATHWAY, pathwayFactsOf, shownFields } from './case-form-state';

const rectal = { id: 'rectal-stage-iv' };
const colon = { id: 'colon-stage-i-iii' };

describe('case form state', () => {
  it('offers the first applicable pathway until the user chooses', () => {
    expect(chosenPathway(null, [rectal, colon])).toEqual({
      pathwayId: 'rectal-stage-iv',
      chosen: rectal,
      lostChoice: false,
    });
    expect(chosenPathway(null, [])).toEqual({ pathwayId: NO_PATHWAY, chosen: null, lostChoice: false });
  });

  it('keeps a choice that still applies, and says when it no longer does', () => {
    expect(chosenPathway('colon-stage-i-iii', [rectal, colon]).chosen).toBe(colon);
    expect(chosenPathway('colon-stage-i-iii', [rectal])).toEqual({
      pathwayId: NO_PATHWAY,
      chosen: null,
      lostChoice: true,
    });
    expect(chosenPathway(NO_PATHWAY, [rectal])).toEqual({ pathwayId: NO_PATHWAY, chosen: null, lostChoice: false });
  });

  it('sends the extra facts of the pathway typed (numbers, yes/no, empty as null)', () => {
    expect(
      pathwayFactsOf('rectal-stage-iv', { distanceFromAnalVergeCm: '6', mesorectalFasciaThreatened: 'no' }),
    ).toEqual({ pathwayId: 'rectal-stage-iv', distanceFromAnalVergeCm: 6, mesorectalFasciaThreatened: false });
    expect(pathwayFactsOf('rectal-stage-iv', {})).toEqual({
      pathwayId: 'rectal-stage-iv',
      distanceFromAnalVergeCm: null,
      mesorectalFasciaThreatened: null,
    });
    expect(pathwayFactsOf(NO_PATHWAY, { distanceFromAnalVergeCm: '6' })).toEqual({ pathwayId: null });
  });

  it('counts a case as metastatic on any M category past M0, clinical or pathological', () => {
    expect(isM1(EMPTY)).toBe(false);
    expect(isM1({ ...EMPTY, clinical: { ...EMPTY.clinical, m: 'M0' } })).toBe(false);
    expect(isM1({ ...EMPTY, pathological: { ...EMPTY.pathological, m: 'M1a' } })).toBe(true);
  });

  it('shows the metastasis rows only for M1, so their errors are placed only then', () => {
    const m1 = {
      ...EMPTY,
      clinical: { ...EMPTY.clinical, m: 'M1' },
      metastases: [{ site: 'liver', count: '2', resectability: '' }],
    };
    expect(shownFields(EMPTY, NO_PATHWAY).has('core.metastases.0.count')).toBe(false);
    expect(shownFields(m1, NO_PATHWAY).has('core.metastases.0.count')).toBe(true);
    expect(shownFields(EMPTY, 'rectal-stage-iv').has('pathwayFacts.distanceFromAnalVergeCm')).toBe(true);
  });
});
