import { cases } from './testing/cases';
import fc from 'fast-check';
import type { BranchCode, MilestoneCode } from './codes';
import { draftPlan, scheduleMilestones, BranchNotInPlanError } from './draft-plan';
import type { AnchorDates } from './events';
import { milestonesForBranch, MILESTONE_RULES } from './milestones';
import { resectableFacts, withBiomarkers } from './testing/fixtures';

const allKnown = resectableFacts();

function scheduled(code: MilestoneCode, anchors: AnchorDates, branch: BranchCode = 'resectable-oligometastatic') {
  const rules = milestonesForBranch(branch, withBiomarkers({ dpd: 'unknown' }));
  const plan = { ...draftPlan(allKnown), milestones: rules };
  const found = scheduleMilestones(plan, anchors).find((m) => m.code === code);
  if (found === undefined) throw new Error(`${code} not in branch ${branch}`);
  return found;
}

describe('milestones', () => {
  it.each<[BranchCode, MilestoneCode[]]>([
    [
      'resectable-oligometastatic',
      [
        'CHEMO_START_WINDOW',
        'RESPONSE_EVALUATION',
        'SURGERY_TARGET',
        'PRIMARY_SURGERY_DEADLINE',
        'BEVACIZUMAB_LAST_DOSE',
        'BEVACIZUMAB_RESTART_EARLIEST',
        'PERIOPERATIVE_CHEMO_COMPLETE',
      ],
    ],
    [
      'conversion-rt-first',
      [
        'CHEMO_START_WINDOW',
        'RESPONSE_EVALUATION',
        'SURGERY_TARGET',
        'PRIMARY_SURGERY_DEADLINE',
        'BEVACIZUMAB_LAST_DOSE',
        'BEVACIZUMAB_RESTART_EARLIEST',
        'PERIOPERATIVE_CHEMO_COMPLETE',
      ],
    ],
    [
      'conversion-chemo-first',
      [
        'REEVALUATION_2_MONTHS',
        'REEVALUATION_4_MONTHS',
        'PRIMARY_SURGERY_DEADLINE',
        'BEVACIZUMAB_LAST_DOSE',
        'BEVACIZUMAB_RESTART_EARLIEST',
      ],
    ],
    ['immunotherapy-first', ['IMMUNOTHERAPY_FIRST_IMAGING']],
    ['palliative-systemic', []],
    ['palliative-local-control', ['BEVACIZUMAB_LAST_DOSE', 'BEVACIZUMAB_RESTART_EARLIEST']],
    ['reduced-intensity', []],
    ['best-supportive-care', []],
  ])('%s has exactly its milestones (biomarkers all known)', (branch, codes) => {
    expect(milestonesForBranch(branch, allKnown).map((m) => m.code)).toEqual(codes);
  });

  it.each(
    cases<[string, BranchCode, boolean]>(
      [
        ['pending biomarkers, systemic branch', 'palliative-systemic', true],
        ['pending biomarkers, best supportive care', 'best-supportive-care', false],
      ],
      (label, _branch, expected) => `BIOMARKER_RESULTS_DUE applies with ${label}: ${expected}`,
    ),
  )('%s', (_title, _label, branch, expected) => {
    const codes = milestonesForBranch(branch, withBiomarkers({ braf: 'unknown' })).map((m) => m.code);
    expect(codes.includes('BIOMARKER_RESULTS_DUE')).toBe(expected);
    expect(milestonesForBranch(branch, allKnown).map((m) => m.code)).not.toContain('BIOMARKER_RESULTS_DUE');
  });

  it.each<[MilestoneCode, AnchorDates, Record<string, unknown>]>([
    [
      'CHEMO_START_WINDOW',
      { lastRadiotherapyFraction: '2026-01-09' },
      { window: { from: '2026-01-20', to: '2026-01-27' }, dueDate: '2026-01-20', breachAfter: '2026-01-27' },
    ],
    [
      'RESPONSE_EVALUATION',
      { firstChemotherapy: '2026-01-23' },
      { window: { from: '2026-03-06', to: '2026-03-20' }, breachAfter: '2026-03-20' },
    ],
    [
      'SURGERY_TARGET',
      { lastRadiotherapyFraction: '2026-01-09' },
      { window: { from: '2026-04-03', to: '2026-04-17' } },
    ],
    [
      'PRIMARY_SURGERY_DEADLINE',
      { lastRadiotherapyFraction: '2026-01-09' },
      { dueDate: '2026-06-08', warnAfter: '2026-06-08', breachAfter: '2026-07-08' },
    ],
    [
      'BEVACIZUMAB_LAST_DOSE',
      { plannedSurgery: '2026-04-10' },
      { dueDate: '2026-02-27', warnAfter: '2026-02-27', breachAfter: '2026-03-13' },
    ],
    [
      'BEVACIZUMAB_RESTART_EARLIEST',
      { plannedSurgery: '2026-04-10', woundHealed: '2026-04-30' },
      { notBefore: '2026-05-08', dueDate: '2026-05-08' },
    ],
    [
      'BEVACIZUMAB_RESTART_EARLIEST',
      { plannedSurgery: '2026-04-10', woundHealed: '2026-05-20' },
      { notBefore: '2026-05-20', dueDate: '2026-05-20' },
    ],
    ['PERIOPERATIVE_CHEMO_COMPLETE', { firstChemotherapy: '2026-01-23' }, { dueDate: '2026-07-24' }],
    [
      'BIOMARKER_RESULTS_DUE',
      { firstChemotherapy: '2026-01-23' },
      { dueDate: '2026-01-22', breachAfter: '2026-01-22' },
    ],
  ])('%s is dated from its anchor', (code, anchors, expected) => {
    const dated = scheduled(code, anchors);
    expect(dated.status).toBe('scheduled');
    expect(dated).toMatchObject(expected);
  });

  it.each(
    cases<[MilestoneCode, AnchorDates, BranchCode, Record<string, unknown>]>(
      [
        [
          'REEVALUATION_2_MONTHS',
          { firstChemotherapy: '2026-01-05' },
          'conversion-chemo-first',
          { dueDate: '2026-03-06', window: { from: '2026-02-20', to: '2026-03-20' } },
        ],
        [
          'REEVALUATION_4_MONTHS',
          { firstChemotherapy: '2026-01-05' },
          'conversion-chemo-first',
          { dueDate: '2026-05-05', window: { from: '2026-04-21', to: '2026-05-19' } },
        ],
        [
          'IMMUNOTHERAPY_FIRST_IMAGING',
          { firstImmunotherapy: '2026-01-05' },
          'immunotherapy-first',
          { dueDate: '2026-03-09', window: { from: '2026-03-02', to: '2026-03-16' } },
        ],
        [
          'BIOMARKER_RESULTS_DUE',
          { firstImmunotherapy: '2026-01-05', firstChemotherapy: '2026-05-01' },
          'immunotherapy-first',
          { dueDate: '2026-01-04' },
        ],
      ],
      (code, _anchors, branch) => `${code} on ${branch}`,
    ),
  )('%s', (_title, code, anchors, branch, expected) => {
    expect(scheduled(code, anchors, branch)).toMatchObject({ status: 'scheduled', ...expected });
  });

  it.each(
    cases<[MilestoneCode, AnchorDates, string]>(
      [
        ['CHEMO_START_WINDOW', {}, 'lastRadiotherapyFraction'],
        ['RESPONSE_EVALUATION', { lastRadiotherapyFraction: '2026-01-09' }, 'firstChemotherapy'],
        ['BEVACIZUMAB_LAST_DOSE', { firstChemotherapy: '2026-01-23' }, 'plannedSurgery'],
        ['BEVACIZUMAB_RESTART_EARLIEST', {}, 'plannedSurgery'],
        ['BEVACIZUMAB_RESTART_EARLIEST', { plannedSurgery: '2026-04-10' }, 'woundHealed'],
        ['PERIOPERATIVE_CHEMO_COMPLETE', {}, 'firstChemotherapy'],
      ],
      (code, _anchors, missing) => `${code} stays pending without its anchor (missing ${missing})`,
    ),
  )('%s', (_title, code, anchors, missing) => {
    const dated = scheduled(code, anchors);
    expect(dated).toMatchObject({ status: 'pending', missingAnchor: missing });
    expect(dated.window).toBeUndefined();
    expect(dated.dueDate).toBeUndefined();
  });

  it('schedules an offered alternative and refuses one not offered', () => {
    const plan = draftPlan(
      resectableFacts({ metastases: [{ site: 'liver', count: 4, resectability: 'potentially-resectable' }] }),
    );
    expect(plan.primaryBranch.code).toBe('conversion-chemo-first');
    const alt = scheduleMilestones(plan, { lastRadiotherapyFraction: '2026-01-09' }, 'conversion-rt-first');
    expect(alt.find((m) => m.code === 'CHEMO_START_WINDOW')?.window).toEqual({ from: '2026-01-20', to: '2026-01-27' });
    expect(() => scheduleMilestones(plan, {}, 'best-supportive-care')).toThrow(BranchNotInPlanError);
  });

  it('every milestone rule carries a citation and a description', () => {
    for (const rule of Object.values(MILESTONE_RULES)) {
      expect(rule.citation.section).not.toBe('');
      expect(rule.description).not.toBe('');
    }
  });

  it('property: CHEMO_START_WINDOW spans exactly day 11..18 for any anchor, and breach is day 19', () => {
    const anyDate = fc
      .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(anyDate, (anchor) => {
        const dated = scheduled('CHEMO_START_WINDOW', { lastRadiotherapyFraction: anchor });
        const base = Date.parse(`${anchor}T00:00:00Z`);
        const ref = (days: number) => new Date(base + days * 86_400_000).toISOString().slice(0, 10);
        expect(dated.window).toEqual({ from: ref(11), to: ref(18) });
        expect(dated.breachAfter).toBe(ref(18));
        const deadline = scheduled('PRIMARY_SURGERY_DEADLINE', { lastRadiotherapyFraction: anchor });
        expect([deadline.warnAfter, deadline.breachAfter]).toEqual([ref(150), ref(180)]);
      }),
      { numRuns: 500 },
    );
  });
});
