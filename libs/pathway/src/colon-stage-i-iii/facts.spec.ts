import { validateCaseCore } from '../core/case-core';
import { colonStageIIIIApplies } from './applies';
import { validateColonExtraFacts } from './extra-facts';
import { colonFactsFrom, validateColonFacts } from './facts';
import { BASE_EXTRA, colonCore, colonFacts } from './testing/colon-facts';

describe(colonStageIIIIApplies.name, () => {
  it.each([
    ['resected sigmoid adenocarcinoma', {}, true],
    ['rectosigmoid junction', { siteCode: 'C19' }, true],
    ['caecum, mucinous', { siteCode: 'C18.0', morphologyCode: '8480/3' }, true],
    ['resection planned (cTNM only)', { basis: 'clinical' as const }, true],
    ['rectum', { siteCode: 'C20' }, false],
    ['lung', { siteCode: 'C34.1' }, false],
    ['neuroendocrine carcinoma', { morphologyCode: '8246/3' }, false],
  ])('%s -> %p', (_name, input, applies) => {
    expect(colonStageIIIIApplies(colonCore(input)).applies).toBe(applies);
  });

  it('does not apply to M1 disease, saying why', () => {
    const core = validateCaseCore({
      primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
      staging: { edition: 'UICC-8', pathological: { t: 'T3', n: 'N1', m: 'M1a' } },
      metastases: [{ site: 'liver', count: 1 }],
    });
    if (!core.ok) throw new Error('invalid');
    expect(colonStageIIIIApplies(core.facts)).toEqual({
      applies: false,
      reason: expect.stringContaining('M0') as unknown,
    });
  });

  it('does not apply without histology', () => {
    const core = validateCaseCore({
      primary: { siteCode: 'C18.7' },
      staging: { edition: 'UICC-8', pathological: { t: 'T3', n: 'N0', m: 'M0' } },
    });
    if (!core.ok) throw new Error('invalid');
    expect(colonStageIIIIApplies(core.facts)).toEqual({ applies: false, reason: 'histology is not recorded yet' });
  });
});

