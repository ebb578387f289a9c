import { draftPlan } from './draft-plan';
import { anchorsFromEvents } from './events';
import { resectableFacts, textbookEvents } from './testing/fixtures';
import { planTimeline } from './timeline';

describe(planTimeline.name, () => {
  const plan = draftPlan(resectableFacts());

  it('dates the board-decision steps and leaves the rest waiting for their anchor when no event is recorded', () => {
    const rows = planTimeline(plan, '2026-01-01', {});
    const scrt = rows.find((row) => row.kind === 'step' && row.category === 'radiotherapy');
    expect(scrt).toMatchObject({ anchor: 'boardDecision', from: '2026-01-01', to: '2026-01-08', bound: 'window' });
    const chemo = rows.find(
      (row) => row.kind === 'step' && row.anchor === 'lastRadiotherapyFraction' && row.category === 'systemic-therapy',
    );
    expect(chemo).toMatchObject({ waitsFor: 'lastRadiotherapyFraction' });
    expect(chemo?.from).toBeUndefined();
    expect(rows.filter((row) => row.kind === 'milestone').every((row) => row.waitsFor !== undefined)).toBe(true);
  });

  it('dates the steps and milestones from the anchors of the recorded events', () => {
    const rows = planTimeline(plan, '2026-01-01', anchorsFromEvents(textbookEvents()));
    // SCRT ended 2026-01-09: chemotherapy 11-18 days later, surgery 84-98 days later.
    expect(rows.find((row) => row.code === 'CHEMO_START_WINDOW')).toMatchObject({
      from: '2026-01-20',
      to: '2026-01-27',
      bound: 'window',
    });
    expect(
      rows.find(
        (row) =>
          row.kind === 'step' && row.category === 'systemic-therapy' && row.anchor === 'lastRadiotherapyFraction',
      ),
    ).toMatchObject({ from: '2026-01-20', to: '2026-01-27' });
    expect(rows.find((row) => row.code === 'SURGERY_TARGET')).toMatchObject({ from: '2026-04-03', to: '2026-04-17' });
    // Restart of bevacizumab: not before surgery + 28 days and the wound healed (2026-05-08).
    expect(rows.find((row) => row.code === 'BEVACIZUMAB_RESTART_EARLIEST')).toMatchObject({
      from: '2026-05-08',
      bound: 'from',
    });
    for (const row of rows) expect(row.citation.source.length).toBeGreaterThan(0);
  });

  it('uses the chosen alternative branch', () => {
    const unresectable = draftPlan(
      resectableFacts({
        metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }],
        symptoms: { bleeding: true, obstruction: false, pain: true },
      }),
    );
    const alternative = unresectable.alternatives.find((candidate) => candidate.steps.length > 0);
    if (!alternative) throw new Error(`no alternative with steps for ${unresectable.primaryBranch.code}`);
    const rows = planTimeline(unresectable, '2026-01-01', {}, alternative.code);
    expect(rows.filter((row) => row.kind === 'step').map((row) => row.label)).toEqual(
      alternative.steps.map((step) => step.description),
    );
  });
});
