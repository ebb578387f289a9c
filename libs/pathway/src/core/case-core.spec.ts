import { hasDistantMetastases, isStatedM0, latestBiomarker, validateCaseCore, type CaseCore } from './case-core';

/** A stage IIIB colon case with every part filled in. */
const colon = {
  primary: {
    siteCode: 'C18.7',
    topographyCode: 'C18.7',
    morphologyCode: '8140/3',
    histologyText: 'adenocarcinoma, G2',
    diagnosisDate: '2026-10-02',
  },
  staging: {
    edition: 'UICC-8',
    clinical: { t: 'T3', n: 'N1', m: 'M0' },
    pathological: { t: 'T3', n: 'N1b', m: 'M0', afterTherapy: false },
    stageGroup: 'IIIB',
  },
  condition: {
    ageYears: 67,
    ecog: 1,
    comorbidities: [
      { code: 'I10', text: 'hypertension' },
      { code: null, text: 'mild COPD' },
    ],
    creatinineClearanceMlMin: 72,
    symptoms: ['pain', 'bleeding'],
  },
  biomarkers: [{ marker: 'MMR', result: 'pMMR', method: 'IHC', date: '2026-10-09' }],
};

/** Stage IV breast: laterality, receptor results, Ki-67 percentage and a marker the vocabulary does not know. */
const breast = {
  primary: { siteCode: 'C50.4', morphologyCode: '8500/3', laterality: 'left' },
  staging: { edition: 'AJCC-8', clinical: { t: 'T2', n: 'N1', m: 'M1' }, stageGroup: 'IV' },
  metastases: [{ site: 'bone', count: 3, resectability: 'unresectable' }],
  condition: { ecog: 0 },
  biomarkers: [
    { marker: 'ER', result: 'positive' },
    { marker: 'PR', result: 'negative' },
    { marker: 'HER2', result: 'low', method: 'IHC' },
    { marker: 'KI67', result: '30%' },
    { marker: 'ESR1', result: 'Y537S detected', method: 'ctDNA NGS' },
  ],
};

/** Lung after neoadjuvant therapy: ypTNM, EGFR variant, PD-L1 TPS. */
const lung = {
  primary: { siteCode: 'C34.1', topographyCode: 'C34.1', morphologyCode: '8140/3', laterality: 'right' },
  staging: { edition: 'UICC-8', pathological: { t: 'T1c', n: 'N0', m: 'M0', afterTherapy: true } },
  condition: { ecog: 1 },
  biomarkers: [
    { marker: 'EGFR', result: 'mutant', variant: 'exon 19 deletion', method: 'NGS' },
    { marker: 'PDL1_TPS', result: '60%' },
  ],
};