describe(validateColonExtraFacts.name, () => {
  it('accepts the full set and defaults absent fields to null', () => {
    expect(validateColonExtraFacts(BASE_EXTRA)).toEqual({ ok: true, facts: BASE_EXTRA });
    const empty = validateColonExtraFacts({});
    expect(empty.ok && Object.values(empty.facts).every((value) => value === null)).toBe(true);
  });

  it.each([
    ['surgeryDate', { surgeryDate: '2026-02-30' }],
    ['lymphNodesExamined', { lymphNodesExamined: -1 }],
    ['lymphNodesExamined', { lymphNodesExamined: 12.5 }],
    ['lymphNodesExamined', { lymphNodesExamined: '12' }],
    ['grade', { grade: 'G5' }],
    ['lymphovascularInvasion', { lymphovascularInvasion: 'yes' }],
    ['perineuralInvasion', { perineuralInvasion: 1 }],
    ['obstructionAtPresentation', { obstructionAtPresentation: 'no' }],
    ['perforation', { perforation: 0 }],
    ['preoperativeCeaNgMl', { preoperativeCeaNgMl: -3, ceaUpperLimitNgMl: 5 }],
    ['ceaUpperLimitNgMl', { preoperativeCeaNgMl: 7 }],
    ['preoperativeCeaNgMl', { ceaUpperLimitNgMl: 5 }],
    ['ceaUpperLimitNgMl', { preoperativeCeaNgMl: 7, ceaUpperLimitNgMl: 0 }],
    ['colonFullyVisualisedPreoperatively', { colonFullyVisualisedPreoperatively: 'partly' }],
    ['peripheralNeuropathy', { peripheralNeuropathy: 'grade 1' }],
    ['ECOG', { ECOG: 1 }],
  ])('names %s', (field, input) => {
    const result = validateColonExtraFacts(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual([field]);
  });

  it('refuses a non-object', () => {
    expect(validateColonExtraFacts('pT3')).toMatchObject({ ok: false, problems: [{ field: '' }] });
  });
});

describe(colonFactsFrom.name, () => {
  it('takes T/N from pTNM, ECOG, age, CrCl, MMR and DPD from the core', () => {
    expect(
      colonFacts({ t: 'T4a', n: 'N2b', age: 72, ecog: 1, crcl: 45, mmr: 'dMMR', dpd: 'partial-deficiency' }),
    ).toMatchObject({
      stagingBasis: 'pathological',
      t: 'T4a',
      n: 'N2b',
      stageGroup: 'IIIC',
      stage: 'III',
      ageYears: 72,
      ecog: 1,
      creatinineClearanceMlMin: 45,
      mmr: 'dMMR',
      dpd: 'partial-deficiency',
      lymphNodesExamined: 20,
    });
  });

  it('stages from cTNM while resection is planned', () => {
    expect(colonFacts({ basis: 'clinical', t: 'T3', n: 'N0' })).toMatchObject({
      stagingBasis: 'clinical',
      stageGroup: 'IIA',
    });
  });

  it('reads MMR from MSI when there is no IHC result, and unknown when neither', () => {
    const msi = validateCaseCore({
      primary: { siteCode: 'C18.2', morphologyCode: '8140/3' },
      staging: { edition: 'AJCC-8', pathological: { t: 'T3', n: 'N0', m: 'M0' } },
      biomarkers: [{ marker: 'MSI', result: 'MSI-H' }],
    });
    if (!msi.ok) throw new Error('invalid');
    const facts = colonFactsFrom(msi.facts, BASE_EXTRA);
    expect(facts.ok && [facts.facts.mmr, facts.facts.dpd]).toEqual(['dMMR', 'unknown']);
  });

  it.each([
    ['Tis', 'N0', 'staging.pathological.t'],
    ['T1a', 'N0', 'staging.pathological.t'],
    ['T3', 'NX', 'staging.pathological.n'],
    ['T3', 'N3', 'staging.pathological.n'],
  ])('refuses p%s %s naming %s', (t, n, field) => {
    const result = colonFactsFrom(colonCore({ t, n }), BASE_EXTRA);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual([field]);
  });

  it('refuses disagreeing MMR and MSI results, naming the MSI entry', () => {
    const core = validateCaseCore({
      primary: { siteCode: 'C18.2', morphologyCode: '8140/3' },
      staging: { edition: 'AJCC-8', pathological: { t: 'T3', n: 'N0', m: 'M0' } },
      biomarkers: [
        { marker: 'MMR', result: 'pMMR' },
        { marker: 'MSI', result: 'MSI-H' },
      ],
    });
    if (!core.ok) throw new Error('invalid');
    expect(colonFactsFrom(core.facts, BASE_EXTRA)).toMatchObject({ ok: false, problems: [{ field: 'biomarkers[1]' }] });
  });

  it('refuses a core without any TNM', () => {
    const core = validateCaseCore({ primary: { siteCode: 'C18.2', morphologyCode: '8140/3' } });
    if (!core.ok) throw new Error('invalid');
    expect(colonFactsFrom(core.facts, BASE_EXTRA)).toMatchObject({
      ok: false,
      problems: [{ field: 'staging.pathological' }],
    });
  });
});

describe(validateColonFacts.name, () => {
  const core = {
    primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
    staging: { edition: 'UICC-8', pathological: { t: 'T3', n: 'N1', m: 'M0' } },
  };

  it('validates { core, pathwayFacts } into ColonFacts', () => {
    expect(validateColonFacts({ core, pathwayFacts: BASE_EXTRA })).toMatchObject({
      ok: true,
      facts: { stageGroup: 'IIIB', grade: 'G2' },
    });
  });

  it.each([
    ['a bad extra fact', { core, pathwayFacts: { grade: 'high' } }, ['pathwayFacts.grade']],
    [
      'a bad core field',
      { core: { ...core, primary: { siteCode: 'colon' } }, pathwayFacts: {} },
      ['core.primary.siteCode'],
    ],
    [
      'a stage the pathway cannot use',
      { core: { ...core, staging: { edition: 'UICC-8', pathological: { t: 'Tis', n: 'N0', m: 'M0' } } } },
      ['core.staging.pathological.t'],
    ],
    ['an unknown root field', { core, pathwayFacts: {}, facts: {} }, ['facts']],
  ])('names the field for %s', (_name, input, fields) => {
    const result = validateColonFacts(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(fields);
  });
});
