import { validateFacts, type CaseFacts } from './facts';
import { resectableFacts } from './testing/fixtures';

/** A minimal valid input: only the required fields. */
const minimal = () => ({
  tCategory: 'T3',
  nCategory: 'N1',
  mCategory: 'M1a',
  metastases: [{ site: 'liver', count: 1 }],
});

function problemsOf(input: unknown) {
  const result = validateFacts(input);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe(validateFacts.name, () => {
  it('accepts a complete valid case unchanged', () => {
    const facts = resectableFacts();
    expect(validateFacts(facts)).toEqual({ ok: true, facts });
  });

  it('fills omitted optional parts: biomarkers unknown, comorbidities empty, no symptoms, null unknowns', () => {
    const result = validateFacts(minimal());
    expect(result).toEqual({
      ok: true,
      facts: {
        tCategory: 'T3',
        nCategory: 'N1',
        mCategory: 'M1a',
        distanceFromAnalVergeCm: null,
        mesorectalFasciaThreatened: null,
        metastases: [{ site: 'liver', count: 1, resectability: null }],
        ageYears: null,
        ecog: null,
        fitForIntensiveTreatment: null,
        comorbidities: [],
        creatinineClearanceMlMin: null,
        preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
        symptoms: { bleeding: false, obstruction: false, pain: false },
        biomarkers: {
          kras: 'unknown',
          krasVariant: null,
          nras: 'unknown',
          braf: 'unknown',
          mmr: 'unknown',
          her2: 'unknown',
          dpd: 'unknown',
        },
      } satisfies CaseFacts,
    });
  });

  it('treats unknown biomarker status as a value, not an error', () => {
    const result = validateFacts({ ...minimal(), biomarkers: { kras: 'unknown', mmr: 'unknown', dpd: 'unknown' } });
    expect(result.ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['ECOG out of range', { ecog: 7 }, 'ecog', 'ecog must be 0-4, got 7'],
    ['ECOG not an integer', { ecog: 1.5 }, 'ecog', 'ecog must be 0-4, got 1.5'],
    ['ECOG as a string', { ecog: '1' }, 'ecog', 'ecog must be 0-4, got "1"'],
    ['M0', { mCategory: 'M0' }, 'mCategory', 'M0 is not stage IV'],
    ['unknown M', { mCategory: 'M2' }, 'mCategory', 'mCategory must be one of M1a, M1b, M1c, got "M2"'],
    [
      'negative distance',
      { distanceFromAnalVergeCm: -1 },
      'distanceFromAnalVergeCm',
      'distanceFromAnalVergeCm must be >= 0, got -1',
    ],
    [
      'distance above the rectum',
      { distanceFromAnalVergeCm: 25 },
      'distanceFromAnalVergeCm',
      'distanceFromAnalVergeCm must be <= 20, got 25',
    ],
    [
      'distance NaN',
      { distanceFromAnalVergeCm: Number.NaN },
      'distanceFromAnalVergeCm',
      'distanceFromAnalVergeCm must be a number or null, got NaN',
    ],
    ['T category', { tCategory: 'T5' }, 'tCategory', 'tCategory must be one of T1, T2, T3, T4a, T4b, got "T5"'],
    ['missing N', { nCategory: undefined }, 'nCategory', 'nCategory is required: one of N0, N1, N2'],
    [
      'MRF not boolean',
      { mesorectalFasciaThreatened: 'yes' },
      'mesorectalFasciaThreatened',
      'mesorectalFasciaThreatened must be true, false or null, got "yes"',
    ],
    ['age', { ageYears: 140 }, 'ageYears', 'ageYears must be <= 120, got 140'],
    [
      'fitness',
      { fitForIntensiveTreatment: 1 },
      'fitForIntensiveTreatment',
      'fitForIntensiveTreatment must be true, false or null, got 1',
    ],
    [
      'comorbidities item',
      { comorbidities: ['diabetes', 3] },
      'comorbidities[1]',
      'comorbidities[1] must be a string, got 3',
    ],
    [
      'comorbidities type',
      { comorbidities: 'diabetes' },
      'comorbidities',
      'comorbidities must be an array of strings, got "diabetes"',
    ],
    [
      'creatinine clearance',
      { creatinineClearanceMlMin: -5 },
      'creatinineClearanceMlMin',
      'creatinineClearanceMlMin must be >= 0, got -5',
    ],
    [
      'preference flag',
      { preferences: { declinesMajorSurgery: 'no' } },
      'preferences.declinesMajorSurgery',
      'preferences.declinesMajorSurgery must be true or false, got "no"',
    ],
    [
      'symptom flag',
      { symptoms: { bleeding: null } },
      'symptoms.bleeding',
      'symptoms.bleeding must be true or false, got null',
    ],
    ['symptoms type', { symptoms: [] }, 'symptoms', 'symptoms must be an object, got an array'],
    [
      'KRAS value',
      { biomarkers: { kras: 'positive' } },
      'biomarkers.kras',
      'biomarkers.kras must be one of wild-type, mutant, unknown, got "positive"',
    ],
    [
      'BRAF value',
      { biomarkers: { braf: 'V600K' } },
      'biomarkers.braf',
      'biomarkers.braf must be one of V600E, other, wild-type, unknown, got "V600K"',
    ],
    [
      'MMR value',
      { biomarkers: { mmr: 'MSI-H' } },
      'biomarkers.mmr',
      'biomarkers.mmr must be one of pMMR, dMMR, unknown, got "MSI-H"',
    ],
    [
      'HER2 value',
      { biomarkers: { her2: '3+' } },
      'biomarkers.her2',
      'biomarkers.her2 must be one of positive, negative, unknown, got "3+"',
    ],
    [
      'DPD value',
      { biomarkers: { dpd: 'low' } },
      'biomarkers.dpd',
      'biomarkers.dpd must be one of normal, partial-deficiency, complete-deficiency, unknown, got "low"',
    ],
    [
      'KRAS variant without mutant KRAS',
      { biomarkers: { kras: 'wild-type', krasVariant: 'G12C' } },
      'biomarkers.krasVariant',
      'biomarkers.krasVariant is only valid with kras "mutant", got kras "wild-type"',
    ],
    ['misspelt field', { ECOG: 1 }, 'ECOG', 'ECOG is not a known field'],
    [
      'misspelt nested field',
      { biomarkers: { Kras: 'mutant' } },
      'biomarkers.Kras',
      'biomarkers.Kras is not a known field',
    ],
    ['no metastases', { metastases: [] }, 'metastases', 'metastases must list at least one site for stage IV (M1)'],
    [
      'metastases omitted',
      { metastases: undefined },
      'metastases',
      'metastases must list at least one site for stage IV (M1)',
    ],
    ['metastases not an array', { metastases: 'liver' }, 'metastases', 'metastases must be an array, got "liver"'],
    [
      'metastasis count 0',
      { metastases: [{ site: 'liver', count: 0 }] },
      'metastases[0].count',
      'metastases[0].count must be an integer >= 1, got 0',
    ],
    [
      'metastasis count fraction',
      { metastases: [{ site: 'liver', count: 1.5 }] },
      'metastases[0].count',
      'metastases[0].count must be an integer >= 1, got 1.5',
    ],
    [
      'metastasis site',
      { metastases: [{ site: 'brain', count: 1 }] },
      'metastases[0].site',
      'metastases[0].site must be one of liver, lung, peritoneum, distant-nodes, bone, other, got "brain"',
    ],
    [
      'resectability',
      { metastases: [{ site: 'liver', count: 1, resectability: 'maybe' }] },
      'metastases[0].resectability',
      'metastases[0].resectability must be one of resectable, potentially-resectable, unresectable, got "maybe"',
    ],
    [
      'M1a with two organs',
      {
        metastases: [
          { site: 'liver', count: 1 },
          { site: 'lung', count: 1 },
        ],
      },
      'mCategory',
      'M1a means one organ or site, but 2 sites are listed (liver, lung)',
    ],
    [
      'M1b with one organ',
      { mCategory: 'M1b' },
      'mCategory',
      'M1b means more than one organ or site, but only liver is listed',
    ],
    [
      'M1c without peritoneum',
      { mCategory: 'M1c' },
      'mCategory',
      'M1c means peritoneal metastases, but no peritoneum site is listed',
    ],
    [
      'peritoneum not M1c',
      { metastases: [{ site: 'peritoneum', count: 3 }] },
      'mCategory',
      'peritoneal metastases are M1c, got M1a',
    ],
  ])('rejects %s, naming the field', (_label, patch, field, message) => {
    expect(problemsOf({ ...minimal(), ...patch })).toContainEqual({ field, message });
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'M1b with two organs',
      {
        mCategory: 'M1b',
        metastases: [
          { site: 'liver', count: 3 },
          { site: 'lung', count: 1 },
        ],
      },
    ],
    [
      'M1c with peritoneum and liver',
      {
        mCategory: 'M1c',
        metastases: [
          { site: 'peritoneum', count: 1 },
          { site: 'liver', count: 1 },
        ],
      },
    ],
    [
      'M1a with two liver entries',
      {
        metastases: [
          { site: 'liver', count: 1 },
          { site: 'liver', count: 2 },
        ],
      },
    ],
    ['distance 0', { distanceFromAnalVergeCm: 0 }],
    ['distance 20', { distanceFromAnalVergeCm: 20 }],
    ['ECOG 0', { ecog: 0 }],
    ['ECOG 4', { ecog: 4 }],
    ['ECOG null', { ecog: null }],
    ['KRAS G12C', { biomarkers: { kras: 'mutant', krasVariant: 'G12C' } }],
  ])('accepts %s', (_label, patch) => {
    expect(validateFacts({ ...minimal(), ...patch }).ok).toBe(true);
  });

  it('collects every problem, not only the first', () => {
    const problems = problemsOf({
      tCategory: 'T9',
      nCategory: 'N1',
      mCategory: 'M0',
      ecog: 7,
      distanceFromAnalVergeCm: -2,
      metastases: [{ site: 'liver', count: 0 }],
      biomarkers: { kras: 'x' },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'tCategory',
      'mCategory',
      'distanceFromAnalVergeCm',
      'metastases[0].count',
      'ecog',
      'biomarkers.kras',
    ]);
  });

  it.each([[null], [42], ['facts'], [[]]])('rejects a non-object (%j)', (input) => {
    expect(problemsOf(input)).toEqual([
      { field: '', message: expect.stringContaining('case facts must be an object') },
    ]);
  });

  it('is deterministic', () => {
    const input = { ...minimal(), ecog: 9, tCategory: 'T0' };
    expect(validateFacts(input)).toEqual(validateFacts(input));
  });
});
