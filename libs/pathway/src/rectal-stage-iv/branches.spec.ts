import { cases } from './testing/cases';
import { selectBranches } from './branches';
import type { BranchCode } from './codes';
import type { CaseFacts } from './facts';
import { resectableFacts, withBiomarkers } from './testing/fixtures';

const liver = (resectability: CaseFacts['metastases'][number]['resectability']) => [
  { site: 'liver' as const, count: 3, resectability },
];
const symptoms = (patch: Partial<CaseFacts['symptoms']>) => ({
  bleeding: false,
  obstruction: false,
  pain: false,
  ...patch,
});
const preferences = (patch: Partial<CaseFacts['preferences']>) => ({
  declinesMajorSurgery: false,
  declinesRadiotherapy: false,
  notes: null,
  ...patch,
});

describe(selectBranches.name, () => {
  it.each(
    cases<[string, CaseFacts, BranchCode, BranchCode[]]>(
      [
        ['resectable, fit, pMMR', resectableFacts(), 'resectable-oligometastatic', []],
        ['resectable with cT4b primary', resectableFacts({ tCategory: 'T4b' }), 'resectable-oligometastatic', []],
        [
          'resectable with MRF threatened',
          resectableFacts({ mesorectalFasciaThreatened: true }),
          'resectable-oligometastatic',
          [],
        ],
        [
          'resectable, declines radiotherapy',
          resectableFacts({ preferences: preferences({ declinesRadiotherapy: true }) }),
          'conversion-chemo-first',
          [],
        ],
        [
          'potentially resectable',
          resectableFacts({ metastases: liver('potentially-resectable') }),
          'conversion-chemo-first',
          ['conversion-rt-first'],
        ],
        [
          'potentially resectable, locally advanced primary',
          resectableFacts({ tCategory: 'T4a', metastases: liver('potentially-resectable') }),
          'conversion-rt-first',
          ['conversion-chemo-first'],
        ],
        [
          'potentially resectable, declines radiotherapy',
          resectableFacts({
            metastases: liver('potentially-resectable'),
            preferences: preferences({ declinesRadiotherapy: true }),
          }),
          'conversion-chemo-first',
          [],
        ],
        [
          'resectability not called yet',
          resectableFacts({ metastases: liver(null) }),
          'conversion-chemo-first',
          ['conversion-rt-first'],
        ],
        [
          'one site unresectable decides',
          resectableFacts({
            mCategory: 'M1b',
            metastases: [...liver('resectable'), { site: 'lung', count: 1, resectability: 'unresectable' }],
          }),
          'palliative-systemic',
          [],
        ],
        ['unresectable', resectableFacts({ metastases: liver('unresectable') }), 'palliative-systemic', []],
        [
          'unresectable with pain',
          resectableFacts({ metastases: liver('unresectable'), symptoms: symptoms({ pain: true }) }),
          'palliative-systemic',
          ['palliative-local-control'],
        ],
        [
          'unresectable with bleeding primary',
          resectableFacts({ metastases: liver('unresectable'), symptoms: symptoms({ bleeding: true }) }),
          'palliative-local-control',
          ['palliative-systemic'],
        ],
        [
          'unresectable with obstruction',
          resectableFacts({ metastases: liver('unresectable'), symptoms: symptoms({ obstruction: true }) }),
          'palliative-local-control',
          ['palliative-systemic'],
        ],
        [
          'resectable but declines major surgery',
          resectableFacts({ preferences: preferences({ declinesMajorSurgery: true }) }),
          'palliative-systemic',
          [],
        ],
        ['ECOG 2', resectableFacts({ ecog: 2, fitForIntensiveTreatment: null }), 'reduced-intensity', []],
        [
          'ECOG 2 with bleeding',
          resectableFacts({ ecog: 2, symptoms: symptoms({ bleeding: true }) }),
          'reduced-intensity',
          ['palliative-local-control'],
        ],
        [
          'ECOG 1 but not fit for intensive treatment',
          resectableFacts({ ecog: 1, fitForIntensiveTreatment: false }),
          'reduced-intensity',
          [],
        ],
        ['ECOG 3', resectableFacts({ ecog: 3 }), 'best-supportive-care', []],
        [
          'ECOG 4 with obstruction',
          resectableFacts({ ecog: 4, symptoms: symptoms({ obstruction: true }) }),
          'best-supportive-care',
          ['palliative-local-control'],
        ],
        [
          'dMMR, ECOG 0, resectable',
          withBiomarkers({ mmr: 'dMMR' }),
          'immunotherapy-first',
          ['resectable-oligometastatic'],
        ],
        [
          'dMMR, ECOG 1, unresectable',
          withBiomarkers({ mmr: 'dMMR' }, resectableFacts({ ecog: 1, metastases: liver('unresectable') })),
          'immunotherapy-first',
          ['palliative-systemic'],
        ],
        ['dMMR, ECOG 2', withBiomarkers({ mmr: 'dMMR' }, resectableFacts({ ecog: 2 })), 'reduced-intensity', []],
        ['dMMR, ECOG 3', withBiomarkers({ mmr: 'dMMR' }, resectableFacts({ ecog: 3 })), 'best-supportive-care', []],
        ['MMR unknown is not immunotherapy', withBiomarkers({ mmr: 'unknown' }), 'resectable-oligometastatic', []],
        [
          'ECOG unknown: assumed fit',
          resectableFacts({ ecog: null, fitForIntensiveTreatment: null }),
          'resectable-oligometastatic',
          [],
        ],
      ],
      (label, _facts, primary) => `${label} -> ${primary}`,
    ),
  )('%s', (_title, _label, facts, primary, alternatives) => {
    const selection = selectBranches(facts);
    expect(selection.primary.code).toBe(primary);
    expect(selection.alternatives.map((a) => a.code)).toEqual(alternatives);
  });

  it.each([
    ['resectable', resectableFacts(), 'Resectable Synchronous Metastases (Oligometastatic Disease)'],
    ['locally advanced', resectableFacts({ tCategory: 'T4a' }), 'Locally Advanced Primary with Resectable Metastases'],
    [
      'chemo first',
      resectableFacts({ metastases: liver('potentially-resectable') }),
      'Non-Resectable Metastases Requiring Down-Sizing',
    ],
    ['unresectable', resectableFacts({ metastases: liver('unresectable') }), 'Treatment of Stage IV Rectal Cancer'],
    [
      'local control',
      resectableFacts({ metastases: liver('unresectable'), symptoms: symptoms({ bleeding: true }) }),
      'Palliative Management',
    ],
  ])('cites the seed section for %s', (_label, facts, section) => {
    const { primary } = selectBranches(facts);
    expect(primary.citation.kind).toBe('seed');
    expect(primary.citation.section).toBe(section);
  });

  it.each([
    ['immunotherapy', withBiomarkers({ mmr: 'dMMR' }), 'KEYNOTE-177 (NEJM 2020)'],
    [
      'reduced intensity',
      resectableFacts({ ecog: 2 }),
      'ESMO metastatic colorectal cancer guideline (Cervantes et al., Ann Oncol 2023)',
    ],
  ])('cites the update for %s', (_label, facts, source) => {
    const { primary } = selectBranches(facts);
    expect(primary.citation.kind).toBe('update');
    expect(primary.citation.source).toBe(source);
  });
});
