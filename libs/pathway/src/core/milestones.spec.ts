import type { Citation } from './citation';
import { scheduleMilestoneRule, type MilestoneRule } from './milestones';

const citation: Citation = { kind: 'seed', source: 'test', section: 'test' };
type Anchor = 'start' | 'healed';

describe(scheduleMilestoneRule.name, () => {
  const windowRule: MilestoneRule<'W', Anchor> = {
    code: 'W',
    anchor: 'start',
    description: 'window',
    citation,
    window: { fromDays: 11, toDays: 18 },
    dueDays: 11,
    breachAfterDays: 18,
  };
  const earliestRule: MilestoneRule<'E', Anchor> = {
    code: 'E',
    anchor: 'start',
    description: 'earliest',
    citation,
    dueDays: 28,
    notBeforeDays: 28,
    notBeforeAnchor: 'healed',
  };

  it('dates a window from its anchor', () => {
    expect(scheduleMilestoneRule(windowRule, () => '2024-02-20')).toEqual({
      code: 'W',
      anchor: 'start',
      description: 'window',
      citation,
      status: 'scheduled',
      window: { from: '2024-03-02', to: '2024-03-09' },
      dueDate: '2024-03-02',
      breachAfter: '2024-03-09',
    });
  });

  it('stays pending, naming the anchor, when the anchor is unknown', () => {
    expect(scheduleMilestoneRule(windowRule, () => undefined)).toEqual({
      code: 'W',
      anchor: 'start',
      description: 'window',
      citation,
      status: 'pending',
      missingAnchor: 'start',
    });
  });

  it.each([
    ['wound healed before day 28', '2026-01-10', '2026-02-28'],
    ['wound healed after day 28', '2026-03-15', '2026-03-15'],
  ])('not-before takes the later of anchor + days and the second anchor (%s)', (_label, healed, expected) => {
    const dated = scheduleMilestoneRule(earliestRule, (a) => (a === 'start' ? '2026-01-31' : healed));
    expect(dated.notBefore).toBe(expected);
    expect(dated.dueDate).toBe(expected);
  });

  it('is pending on the second anchor when only it is missing', () => {
    const dated = scheduleMilestoneRule(earliestRule, (a) => (a === 'start' ? '2026-01-31' : undefined));
    expect(dated.status).toBe('pending');
    expect(dated.missingAnchor).toBe('healed');
  });
});
