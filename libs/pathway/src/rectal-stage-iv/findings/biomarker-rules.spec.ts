import { cases } from '../testing/cases';
import type { CaseFacts } from '../facts';
import { findingsOf, resectableFacts, systemic, withBiomarkers } from '../testing/fixtures';
import type { SystemicRegimenCode } from '../codes';

const wt = { kras: 'wild-type', nras: 'wild-type', braf: 'wild-type' } as const;

describe('ANTI_EGFR_RAS_NOT_WILD_TYPE (block)', () => {
  it.each<[string, Partial<CaseFacts['biomarkers']>, SystemicRegimenCode[], string]>([
    ['cetuximab, KRAS mutant', { kras: 'mutant' }, ['FOLFOX', 'CETUXIMAB'], 'Systemic Chemotherapy Regimens'],
    ['panitumumab, KRAS unknown', { kras: 'unknown' }, ['FOLFOX', 'PANITUMUMAB'], 'Common Pitfalls to Avoid'],
    [
      'panitumumab, NRAS mutant',
      { kras: 'wild-type', nras: 'mutant' },
      ['FOLFIRI', 'PANITUMUMAB'],
      'extended RAS (KRAS and NRAS) wild-type required for anti-EGFR',
    ],
    [
      'cetuximab, NRAS unknown',
      { kras: 'wild-type', nras: 'unknown' },
      ['FOLFIRI', 'CETUXIMAB'],
      'extended RAS (KRAS and NRAS) wild-type required for anti-EGFR',
    ],
    [
      'encorafenib+cetuximab, RAS unknown',
      { kras: 'unknown', braf: 'V600E' },
      ['FOLFOX', 'ENCORAFENIB_CETUXIMAB'],
      'Common Pitfalls to Avoid',
    ],
  ])('blocks %s, citing the rule that applies', (_label, biomarkers, regimens, section) => {
    const found = findingsOf('ANTI_EGFR_RAS_NOT_WILD_TYPE', withBiomarkers(biomarkers), [
      systemic('c1', '2026-01-10', regimens),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'block', eventIds: ['c1'] });
    expect(found[0]?.citation.section).toBe(section);
  });

  it.each<[string, Partial<CaseFacts['biomarkers']>, SystemicRegimenCode[]]>([
    ['cetuximab, extended RAS wild-type', wt, ['FOLFOX', 'CETUXIMAB']],
    ['bevacizumab, KRAS mutant', { kras: 'mutant' }, ['FOLFOX', 'BEVACIZUMAB']],
    [
      'sotorasib+panitumumab, KRAS G12C (by design)',
      { kras: 'mutant', krasVariant: 'G12C' },
      ['SOTORASIB_PANITUMUMAB'],
    ],
  ])('does not fire for %s', (_label, biomarkers, regimens) => {
    expect(
      findingsOf('ANTI_EGFR_RAS_NOT_WILD_TYPE', withBiomarkers(biomarkers), [systemic('c1', '2026-01-10', regimens)]),
    ).toEqual([]);
  });

  it('checks undated planned regimens too', () => {
    expect(
      findingsOf('ANTI_EGFR_RAS_NOT_WILD_TYPE', resectableFacts(), [], { plannedRegimens: ['CETUXIMAB'] }),
    ).toMatchObject([{ eventIds: ['plannedRegimens'] }]);
  });
});

