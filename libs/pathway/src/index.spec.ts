import * as pathway from './index';

describe('@consilium/pathway public API', () => {
  it('exports the contract names', () => {
    expect(pathway.RECTAL_STAGE_IV_PATHWAY_ID).toBe('rectal-stage-iv');
    expect(pathway.RECTAL_STAGE_IV_PATHWAY_VERSION).toMatch(/^\d{4}\.\d+\.\d+$/);
    for (const fn of [pathway.validateFacts, pathway.draftPlan, pathway.scheduleMilestones, pathway.validatePlan, pathway.renderPlanSummary, pathway.anchorsFromEvents]) {
      expect(typeof fn).toBe('function');
    }
  });

  it('registers the rectal pathway in the registry', () => {
    const rectal = pathway.PATHWAYS.get('rectal-stage-iv');
    expect(rectal.draftPlan).toBe(pathway.draftPlan);
    expect(pathway.PATHWAYS.list().map((p) => p.id)).toEqual(['rectal-stage-iv']);
  });

  it('runs end to end from untrusted input to dated milestones and findings', () => {
    const input: unknown = JSON.parse(
      '{"tCategory":"T3","nCategory":"N1","mCategory":"M1a","ecog":1,"metastases":[{"site":"liver","count":2,"resectability":"resectable"}],"biomarkers":{"kras":"mutant","nras":"wild-type","braf":"wild-type","mmr":"pMMR","her2":"negative","dpd":"normal"}}',
    );
    const validated = pathway.validateFacts(input);
    if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
    const plan = pathway.draftPlan(validated.facts);
    const events: pathway.TreatmentEvent[] = [
      { id: 'rt', kind: 'radiotherapy', regimen: 'SCRT_5X5', startDate: '2024-02-19', lastFractionDate: '2024-02-23' },
      { id: 'c1', kind: 'systemic-therapy', regimens: ['CAPOX', 'BEVACIZUMAB'], startDate: '2024-03-05' },
    ];
    const milestones: pathway.DatedMilestone[] = pathway.scheduleMilestones(plan, pathway.anchorsFromEvents(events));
    expect(milestones.find((m) => m.code === 'CHEMO_START_WINDOW')).toMatchObject({ status: 'scheduled', window: { from: '2024-03-05', to: '2024-03-12' } });
    expect(milestones.find((m) => m.code === 'BEVACIZUMAB_LAST_DOSE')).toMatchObject({ status: 'pending', missingAnchor: 'plannedSurgery' });
    const findings: pathway.Finding[] = pathway.validatePlan(validated.facts, events, { asOf: '2024-02-19' });
    expect(findings.map((f) => f.code)).toEqual(['RESPONSE_EVALUATION_MISSING']);
  });
});
