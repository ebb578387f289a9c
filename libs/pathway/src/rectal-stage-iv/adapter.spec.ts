import fc from 'fast-check';
import { validateCaseCore, type CaseCore } from '../core/case-core';
import { coreFromRectalFacts, rectalFactsFrom } from './adapter';
import { rectalStageIvApplies } from './applies';
import { validateRectalExtraFacts } from './extra-facts';
import {
  BRAF_STATUSES,
  DPD_STATUSES,
  HER2_STATUSES,
  METASTASIS_SITES,
  MMR_STATUSES,
  N_CATEGORIES,
  RAS_STATUSES,
  RESECTABILITY_CALLS,
  T_CATEGORIES,
  validateFacts,
  type CaseFacts,
  type MCategory,
  type Metastasis,
} from './facts';
import { resectableFacts } from './testing/fixtures';

/** The M category the listed sites call for (AJCC 8: M1c peritoneum, M1b several sites, M1a one). */
function mCategoryOf(metastases: readonly Metastasis[]): MCategory {
  const sites = new Set(metastases.map((m) => m.site));
  if (sites.has('peritoneum')) return 'M1c';
  return sites.size > 1 ? 'M1b' : 'M1a';
}

const nullable = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arbitrary, { nil: null });
const text = fc.string({ maxLength: 12 });