describe('FLUOROPYRIMIDINE_WITHOUT_DPD (block)', () => {
  it.each<[string, CaseFacts['biomarkers']['dpd'], SystemicRegimenCode[]]>([
    ['FOLFOX, DPD unknown', 'unknown', ['FOLFOX']],
    ['CAPOX, complete deficiency', 'complete-deficiency', ['CAPOX']],
    ['5-FU alone, DPD unknown', 'unknown', ['FLUOROPYRIMIDINE']],
    ['FOLFOXIRI, DPD unknown', 'unknown', ['FOLFOXIRI']],
  ])('blocks %s', (_label, dpd, regimens) => {
    expect(
      findingsOf('FLUOROPYRIMIDINE_WITHOUT_DPD', withBiomarkers({ dpd }), [systemic('c1', '2026-01-10', regimens)]),
    ).toMatchObject([{ severity: 'block', eventIds: ['c1'] }]);
  });

  it('blocks long-course chemoradiation (given with a fluoropyrimidine) when DPD is unknown', () => {
    const events = [
      {
        id: 'lc',
        kind: 'radiotherapy' as const,
        regimen: 'LCCRT_50GY' as const,
        startDate: '2026-01-05',
        lastFractionDate: '2026-02-13',
      },
    ];
    expect(findingsOf('FLUOROPYRIMIDINE_WITHOUT_DPD', withBiomarkers({ dpd: 'unknown' }), events)).toMatchObject([
      { eventIds: ['lc'] },
    ]);
  });

  it.each<[string, CaseFacts['biomarkers']['dpd'], SystemicRegimenCode[]]>([
    ['FOLFOX, DPD normal', 'normal', ['FOLFOX']],
    ['FOLFOX, partial deficiency (dose reduced)', 'partial-deficiency', ['FOLFOX']],
    ['pembrolizumab, DPD unknown', 'unknown', ['PEMBROLIZUMAB']],
  ])('does not fire for %s', (_label, dpd, regimens) => {
    expect(
      findingsOf('FLUOROPYRIMIDINE_WITHOUT_DPD', withBiomarkers({ dpd }), [systemic('c1', '2026-01-10', regimens)]),
    ).toEqual([]);
  });
});

describe('IMMUNOTHERAPY_IN_PMMR (block)', () => {
  it.each(
    cases<[string, CaseFacts['biomarkers']['mmr'], SystemicRegimenCode[], number]>(
      [
        ['pembrolizumab in pMMR', 'pMMR', ['PEMBROLIZUMAB'], 1],
        ['nivolumab+ipilimumab in pMMR', 'pMMR', ['NIVOLUMAB_IPILIMUMAB'], 1],
        ['pembrolizumab in dMMR', 'dMMR', ['PEMBROLIZUMAB'], 0],
        ['FOLFOX in pMMR', 'pMMR', ['FOLFOX'], 0],
      ],
      (label, _mmr, _regimens, count) => `${label} -> ${count} finding(s)`,
    ),
  )('%s', (_title, _label, mmr, regimens, count) => {
    const found = findingsOf('IMMUNOTHERAPY_IN_PMMR', withBiomarkers({ mmr }), [
      systemic('io', '2026-01-10', regimens),
    ]);
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]?.severity).toBe('block');
  });
});

describe('MMR_STATUS_UNKNOWN (warn)', () => {
  it.each<[CaseFacts['biomarkers']['mmr'], number]>([
    ['unknown', 1],
    ['pMMR', 0],
    ['dMMR', 0],
  ])('MMR %s -> %d finding(s)', (mmr, count) => {
    const found = findingsOf('MMR_STATUS_UNKNOWN', withBiomarkers({ mmr }), []);
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]).toMatchObject({ severity: 'warn', citation: { kind: 'update' } });
  });
});