function valid(input: unknown): CaseCore {
  const result = validateCaseCore(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.facts;
}

describe(validateCaseCore.name, () => {
  it.each([
    ['colon stage III', colon],
    ['breast stage IV', breast],
    ['lung ypTNM', lung],
  ])('accepts a %s case', (_name, input) => {
    expect(validateCaseCore(input).ok).toBe(true);
  });

  it('fills omitted parts with their "not known" values', () => {
    const core = valid({ primary: { siteCode: 'C20' } });
    expect(core).toEqual({
      primary: {
        siteCode: 'C20',
        topographyCode: null,
        morphologyCode: null,
        histologyText: null,
        laterality: null,
        diagnosisDate: null,
      },
      staging: { edition: null, clinical: null, pathological: null, stageGroup: null },
      metastases: [],
      condition: {
        ageYears: null,
        ecog: null,
        fitForIntensiveTreatment: null,
        comorbidities: [],
        creatinineClearanceMlMin: null,
        preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
        symptoms: [],
        symptomNotes: null,
      },
      biomarkers: [],
    });
  });

  it('keeps symptoms in vocabulary order and y-prefix false unless stated', () => {
    const core = valid(colon);
    expect(core.condition.symptoms).toEqual(['bleeding', 'pain']);
    expect(core.staging.clinical).toEqual({ t: 'T3', n: 'N1', m: 'M0', afterTherapy: false });
  });

  const withChange = (base: Record<string, unknown>, part: string, change: Record<string, unknown>): unknown => ({
    ...base,
    [part]: { ...(base[part] as Record<string, unknown>), ...change },
  });

  it.each([
    ['no primary', { condition: { ecog: 1 } }, ['primary', 'primary.siteCode']],
    ['a non-neoplasm site', withChange(colon, 'primary', { siteCode: 'K57.3' }), ['primary.siteCode']],
    ['a bad topography', withChange(colon, 'primary', { topographyCode: 'C18' }), ['primary.topographyCode']],
    [
      'a morphology without behaviour',
      withChange(colon, 'primary', { morphologyCode: '8140' }),
      ['primary.morphologyCode'],
    ],
    ['laterality on the colon', withChange(colon, 'primary', { laterality: 'left' }), ['primary.laterality']],
    ['an unknown laterality', withChange(breast, 'primary', { laterality: 'both' }), ['primary.laterality']],
    [
      'an impossible diagnosis date',
      withChange(colon, 'primary', { diagnosisDate: '2026-02-30' }),
      ['primary.diagnosisDate'],
    ],
    ['TNM without edition', withChange(colon, 'staging', { edition: null }), ['staging.edition']],
    ['an unknown edition', withChange(colon, 'staging', { edition: 'AJCC-7' }), ['staging.edition']],
    [
      'a prefixed T category',
      withChange(colon, 'staging', { clinical: { t: 'cT3', n: 'N1', m: 'M0' } }),
      ['staging.clinical.t'],
    ],
    [
      'a missing N category',
      withChange(colon, 'staging', { pathological: { t: 'T3', m: 'M0' } }),
      ['staging.pathological.n'],
    ],
    [
      'y-prefix not boolean',
      withChange(lung, 'staging', { pathological: { t: 'T1c', n: 'N0', m: 'M0', afterTherapy: 'yes' } }),
      ['staging.pathological.afterTherapy'],
    ],
    ['an unknown stage group', withChange(colon, 'staging', { stageGroup: 'IIIE' }), ['staging.stageGroup']],
    ['M1 without metastases', { ...breast, metastases: [] }, ['metastases']],
    ['M0 with metastases', { ...colon, metastases: [{ site: 'liver', count: 1 }] }, ['metastases']],
    [
      'a metastasis count of 0 and an unknown site',
      { ...breast, metastases: [{ site: 'spleen', count: 0 }] },
      ['metastases[0].count', 'metastases[0].site'],
    ],
    [
      'a misspelt resectability',
      { ...breast, metastases: [{ site: 'bone', count: 1, resectability: 'operable' }] },
      ['metastases[0].resectability'],
    ],
    ['ECOG 5', withChange(colon, 'condition', { ecog: 5 }), ['condition.ecog']],
    [
      'a comorbidity without text',
      withChange(colon, 'condition', { comorbidities: [{ code: 'I10' }] }),
      ['condition.comorbidities[0].text'],
    ],
    [
      'a comorbidity with a bad code',
      withChange(colon, 'condition', { comorbidities: [{ code: 'hypertension', text: 'hypertension' }] }),
      ['condition.comorbidities[0].code'],
    ],
    ['a repeated symptom', withChange(colon, 'condition', { symptoms: ['pain', 'pain'] }), ['condition.symptoms[1]']],
    ['an unknown symptom', withChange(colon, 'condition', { symptoms: ['itch'] }), ['condition.symptoms[0]']],
    ['a misspelt condition field', withChange(colon, 'condition', { ECOG: 1 }), ['condition.ECOG']],
    [
      'a KRAS result outside its list',
      { ...colon, biomarkers: [{ marker: 'KRAS', result: 'positive' }] },
      ['biomarkers[0].result'],
    ],
    [
      'Ki-67 not a percentage',
      { ...breast, biomarkers: [{ marker: 'KI67', result: 'high' }] },
      ['biomarkers[0].result'],
    ],
    [
      'a known marker in another spelling',
      { ...colon, biomarkers: [{ marker: 'Kras', result: 'mutant' }] },
      ['biomarkers[0].marker'],
    ],
    [
      'PD-L1 TPS spelt with a hyphen',
      { ...colon, biomarkers: [{ marker: 'PD-L1_TPS', result: '5%' }] },
      ['biomarkers[0].marker'],
    ],
    [
      'a marker name with spaces',
      { ...colon, biomarkers: [{ marker: 'tumour mutational burden', result: 'high' }] },
      ['biomarkers[0].marker'],
    ],
    ['a biomarker without marker', { ...colon, biomarkers: [{ result: 'mutant' }] }, ['biomarkers[0].marker']],
    [
      'a biomarker with a bad date',
      { ...colon, biomarkers: [{ marker: 'MSI', result: 'MSS', date: 'yesterday' }] },
      ['biomarkers[0].date'],
    ],
    ['biomarkers not a list', { ...colon, biomarkers: { kras: 'mutant' } }, ['biomarkers']],
    ['an unknown top-level field', { ...colon, tCategory: 'T3' }, ['tCategory']],
  ])('names the field for %s', (_name, input, fields) => {
    const result = validateCaseCore(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => problem.field).sort()).toEqual([...fields].sort());
  });

  it.each([null, 'C20', [], 42])('refuses %j as a whole', (input) => {
    expect(validateCaseCore(input)).toEqual({
      ok: false,
      problems: [{ field: '', message: expect.stringContaining('must be an object') as unknown }],
    });
  });
});

describe(hasDistantMetastases.name, () => {
  const staging = (clinical: string | null, pathological: string | null) => ({
    edition: 'UICC-8' as const,
    clinical:
      clinical === null ? null : { t: 'T3' as const, n: 'N1' as const, m: clinical as 'M0', afterTherapy: false },
    pathological:
      pathological === null
        ? null
        : { t: 'T3' as const, n: 'N1' as const, m: pathological as 'M0', afterTherapy: false },
    stageGroup: null,
  });
  it.each([
    ['M0', null, false, true],
    ['M1a', null, true, false],
    ['M0', 'M1c', true, false],
    [null, null, false, false],
  ])('cM %s pM %s -> M1 %s, stated M0 %s', (clinical, pathological, m1, m0) => {
    expect(hasDistantMetastases(staging(clinical, pathological))).toBe(m1);
    expect(isStatedM0(staging(clinical, pathological))).toBe(m0);
  });
});

describe(latestBiomarker.name, () => {
  const entry = (result: string, date: string | null) => ({
    marker: 'KRAS',
    result,
    variant: null,
    method: null,
    date,
  });
  it.each([
    ['the later dated result', [entry('wild-type', '2026-01-01'), entry('mutant', '2026-02-01')], 'mutant'],
    ['a dated result over an undated one', [entry('mutant', '2026-02-01'), entry('wild-type', null)], 'mutant'],
    ['the later list entry on equal dates', [entry('wild-type', null), entry('mutant', null)], 'mutant'],
    ['nothing when not tested', [], undefined],
  ])('takes %s', (_name, biomarkers, expected) => {
    expect(latestBiomarker({ biomarkers }, 'KRAS')?.result).toBe(expected);
  });
});
