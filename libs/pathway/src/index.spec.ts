import * as pathway from './index';

describe('@consilium/pathway public API', () => {
  it('exports the contract names', () => {
    expect(pathway.RECTAL_STAGE_IV_PATHWAY_ID).toBe('rectal-stage-iv');
    expect(pathway.RECTAL_STAGE_IV_PATHWAY_VERSION).toMatch(/^\d{4}\.\d+\.\d+$/);
    for (const fn of [
      pathway.validateFacts,
      pathway.draftPlan,
      pathway.scheduleMilestones,
      pathway.validatePlan,
      pathway.renderPlanSummary,
      pathway.anchorsFromEvents,
    ]) {
      expect(typeof fn).toBe('function');
    }
  });

  it('registers the rectal and colon pathways in the registry', () => {
    expect(pathway.PATHWAYS.get('rectal-stage-iv').draftPlan).toBe(pathway.draftPlan);
    expect(pathway.PATHWAYS.get('colon-stage-i-iii').draftPlan).toBe(pathway.draftColonPlan);
    expect(pathway.PATHWAYS.list().map((p) => p.id)).toEqual(['rectal-stage-iv', 'colon-stage-i-iii']);
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
    expect(milestones.find((m) => m.code === 'CHEMO_START_WINDOW')).toMatchObject({
      status: 'scheduled',
      window: { from: '2024-03-05', to: '2024-03-12' },
    });
    expect(milestones.find((m) => m.code === 'BEVACIZUMAB_LAST_DOSE')).toMatchObject({
      status: 'pending',
      missingAnchor: 'plannedSurgery',
    });
    const findings: pathway.Finding[] = pathway.validatePlan(validated.facts, events, { asOf: '2024-02-19' });
    expect(findings.map((f) => f.code)).toEqual(['RESPONSE_EVALUATION_MISSING']);
  });
});

