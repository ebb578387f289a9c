import { validateCaseCore } from '../core/case-core';
import { draftWithPathway } from '../core/registry';
import { colonStageIIIIPathway } from './pathway';
import { colonReadiness } from './readiness';
import { renderColonPlanSummary } from './summary';
import { BASE_EXTRA, colonCore, colonFacts } from './testing/colon-facts';

describe('colonStageIIIIPathway (plug-in over the case core)', () => {
  it('drafts from core + extra facts, recording the pathway id and version', () => {
    const drafted = draftWithPathway(colonStageIIIIPathway, colonCore({ t: 'T4a', n: 'N2a' }), BASE_EXTRA);
    if (!drafted.ok) throw new Error(JSON.stringify(drafted.problems));
    expect(drafted.pathway).toEqual({ id: 'colon-stage-i-iii', version: colonStageIIIIPathway.version });
    expect(drafted.plan.primaryBranch.code).toBe('adjuvant-stage-iii-high-risk');
    expect(drafted.plan).toEqual(colonStageIIIIPathway.draftPlan(drafted.facts));
  });

  it.each([
    ['a bad extra fact', colonCore(), { grade: 'G9' }, ['pathwayFacts.grade']],
    ['an unknown extra fact', colonCore(), { nodes: 12 }, ['pathwayFacts.nodes']],
    ['a stage the pathway does not cover', colonCore({ t: 'Tis', n: 'N0' }), {}, ['core.staging.pathological.t']],
    ['a rectal case', colonCore({ siteCode: 'C20' }), {}, ['pathwayFacts.pathwayId']],
  ])('names the intake field for %s', (_name, core, extra, fields) => {
    const drafted = draftWithPathway(colonStageIIIIPathway, core, extra);
    expect(drafted.ok).toBe(false);
    if (!drafted.ok) expect(drafted.problems.map((p) => p.field)).toEqual(fields);
  });

  it('lists its extra fact fields', () => {
    expect([...colonStageIIIIPathway.extraFactFields].sort()).toEqual(Object.keys(BASE_EXTRA).sort());
  });
});

describe(colonReadiness.name, () => {
  it('is ready with pTNM, nodes, MMR, DPD, surgery date, CEA and colonoscopy completeness', () => {
    expect(colonReadiness(colonCore(), BASE_EXTRA)).toEqual([]);
  });

  it('names each missing item by its intake field', () => {
    const core = validateCaseCore({
      primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
      staging: { edition: 'UICC-8', clinical: { t: 'T3', n: 'N1', m: 'M0' } },
    });
    if (!core.ok) throw new Error('invalid');
    const extra = {
      ...BASE_EXTRA,
      lymphNodesExamined: null,
      surgeryDate: null,
      preoperativeCeaNgMl: null,
      ceaUpperLimitNgMl: null,
      colonFullyVisualisedPreoperatively: null,
    };
    expect(colonReadiness(core.facts, extra).map((item) => [item.code, item.field])).toEqual([
      ['PATHOLOGICAL_STAGE_MISSING', 'core.staging.pathological'],
      ['NODES_EXAMINED_MISSING', 'pathwayFacts.lymphNodesExamined'],
      ['MMR_UNKNOWN', 'core.biomarkers'],
      ['DPD_UNKNOWN', 'core.biomarkers'],
      ['SURGERY_DATE_MISSING', 'pathwayFacts.surgeryDate'],
      ['CEA_MISSING', 'pathwayFacts.preoperativeCeaNgMl'],
      ['COLONOSCOPY_COMPLETENESS_MISSING', 'pathwayFacts.colonFullyVisualisedPreoperatively'],
    ]);
  });
});

describe(renderColonPlanSummary.name, () => {
  it('renders stage, branch with its source, alternatives, regimens, milestones and findings (blocks first)', () => {
    const facts = colonFacts({ t: 'T3', n: 'N0', dpd: null }, { lymphNodesExamined: 9 });
    const plan = colonStageIIIIPathway.draftPlan(facts);
    const findings = colonStageIIIIPathway.validatePlan(
      facts,
      [{ kind: 'adjuvant-therapy', regimens: ['CAPOX_3M'], startDate: '2026-04-01' }],
      { asOf: '2026-04-01' },
    );
    const text = renderColonPlanSummary(plan, findings);
    expect(text).toContain('**Stage:** IIA (pTNM)');
    expect(text).toContain('**High-risk features:** fewer-than-12-nodes');
    expect(text).toContain('**Proposed:** Adjuvant chemotherapy, high-risk stage II (`adjuvant-stage-ii-high-risk`)');
    expect(text).toContain('ESMO localised colon cancer guideline');
    expect(text).toContain('- Follow-up only (no adjuvant chemotherapy) (`surveillance`)');
    expect(text).toContain('- preferred: `CAPOX_3M`');
    expect(text).toContain('- forbidden: `BEVACIZUMAB`');
    expect(text).toContain('`CEA_FOLLOW_UP` x16');
    expect(text.indexOf('**BLOCK** `FLUOROPYRIMIDINE_WITHOUT_DPD`')).toBeGreaterThan(0);
    expect(text.indexOf('**BLOCK**')).toBeLessThan(text.indexOf('**WARN** `FEWER_THAN_12_NODES`'));
  });
});