/** Any valid rectal CaseFacts (comorbidities non-blank: the core keeps comorbidities as named entries). */
const rectalFacts: fc.Arbitrary<CaseFacts> = fc
  .record({
    tCategory: fc.constantFrom(...T_CATEGORIES),
    nCategory: fc.constantFrom(...N_CATEGORIES),
    metastases: fc.array(
      fc.record({
        site: fc.constantFrom(...METASTASIS_SITES),
        count: fc.integer({ min: 1, max: 30 }),
        resectability: nullable(fc.constantFrom(...RESECTABILITY_CALLS)),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    distanceFromAnalVergeCm: nullable(fc.double({ min: 0, max: 20, noNaN: true })),
    mesorectalFasciaThreatened: nullable(fc.boolean()),
    ageYears: nullable(fc.integer({ min: 0, max: 120 })),
    ecog: nullable(fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const, 4 as const)),
    fitForIntensiveTreatment: nullable(fc.boolean()),
    comorbidities: fc.array(
      text.filter((s) => s.trim() !== ''),
      { maxLength: 3 },
    ),
    creatinineClearanceMlMin: nullable(fc.double({ min: 0, max: 300, noNaN: true })),
    preferences: fc.record({
      declinesMajorSurgery: fc.boolean(),
      declinesRadiotherapy: fc.boolean(),
      notes: nullable(text),
    }),
    symptoms: fc.record({ bleeding: fc.boolean(), obstruction: fc.boolean(), pain: fc.boolean() }),
    kras: fc.constantFrom(...RAS_STATUSES),
    krasVariant: nullable(fc.constantFrom('G12C', 'G12D', 'p.G13D', '')),
    nras: fc.constantFrom(...RAS_STATUSES),
    braf: fc.constantFrom(...BRAF_STATUSES),
    mmr: fc.constantFrom(...MMR_STATUSES),
    her2: fc.constantFrom(...HER2_STATUSES),
    dpd: fc.constantFrom(...DPD_STATUSES),
  })
  .map(({ kras, krasVariant, nras, braf, mmr, her2, dpd, ...rest }) => ({
    ...rest,
    mCategory: mCategoryOf(rest.metastases),
    biomarkers: { kras, krasVariant: kras === 'mutant' ? krasVariant : null, nras, braf, mmr, her2, dpd },
  }));

describe('rectal adapter round trip', () => {
  it('property: the generator yields valid rectal facts (so the round trip covers valid input only)', () => {
    fc.assert(fc.property(rectalFacts, (facts) => validateFacts(facts).ok));
  });

  it('property: rectal facts -> core + extra -> rectal facts is the identity', () => {
    fc.assert(
      fc.property(rectalFacts, (facts) => {
        const { core, extra } = coreFromRectalFacts(facts);
        expect(rectalFactsFrom(core, extra)).toEqual({ ok: true, facts });
      }),
    );
  });

  it('property: the migrated core and extra facts are valid, and the rectal pathway applies to them', () => {
    fc.assert(
      fc.property(rectalFacts, (facts) => {
        const { core, extra } = coreFromRectalFacts(facts);
        expect(validateCaseCore(JSON.parse(JSON.stringify(core)))).toEqual({ ok: true, facts: core });
        expect(validateRectalExtraFacts(extra)).toEqual({ ok: true, facts: extra });
        expect(rectalStageIvApplies(core)).toEqual({ applies: true });
      }),
    );
  });

  it('records the AJCC 8 stage group and legacy primary of a migrated case', () => {
    const { core } = coreFromRectalFacts(
      resectableFacts({
        mCategory: 'M1b',
        metastases: [
          { site: 'liver', count: 2, resectability: 'resectable' },
          { site: 'lung', count: 1, resectability: null },
        ],
      }),
    );
    expect(core.primary).toMatchObject({ siteCode: 'C20', morphologyCode: '8140/3' });
    expect(core.staging).toEqual({
      edition: 'AJCC-8',
      clinical: { t: 'T3', n: 'N1', m: 'M1b', afterTherapy: false },
      pathological: null,
      stageGroup: 'IVB',
    });
  });
});

describe(rectalFactsFrom.name, () => {
  const base = coreFromRectalFacts(resectableFacts());
  const withCore = (change: (core: CaseCore) => CaseCore) =>
    rectalFactsFrom(change(structuredClone(base.core)), base.extra);
  const clinical = (core: CaseCore, patch: Partial<NonNullable<CaseCore['staging']['clinical']>>): CaseCore => ({
    ...core,
    staging: { ...core.staging, clinical: { t: 'T3', n: 'N1', m: 'M1a', afterTherapy: false, ...patch } },
  });
  const biomarkers = (core: CaseCore, list: CaseCore['biomarkers']): CaseCore => ({ ...core, biomarkers: list });
  const marker = (name: string, result: string, variant: string | null = null) => ({
    marker: name,
    result,
    variant,
    method: null,
    date: null,
  });

  it.each([
    ['no cTNM', (core: CaseCore) => ({ ...core, staging: { ...core.staging, clinical: null } }), ['staging.clinical']],
    ['cTis', (core: CaseCore) => clinical(core, { t: 'Tis' }), ['staging.clinical.t']],
    ['cT4 without a or b', (core: CaseCore) => clinical(core, { t: 'T4' }), ['staging.clinical.t']],
    ['cN3', (core: CaseCore) => clinical(core, { n: 'N3' }), ['staging.clinical.n']],
    ['cM1 without subcategory', (core: CaseCore) => clinical(core, { m: 'M1' }), ['staging.clinical.m']],
    ['cM0', (core: CaseCore) => clinical(core, { m: 'M0' }), ['staging.clinical.m']],
    [
      'M1a with liver and lung',
      (core: CaseCore) => ({
        ...core,
        metastases: [...core.metastases, { site: 'lung' as const, count: 1, resectability: null }],
      }),
      ['staging.clinical.m'],
    ],
    [
      'BRAF mutant without variant',
      (core: CaseCore) => biomarkers(core, [marker('KRAS', 'mutant'), marker('BRAF', 'mutant')]),
      ['biomarkers[1].variant'],
    ],
    [
      'MMR proficient but MSI-H',
      (core: CaseCore) => biomarkers(core, [marker('MMR', 'pMMR'), marker('MSI', 'MSI-H')]),
      ['biomarkers[1]'],
    ],
    [
      'a KRAS variant on wild-type KRAS',
      (core: CaseCore) => biomarkers(core, [marker('KRAS', 'wild-type', 'G12C')]),
      ['biomarkers'],
    ],
  ])('names the core field for %s', (_name, change, fields) => {
    const result = withCore(change);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => problem.field)).toEqual(fields);
  });

  it.each([
    ['MSI-H', [marker('MSI', 'MSI-H')], { mmr: 'dMMR' }],
    ['MSS', [marker('MSI', 'MSS')], { mmr: 'pMMR' }],
    ['BRAF p.V600E', [marker('BRAF', 'mutant', 'p.V600E')], { braf: 'V600E' }],
    ['BRAF D594G', [marker('BRAF', 'mutant', 'D594G')], { braf: 'other' }],
    ['HER2-low', [marker('HER2', 'low')], { her2: 'negative' }],
    ['HER2 equivocal', [marker('HER2', 'equivocal')], { her2: 'unknown' }],
    [
      'nothing tested',
      [],
      { kras: 'unknown', nras: 'unknown', braf: 'unknown', mmr: 'unknown', her2: 'unknown', dpd: 'unknown' },
    ],
    [
      'a retest',
      [
        { ...marker('KRAS', 'wild-type'), date: '2026-01-01' },
        { ...marker('KRAS', 'mutant', 'G12C'), date: '2026-03-01' },
      ],
      { kras: 'mutant', krasVariant: 'G12C' },
    ],
  ])('reads %s', (_name, list, expected) => {
    const result = withCore((core) => biomarkers(core, list));
    expect(result.ok && result.facts.biomarkers).toMatchObject(expected);
  });

  it('maps sites the rectal pathway does not list to other, and coded comorbidities to their text', () => {
    const result = withCore((core) => ({
      ...core,
      metastases: [{ site: 'brain', count: 1, resectability: 'unresectable' }],
      condition: {
        ...core.condition,
        comorbidities: [{ code: 'E11.9', text: 'type 2 diabetes' }],
        symptoms: ['bleeding', 'weight-loss'],
      },
    }));
    expect(result.ok && result.facts).toMatchObject({
      metastases: [{ site: 'other', count: 1, resectability: 'unresectable' }],
      comorbidities: ['type 2 diabetes'],
      symptoms: { bleeding: true, obstruction: false, pain: false },
    });
  });
});