describe('pathways as plug-ins over the case core', () => {
  const stageIvCore: unknown = JSON.parse(
    '{"primary":{"siteCode":"C20","morphologyCode":"8140/3"},"staging":{"edition":"UICC-8","clinical":{"t":"T3","n":"N1","m":"M1a"}},' +
      '"metastases":[{"site":"liver","count":2,"resectability":"resectable"}],"condition":{"ecog":1},' +
      '"biomarkers":[{"marker":"KRAS","result":"mutant"},{"marker":"NRAS","result":"wild-type"},{"marker":"BRAF","result":"wild-type"},{"marker":"MSI","result":"MSS"},{"marker":"DPD","result":"normal"}]}',
  );
  const core = (input: unknown): pathway.CaseCore => {
    const validated = pathway.validateCaseCore(input);
    if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
    return validated.facts;
  };
  const lung = core({
    primary: { siteCode: 'C34.1', morphologyCode: '8140/3', laterality: 'right' },
    staging: { edition: 'UICC-8', clinical: { t: 'T2a', n: 'N0', m: 'M0' } },
  });

  it('selects the rectal pathway for stage IV rectal adenocarcinoma', () => {
    const selection = pathway.selectPathways(core(stageIvCore));
    expect(selection.applicable.map((p) => p.id)).toEqual(['rectal-stage-iv']);
    expect(selection.notApplicable.map((n) => [n.pathway.id, n.reason])).toEqual([
      ['colon-stage-i-iii', 'primary site C20 is not the colon (C18.x) or rectosigmoid junction (C19)'],
    ]);
  });

  it('selects the colon pathway for resected stage III colon adenocarcinoma', () => {
    const colon = core({
      primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
      staging: { edition: 'UICC-8', pathological: { t: 'T3', n: 'N1a', m: 'M0' } },
    });
    const selection = pathway.selectPathways(colon);
    expect(selection.applicable.map((p) => p.id)).toEqual(['colon-stage-i-iii']);
    expect(selection.notApplicable.map((n) => n.pathway.id)).toEqual(['rectal-stage-iv']);
  });

  it('validates a colon intake through PATHWAYS, naming colon fields from the intake root', () => {
    const colonCore = {
      primary: { siteCode: 'C18.2', morphologyCode: '8140/3' },
      staging: { edition: 'AJCC-8', pathological: { t: 'T4a', n: 'N0', m: 'M0' } },
    };
    const ok = pathway.validateCaseIntake(
      { core: colonCore, pathwayFacts: { pathwayId: 'colon-stage-i-iii', lymphNodesExamined: 14, grade: 'G2' } },
      pathway.PATHWAYS,
    );
    expect(ok).toMatchObject({
      ok: true,
      facts: {
        pathway: { id: 'colon-stage-i-iii' },
        pathwayFacts: { lymphNodesExamined: 14, grade: 'G2', surgeryDate: null },
      },
    });
    const bad = pathway.validateCaseIntake(
      { core: colonCore, pathwayFacts: { pathwayId: 'colon-stage-i-iii', lymphNodesExamined: 'many' } },
      pathway.PATHWAYS,
    );
    expect(bad.ok === false && bad.problems.map((p) => p.field)).toEqual(['pathwayFacts.lymphNodesExamined']);
  });

  it('selects no pathway for a lung case, saying why', () => {
    const selection = pathway.selectPathways(lung);
    expect(selection.applicable).toEqual([]);
    expect(selection.notApplicable.map((n) => [n.pathway.id, n.reason])).toEqual([
      ['rectal-stage-iv', 'primary site C34.1 is not the rectum (C20)'],
      ['colon-stage-i-iii', 'primary site C34.1 is not the colon (C18.x) or rectosigmoid junction (C19)'],
    ]);
  });

  it('drafts from core + extra facts, recording the pathway id and version, with the same plan as from rectal facts', () => {
    const drafted = pathway.draftWithPathway(pathway.rectalStageIvPathway, core(stageIvCore), {
      distanceFromAnalVergeCm: 6,
      mesorectalFasciaThreatened: false,
    });
    if (!drafted.ok) throw new Error(JSON.stringify(drafted.problems));
    expect(drafted.pathway).toEqual({ id: 'rectal-stage-iv', version: pathway.RECTAL_STAGE_IV_PATHWAY_VERSION });
    expect(drafted.facts).toMatchObject({
      tCategory: 'T3',
      mCategory: 'M1a',
      distanceFromAnalVergeCm: 6,
      ecog: 1,
      biomarkers: { mmr: 'pMMR', kras: 'mutant', her2: 'unknown' },
    });
    expect(drafted.plan).toEqual(pathway.draftPlan(drafted.facts));
    expect(drafted.plan.primaryBranch.code).toBe('resectable-oligometastatic');
  });

  it.each([
    ['a bad extra fact', stageIvCore, { distanceFromAnalVergeCm: 25 }, ['pathwayFacts.distanceFromAnalVergeCm']],
    ['an unknown extra fact', stageIvCore, { mrfThreatened: true }, ['pathwayFacts.mrfThreatened']],
    ['extra facts not an object', stageIvCore, 'low', ['pathwayFacts']],
    [
      'a core the rectal rules cannot use',
      { ...(stageIvCore as object), staging: { edition: 'UICC-8', clinical: { t: 'T4', n: 'N1', m: 'M1a' } } },
      {},
      ['core.staging.clinical.t'],
    ],
    [
      'a case the pathway does not apply to',
      { primary: { siteCode: 'C34.1', morphologyCode: '8140/3' } },
      {},
      ['pathwayFacts.pathwayId'],
    ],
  ])('names the intake field for %s', (_name, coreInput, extra, fields) => {
    const drafted = pathway.draftWithPathway(pathway.rectalStageIvPathway, core(coreInput), extra);
    expect(drafted.ok).toBe(false);
    if (!drafted.ok) expect(drafted.problems.map((p) => p.field)).toEqual(fields);
  });

  it('is browser-safe: no import of node: modules or any package (relative imports only)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const sources = (readdirSync(__dirname, { recursive: true }) as string[]).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
    );
    expect(sources.length).toBeGreaterThan(40);
    const offending = sources.filter((file) =>
      /^(import|export)\b[^;]*?\bfrom\s*['"][^.]|\bimport\(\s*['"][^.]|\brequire\(/m.test(
        readFileSync(join(__dirname, file), 'utf8'),
      ),
    );
    expect(offending).toEqual([]);
  });
});
