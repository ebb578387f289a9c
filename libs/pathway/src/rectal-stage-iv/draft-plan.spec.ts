import type { Citation } from '../core/citation';
import { RECTAL_STAGE_IV_PATHWAY_ID, RECTAL_STAGE_IV_PATHWAY_VERSION } from './codes';
import { draftPlan, draftPlanFromInput, type DraftPlan } from './draft-plan';
import { validateFacts } from './facts';
import { resectableFacts, withBiomarkers } from './testing/fixtures';

function expectCited(citation: Citation, where: string) {
  expect({ where, ok: citation.section.length > 0 && citation.source.length > 0 }).toEqual({ where, ok: true });
}

function everyCitation(plan: DraftPlan): [string, Citation][] {
  return [
    ['primary branch', plan.primaryBranch.citation],
    ...plan.alternatives.map((a): [string, Citation] => [`alternative ${a.code}`, a.citation]),
    ...[plan.primaryBranch, ...plan.alternatives].flatMap((b) =>
      b.steps.map((s): [string, Citation] => [`${b.code} step ${s.order}`, s.citation]),
    ),
    ...[...plan.regimens.preferred, ...plan.regimens.allowed, ...plan.regimens.forbidden].map(
      (r): [string, Citation] => [`regimen ${r.regimen}`, r.citation],
    ),
    ...plan.milestones.map((m): [string, Citation] => [`milestone ${m.code}`, m.citation]),
    ...plan.findings.map((f): [string, Citation] => [`finding ${f.code}`, f.citation]),
    ...plan.requiredTests.map((t): [string, Citation] => [`test ${t.test}`, t.citation]),
    ...plan.decisionFactors.map((d): [string, Citation] => [`factor ${d.factor}`, d.citation]),
  ];
}

const minimalInput = { tCategory: 'T3', nCategory: 'N2', mCategory: 'M1a', metastases: [{ site: 'liver', count: 2 }] };

