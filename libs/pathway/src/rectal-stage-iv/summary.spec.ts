import { draftPlan } from './draft-plan';
import { renderPlanSummary } from './summary';
import { resectableFacts, scrt, systemic, withBiomarkers } from './testing/fixtures';
import { validatePlan } from './validate-plan';

describe(renderPlanSummary.name, () => {
  it('renders the branch, steps with timing, regimens, milestones and sources', () => {
    const text = renderPlanSummary(draftPlan(resectableFacts()));
    expect(text).toContain('# Stage IV rectal cancer: DRAFT plan for tumour board review');
    expect(text).toContain(
      '**Proposed:** Resectable oligometastatic: SCRT 5x5 Gy -> combination chemotherapy -> surgery (`resectable-oligometastatic`)',
    );
    expect(text).toContain(
      '3. **systemic-therapy**: Combination chemotherapy (FOLFOX/CAPOX or FOLFIRI, +/- biologic per biomarkers) starting 11-18 days after the last fraction. — day 11-18 after last RT fraction _[seed § Resectable Synchronous Metastases (Oligometastatic Disease)]_',
    );
    expect(text).toContain('- Preferred: FOLFOX, CAPOX, FOLFIRI, BEVACIZUMAB, SCRT_5X5');
    expect(text).toContain(
      '  - CETUXIMAB: KRAS mutant: EGFR inhibitors are indicated only in KRAS wild-type tumours. _[seed § Systemic Chemotherapy Regimens]_',
    );
    expect(text).toContain(
      '- Never BEVACIZUMAB with CETUXIMAB / PANITUMUMAB / ENCORAFENIB_CETUXIMAB / SOTORASIB_PANITUMUMAB',
    );
    expect(text).toContain('`PRIMARY_SURGERY_DEADLINE`');
    expect(text).not.toContain('## Findings');
    expect(text).not.toContain('## Assumptions');
  });

  it('lists alternatives, findings (blocks first), pending tests and assumptions', () => {
    const facts = withBiomarkers(
      { mmr: 'unknown', dpd: 'unknown' },
      resectableFacts({
        ecog: null,
        metastases: [{ site: 'liver', count: 5, resectability: 'potentially-resectable' }],
      }),
    );
    const plan = draftPlan(facts);
    const findings = validatePlan(facts, [scrt('rt', '2026-01-09'), systemic('c', '2026-01-30', ['FOLFOX'])], {
      asOf: '2026-01-01',
    });
    const text = renderPlanSummary(plan, findings);
    expect(text).toContain('**Alternatives:**\n- Conversion, radiotherapy first');
    const block = text.indexOf('**BLOCK** `FLUOROPYRIMIDINE_WITHOUT_DPD`');
    const warn = text.indexOf('**WARN** `MMR_STATUS_UNKNOWN`');
    expect(block).toBeGreaterThan(0);
    expect(warn).toBeGreaterThan(block);
    expect(text).toContain('## Tests pending\n- MMR: before the first systemic dose');
    expect(text).toContain('- ECOG not recorded: assumed 0-1 (fit) for the branch choice.');
  });

  it('is short enough to read in a minute', () => {
    const text = renderPlanSummary(draftPlan(resectableFacts()));
    expect(text.split('\n').length).toBeLessThan(60);
  });
});