describe('DMMR_WITHOUT_IMMUNOTHERAPY (warn)', () => {
  const dmmr = (ecog: CaseFacts['ecog']) => withBiomarkers({ mmr: 'dMMR' }, resectableFacts({ ecog }));
  it.each(
    cases<[string, CaseFacts, Parameters<typeof systemic>[], number]>(
      [
        ['dMMR ECOG 0, first line FOLFOX', dmmr(0), [['c1', '2026-01-10', ['FOLFOX']]], 1],
        ['dMMR ECOG 1, nothing planned', dmmr(1), [], 1],
        ['dMMR ECOG unknown, FOLFOX', dmmr(null), [['c1', '2026-01-10', ['FOLFOX']]], 1],
        ['dMMR ECOG 0, pembrolizumab first', dmmr(0), [['io', '2026-01-10', ['PEMBROLIZUMAB']]], 0],
        [
          'dMMR ECOG 0, line 1 nivo+ipi, later FOLFOX',
          dmmr(0),
          [
            ['c2', '2026-06-10', ['FOLFOX'], { line: 2 }],
            ['io', '2026-01-10', ['NIVOLUMAB_IPILIMUMAB'], { line: 1 }],
          ],
          0,
        ],
        [
          'dMMR ECOG 0, FOLFOX first, pembrolizumab second line',
          dmmr(0),
          [
            ['c1', '2026-01-10', ['FOLFOX'], { line: 1 }],
            ['io', '2026-06-10', ['PEMBROLIZUMAB'], { line: 2 }],
          ],
          1,
        ],
        ['dMMR ECOG 2', dmmr(2), [['c1', '2026-01-10', ['FOLFOX']]], 0],
        ['pMMR ECOG 0', resectableFacts(), [['c1', '2026-01-10', ['FOLFOX']]], 0],
      ],
      (label, _facts, _events, count) => `${label} -> ${count} finding(s)`,
    ),
  )('%s', (_title, _label, facts, events, count) => {
    const found = findingsOf(
      'DMMR_WITHOUT_IMMUNOTHERAPY',
      facts,
      events.map((args) => systemic(...args)),
    );
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]?.severity).toBe('warn');
  });
});

describe('BRAF_V600E_TARGETED_NOT_USED (warn)', () => {
  const v600e = withBiomarkers({ ...wt, braf: 'V600E' });
  it.each(
    cases<[string, CaseFacts, SystemicRegimenCode[], number]>(
      [
        ['V600E with cetuximab', v600e, ['FOLFOX', 'CETUXIMAB'], 1],
        ['V600E with panitumumab', v600e, ['FOLFOX', 'PANITUMUMAB'], 1],
        ['V600E with encorafenib + cetuximab', v600e, ['FOLFOX', 'ENCORAFENIB_CETUXIMAB'], 0],
        ['V600E with bevacizumab', v600e, ['FOLFOX', 'BEVACIZUMAB'], 0],
        ['BRAF wild-type with cetuximab', withBiomarkers(wt), ['FOLFOX', 'CETUXIMAB'], 0],
      ],
      (label, _facts, _regimens, count) => `${label} -> ${count} finding(s)`,
    ),
  )('%s', (_title, _label, facts, regimens, count) => {
    const found = findingsOf('BRAF_V600E_TARGETED_NOT_USED', facts, [systemic('c1', '2026-01-10', regimens)]);
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]?.severity).toBe('warn');
  });
});

describe('CAPECITABINE_LOW_CRCL (warn)', () => {
  it.each(
    cases<[string, number | null, Parameters<typeof systemic>[2], Partial<Parameters<typeof systemic>[3]>, number]>(
      [
        ['CAPOX at CrCl 29', 29, ['CAPOX'], {}, 1],
        ['CAPOX at CrCl 29.9', 29.9, ['CAPOX'], {}, 1],
        ['CAPOX at CrCl 30', 30, ['CAPOX'], {}, 0],
        ['CAPOX, CrCl unknown', null, ['CAPOX'], {}, 0],
        ['capecitabine alone at CrCl 20', 20, ['FLUOROPYRIMIDINE'], { fluoropyrimidine: 'capecitabine' }, 1],
        ['5-FU alone at CrCl 20', 20, ['FLUOROPYRIMIDINE'], { fluoropyrimidine: '5-FU' }, 0],
        ['FOLFOX at CrCl 20', 20, ['FOLFOX'], {}, 0],
      ],
      (label, _crcl, _regimens, _extra, count) => `${label} -> ${count} finding(s)`,
    ),
  )('%s', (_title, _label, crcl, regimens, extra, count) => {
    const found = findingsOf('CAPECITABINE_LOW_CRCL', resectableFacts({ creatinineClearanceMlMin: crcl }), [
      systemic('c1', '2026-01-10', regimens, extra),
    ]);
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]?.severity).toBe('warn');
  });
});
