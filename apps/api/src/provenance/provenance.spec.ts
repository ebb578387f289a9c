import { factLines } from './provenance-pdf';
import { proposalDiff } from './provenance';

describe('proposalDiff', () => {
  it.each([
    ['an added step', { steps: ['a'] }, { steps: ['a', 'b'] }, [{ path: 'steps.1', change: 'added', new: 'b' }]],
    ['a removed regimen', { regimens: ['FOLFOX', 'BEVACIZUMAB'] }, { regimens: ['FOLFOX'] }, [{ path: 'regimens.1', change: 'removed', old: 'BEVACIZUMAB' }]],
    ['a changed intent', { intent: 'curative' }, { intent: 'palliative' }, [{ path: 'intent', change: 'changed', old: 'curative', new: 'palliative' }]],
    ['the first proposal (nothing before)', null, { intent: 'curative' }, [{ path: 'intent', change: 'added', new: 'curative' }]],
    ['no change', { intent: 'curative' }, { intent: 'curative' }, []],
  ])('diffs %s', (_name, before, after, expected) => {
    expect(proposalDiff(before, after)).toEqual(expected);
  });
});

describe('factLines', () => {
  it('flattens any shape to path: value lines', () => {
    expect(factLines({ tCategory: 'T3', metastases: [{ site: 'LIVER', count: 2 }], comorbidities: [], ecog: null, biomarkers: { kras: 'wild-type' } })).toEqual([
      'tCategory: T3',
      'metastases.0.site: LIVER',
      'metastases.0.count: 2',
      'comorbidities: (none)',
      'ecog: —',
      'biomarkers.kras: wild-type',
    ]);
  });
});