describe(draftPlan.name, () => {
  it('drafts the resectable textbook plan', () => {
    const plan = draftPlan(resectableFacts());
    expect(plan.pathwayId).toBe(RECTAL_STAGE_IV_PATHWAY_ID);
    expect(plan.pathwayVersion).toBe(RECTAL_STAGE_IV_PATHWAY_VERSION);
    expect(plan.status).toBe('draft');
    expect(plan.primaryBranch.code).toBe('resectable-oligometastatic');
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'board-review',
      'radiotherapy',
      'systemic-therapy',
      'evaluation',
      'surgery',
      'surgery',
      'systemic-therapy',
    ]);
    expect(plan.steps[2]?.timing).toEqual({ anchor: 'lastRadiotherapyFraction', fromDays: 11, toDays: 18 });
    expect(plan.steps[3]?.timing).toEqual({ anchor: 'firstChemotherapy', fromDays: 42, toDays: 56 });
    expect(plan.steps[4]?.timing).toEqual({ anchor: 'lastRadiotherapyFraction', fromDays: 84, toDays: 98 });
    expect(plan.regimens.preferred.map((r) => r.regimen)).toEqual([
      'FOLFOX',
      'CAPOX',
      'FOLFIRI',
      'BEVACIZUMAB',
      'SCRT_5X5',
    ]);
    expect(plan.regimens.forbidden.map((r) => r.regimen)).toContain('CETUXIMAB');
    expect(plan.findings).toEqual([]);
    expect(plan.forbiddenCombinations).toEqual([
      expect.objectContaining({
        regimen: 'BEVACIZUMAB',
        withAnyOf: expect.arrayContaining(['CETUXIMAB', 'PANITUMUMAB']),
      }),
    ]);
  });

  it('offers both chemo-first and RT-first for potentially resectable metastases', () => {
    const plan = draftPlan(
      resectableFacts({ metastases: [{ site: 'liver', count: 5, resectability: 'potentially-resectable' }] }),
    );
    expect([plan.primaryBranch.code, ...plan.alternatives.map((a) => a.code)]).toEqual([
      'conversion-chemo-first',
      'conversion-rt-first',
    ]);
    expect(plan.steps.filter((s) => s.kind === 'evaluation').map((s) => s.timing)).toEqual([
      { anchor: 'firstChemotherapy', fromDays: 46, toDays: 74 },
      { anchor: 'firstChemotherapy', fromDays: 106, toDays: 134 },
    ]);
    expect(plan.steps.find((s) => s.kind === 'radiotherapy')?.optional).toBe(true);
    expect(plan.alternatives[0]?.steps.find((s) => s.kind === 'radiotherapy')?.optional).toBe(false);
  });

  it('shows findings already visible from the facts, with assumptions for what is missing', () => {
    const result = validateFacts(minimalInput);
    if (!result.ok) throw new Error('fixture invalid');
    const plan = draftPlan(result.facts);
    expect(plan.findings.map((f) => [f.code, f.severity])).toEqual([['MMR_STATUS_UNKNOWN', 'warn']]);
    expect(plan.assumptions.map((a) => a.field)).toEqual([
      'ecog',
      'fitForIntensiveTreatment',
      'metastases[0].resectability',
      'metastases',
      'mesorectalFasciaThreatened',
      'distanceFromAnalVergeCm',
      'ageYears',
      'creatinineClearanceMlMin',
      'biomarkers.mmr',
      'biomarkers.kras/nras',
      'biomarkers.braf',
      'biomarkers.her2',
      'biomarkers.dpd',
    ]);
    expect(plan.requiredTests.filter((t) => t.status === 'pending').map((t) => t.test)).toEqual([
      'KRAS',
      'NRAS',
      'BRAF',
      'MMR',
      'HER2',
      'DPD',
    ]);
    expect(plan.steps.filter((s) => s.kind === 'test').map((s) => s.description)).toEqual([
      'Complete biomarker tests before the first systemic dose: KRAS, NRAS, BRAF, MMR/MSI, DPD.',
      'HER2 status before a second-line choice.',
    ]);
    expect(plan.milestones.map((m) => m.code)).toContain('BIOMARKER_RESULTS_DUE');
  });

  it('makes no assumptions when every fact is known', () => {
    expect(draftPlan(resectableFacts()).assumptions).toEqual([]);
  });

  it.each([
    ['resectable', resectableFacts()],
    [
      'minimal',
      (() => {
        const r = validateFacts(minimalInput);
        if (!r.ok) throw new Error();
        return r.facts;
      })(),
    ],
    ['dMMR', withBiomarkers({ mmr: 'dMMR' })],
    [
      'unresectable, bleeding',
      resectableFacts({
        metastases: [{ site: 'lung', count: 9, resectability: 'unresectable' }],
        symptoms: { bleeding: true, obstruction: true, pain: true },
      }),
    ],
    ['ECOG 2', resectableFacts({ ecog: 2 })],
    ['ECOG 3', resectableFacts({ ecog: 3, symptoms: { bleeding: true, obstruction: false, pain: false } })],
  ])('puts a citation on every branch, step, regimen, milestone, finding and test (%s)', (_label, facts) => {
    const plan = draftPlan(facts);
    const cited = everyCitation(plan);
    expect(cited.length).toBeGreaterThan(10);
    for (const [where, citation] of cited) expectCited(citation, where);
  });

  it('suggests a stoma, not a stent, for an obstructing low tumour', () => {
    const plan = draftPlan(
      resectableFacts({
        distanceFromAnalVergeCm: 3,
        metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }],
        symptoms: { bleeding: false, obstruction: true, pain: false },
      }),
    );
    expect(plan.primaryBranch.code).toBe('palliative-local-control');
    const relief = plan.steps.find((s) => s.description.startsWith('Relieve the obstruction'));
    expect(relief?.description).toContain('defunctioning stoma (stenting is difficult');
    expect(relief?.citation.quote).toContain('difficult for lower tumors');
  });

  it.each([
    [
      'palliative-systemic',
      resectableFacts({ metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }] }),
    ],
    [
      'palliative-local-control',
      resectableFacts({
        metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }],
        symptoms: { bleeding: true, obstruction: false, pain: false },
      }),
    ],
    ['reduced-intensity', resectableFacts({ ecog: 2 })],
  ])('offers second- and third-line therapy for good performance status on %s', (branch, facts) => {
    const plan = draftPlan(facts);
    expect(plan.primaryBranch.code).toBe(branch);
    const later = plan.steps.filter((s) => s.optional && s.kind === 'systemic-therapy').map((s) => s.citation.quote);
    expect(later).toEqual([
      'Second-line chemotherapy should be considered for patients maintaining good performance status.',
      'Third-line therapy is appropriate for selected patients in good performance status.',
    ]);
  });

  it('puts local control before systemic therapy when the primary bleeds and metastases are unresectable', () => {
    const plan = draftPlan(
      resectableFacts({
        metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }],
        symptoms: { bleeding: true, obstruction: false, pain: false },
      }),
    );
    const kinds = plan.steps.map((s) => s.kind);
    expect(kinds.indexOf('palliative')).toBeLessThan(kinds.indexOf('systemic-therapy'));
    expect(plan.steps.find((s) => s.kind === 'palliative')?.description).toContain(
      'palliative resection, fulguration or radiotherapy',
    );
  });

  it('offers best supportive care with palliative radiotherapy for symptoms and no systemic step or tests at ECOG 3', () => {
    const plan = draftPlan(resectableFacts({ ecog: 3, symptoms: { bleeding: false, obstruction: false, pain: true } }));
    expect(plan.steps.map((s) => s.kind)).toEqual(['board-review', 'palliative', 'palliative']);
    expect(plan.steps[2]?.citation.quote).toBe(
      'Radiotherapy as a palliative procedure is reasonable for symptomatic control.',
    );
    expect(plan.requiredTests).toEqual([]);
    expect(plan.milestones).toEqual([]);
  });

  it('records the decision factors the board must weigh', () => {
    const plan = draftPlan(
      resectableFacts({
        ageYears: 78,
        comorbidities: ['COPD'],
        preferences: { declinesMajorSurgery: true, declinesRadiotherapy: false, notes: 'lives alone' },
      }),
    );
    expect(plan.decisionFactors.map((d) => [d.factor, d.recorded])).toEqual([
      ['Age and comorbidities', 'age 78; comorbidities: COPD'],
      ['Patient preferences', 'declines major surgery; lives alone'],
      [
        'Primary versus metastases: the greater threat',
        'primary cT3 N1, MRF clear, 8 cm from the anal verge; M1a: liver x2 (resectable)',
      ],
      ['Performance status and ability to tolerate intensive therapy', 'ECOG 0; fit for intensive treatment: yes'],
    ]);
  });

  it.each([
    ['KRAS mutant, variant unknown', withBiomarkers({ krasVariant: null }), 'pending'],
    ['KRAS G12C', withBiomarkers({ krasVariant: 'G12C' }), 'resulted'],
  ])('asks for the KRAS variant when KRAS is mutant (%s)', (_label, facts, status) => {
    expect(draftPlan(facts).requiredTests.find((t) => t.test === 'KRAS_VARIANT')?.status).toBe(status);
    expect(
      draftPlan(withBiomarkers({ kras: 'wild-type' })).requiredTests.find((t) => t.test === 'KRAS_VARIANT'),
    ).toBeUndefined();
  });

  it('is deterministic: the same facts give a deep-equal plan', () => {
    const facts = resectableFacts({
      metastases: [{ site: 'liver', count: 5, resectability: 'potentially-resectable' }],
    });
    expect(draftPlan(facts)).toEqual(draftPlan(structuredClone(facts)));
  });

  it('shares only frozen rule tables between plans, so one caller cannot change another plan', () => {
    const plan = draftPlan(resectableFacts());
    const milestone = plan.milestones[0];
    expect(milestone !== undefined && Object.isFrozen(milestone) && Object.isFrozen(milestone.citation)).toBe(true);
    expect(Object.isFrozen(plan.forbiddenCombinations[0]?.withAnyOf)).toBe(true);
    expect(() => {
      (plan.steps as unknown as { order: number }[])[0]!.order = 99;
    }).not.toThrow();
    expect(draftPlan(resectableFacts()).steps[0]?.order).toBe(1);
  });

  it('does not mutate the facts', () => {
    const facts = resectableFacts();
    const copy = structuredClone(facts);
    draftPlan(facts);
    expect(facts).toEqual(copy);
  });
});

describe(draftPlanFromInput.name, () => {
  it('never drafts a plan from invalid facts', () => {
    const result = draftPlanFromInput({ ...minimalInput, mCategory: 'M0' });
    expect(result).toEqual({ ok: false, problems: [{ field: 'mCategory', message: 'M0 is not stage IV' }] });
  });

  it('drafts from valid input', () => {
    const result = draftPlanFromInput(minimalInput);
    expect(result.ok && result.plan.primaryBranch.code).toBe('conversion-chemo-first');
  });
});
