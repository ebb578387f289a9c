import { draftColonPlan, draftColonPlanFromInput } from './draft-plan';
import type { ColonExtraFacts } from './extra-facts';
import type { ColonRegimenVerdict } from './regimens';
import { colonFacts, type ColonCaseInput } from './testing/colon-facts';

function verdicts(input: ColonCaseInput, extra: Partial<ColonExtraFacts> = {}): Record<string, ColonRegimenVerdict> {
  const plan = draftColonPlan(colonFacts(input, extra));
  return Object.fromEntries(
    Object.values(plan.regimens)
      .flat()
      .map((r) => [r.regimen, r.decision]),
  );
}

describe('colon regimens (every code decided once)', () => {
  it('decides every regimen code exactly once, and never-adjuvant codes are forbidden', () => {
    const plan = draftColonPlan(colonFacts());
    const all = Object.values(plan.regimens)
      .flat()
      .map((r) => r.regimen);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(9);
    expect(plan.regimens.forbidden.map((r) => r.regimen)).toEqual([
      'FOLFIRI',
      'BEVACIZUMAB',
      'CETUXIMAB',
      'PANITUMUMAB',
    ]);
  });

  it.each<[string, ColonCaseInput, Partial<ColonExtraFacts>, Record<string, ColonRegimenVerdict>]>([
    [
      'low-risk stage III: CAPOX 3 months preferred',
      { t: 'T3', n: 'N1a' },
      {},
      {
        CAPOX_3M: 'preferred',
        CAPOX_6M: 'allowed',
        FOLFOX_6M: 'allowed',
        FLUOROPYRIMIDINE_6M: 'allowed',
        FOLFOX_3M: 'not-advised',
      },
    ],
    [
      'high-risk stage III: 6 months preferred',
      { t: 'T4a', n: 'N2a' },
      {},
      { CAPOX_3M: 'allowed', CAPOX_6M: 'preferred', FOLFOX_6M: 'preferred', FLUOROPYRIMIDINE_6M: 'allowed' },
    ],
    [
      'high-risk stage II, one feature: fluoropyrimidine preferred',
      { t: 'T3', n: 'N0' },
      { perineuralInvasion: true },
      { FLUOROPYRIMIDINE_6M: 'preferred', CAPOX_3M: 'allowed' },
    ],
    [
      'high-risk stage II, pT4: CAPOX 3 months preferred',
      { t: 'T4a', n: 'N0' },
      {},
      { CAPOX_3M: 'preferred', FLUOROPYRIMIDINE_6M: 'allowed' },
    ],
    [
      'high-risk stage II, 10 nodes: CAPOX 3 months preferred',
      { t: 'T3', n: 'N0' },
      { lymphNodesExamined: 10 },
      { CAPOX_3M: 'preferred' },
    ],
    [
      'high-risk stage II, two features: CAPOX 3 months preferred',
      { t: 'T3', n: 'N0' },
      { obstructionAtPresentation: true, grade: 'G3' },
      { CAPOX_3M: 'preferred' },
    ],
    [
      'fluoropyrimidine only at 75',
      { t: 'T3', n: 'N1a', age: 75 },
      {},
      { FLUOROPYRIMIDINE_6M: 'preferred', CAPOX_3M: 'not-advised', FOLFOX_6M: 'not-advised' },
    ],
    [
      'surveillance: nothing advised',
      { t: 'T2', n: 'N0' },
      {},
      { CAPOX_3M: 'not-advised', FLUOROPYRIMIDINE_6M: 'not-advised' },
    ],
    [
      'complete DPD deficiency: every fluoropyrimidine forbidden',
      { t: 'T3', n: 'N1a', dpd: 'complete-deficiency' },
      {},
      { CAPOX_3M: 'forbidden', FOLFOX_6M: 'forbidden', FLUOROPYRIMIDINE_6M: 'forbidden' },
    ],
    [
      'CrCl 29: CAPOX not advised, FOLFOX allowed',
      { t: 'T3', n: 'N1a', crcl: 29 },
      {},
      { CAPOX_3M: 'not-advised', CAPOX_6M: 'not-advised', FOLFOX_6M: 'allowed' },
    ],
    ['CrCl 30: CAPOX preferred', { t: 'T3', n: 'N1a', crcl: 30 }, {}, { CAPOX_3M: 'preferred' }],
  ])('%s', (_name, input, extra, expected) => {
    expect(verdicts(input, extra)).toMatchObject(expected);
  });

  it('asks for DPD status before any fluoropyrimidine when it is unknown', () => {
    const plan = draftColonPlan(colonFacts({ dpd: null }));
    expect(plan.regimens.preferred[0]).toMatchObject({
      regimen: 'CAPOX_3M',
      conditions: ['DPD status before a fluoropyrimidine'],
    });
  });
});

describe(draftColonPlan.name, () => {
  it('drafts the textbook low-risk stage III plan', () => {
    const plan = draftColonPlan(colonFacts());
    expect(plan).toMatchObject({
      pathwayId: 'colon-stage-i-iii',
      status: 'draft',
      stageGroup: 'IIIB',
      stagingBasis: 'pathological',
      primaryBranch: { code: 'adjuvant-stage-iii-low-risk' },
      findings: [],
      assumptions: [],
    });
    expect(plan.milestones.map((m) => m.code)).toEqual([
      'ADJUVANT_START_TARGET',
      ...Array<string>(16).fill('CEA_FOLLOW_UP'),
      ...Array<string>(6).fill('CT_FOLLOW_UP'),
      'COLONOSCOPY_1_YEAR',
    ]);
  });

  it('has no adjuvant start target on surveillance', () => {
    expect(draftColonPlan(colonFacts({ t: 'T1', n: 'N0' })).milestones.map((m) => m.code)).not.toContain(
      'ADJUVANT_START_TARGET',
    );
  });

  it('shows FEWER_THAN_12_NODES from the facts and lists its assumptions', () => {
    const plan = draftColonPlan(
      colonFacts(
        { basis: 'clinical', mmr: null, ecog: null },
        { lymphNodesExamined: 8, colonFullyVisualisedPreoperatively: null },
      ),
    );
    expect(plan.findings.map((f) => [f.code, f.severity])).toEqual([['FEWER_THAN_12_NODES', 'warn']]);
    expect(plan.assumptions.map((a) => a.field)).toEqual([
      'core.staging.pathological',
      'core.biomarkers',
      'core.condition.ecog',
      'pathwayFacts.colonFullyVisualisedPreoperatively',
    ]);
  });

  it('is deterministic', () => {
    expect(draftColonPlan(colonFacts())).toEqual(draftColonPlan(colonFacts()));
  });

  it('never drafts from invalid input', () => {
    expect(draftColonPlanFromInput({ core: {}, pathwayFacts: {} })).toMatchObject({ ok: false });
    const ok = draftColonPlanFromInput({
      core: {
        primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
        staging: { edition: 'UICC-8', pathological: { t: 'T3', n: 'N0', m: 'M0' } },
      },
      pathwayFacts: {},
    });
    expect(ok.ok && ok.plan.primaryBranch.code).toBe('surveillance');
  });
});
