import fc from 'fast-check';
import { addDays, daysBetween, fromEpochDay, toEpochDay } from '../core/dates';
import { draftColonPlan, scheduleColonMilestones } from './draft-plan';
import { colonAnchorsFromEvents } from './events';
import { monthDays } from './milestones';
import { colonFacts } from './testing/colon-facts';

describe(monthDays.name, () => {
  it.each([
    [3, 91],
    [6, 183],
    [12, 365],
    [15, 457],
    [24, 731],
    [36, 1096],
    [60, 1826],
  ])('month %i -> day %i', (months, days) => {
    expect(monthDays(months)).toBe(days);
  });
});

describe(scheduleColonMilestones.name, () => {
  const T_S = '2026-03-02';

  it('dates ADJUVANT_START_TARGET T_S + 56, late after day 56, breached after day 84', () => {
    const dated = scheduleColonMilestones(draftColonPlan(colonFacts({}, { surgeryDate: T_S })), {});
    expect(dated.find((m) => m.code === 'ADJUVANT_START_TARGET')).toMatchObject({
      status: 'scheduled',
      anchor: 'surgery',
      dueDate: '2026-04-27',
      warnAfter: '2026-04-27',
      breachAfter: '2026-05-25',
    });
  });

  it('dates the CEA series: 3-monthly for 3 years, then 6-monthly to 5 years', () => {
    const cea = scheduleColonMilestones(draftColonPlan(colonFacts({}, { surgeryDate: T_S })), {}).filter(
      (m) => m.code === 'CEA_FOLLOW_UP',
    );
    expect(cea.map((m) => daysBetween(T_S, m.dueDate ?? ''))).toEqual([
      91, 183, 274, 365, 457, 548, 639, 731, 822, 913, 1004, 1096, 1278, 1461, 1644, 1826,
    ]);
    expect(
      cea
        .slice(0, 12)
        .every((m, i, all) => daysBetween(i === 0 ? T_S : (all[i - 1]?.dueDate ?? ''), m.breachAfter ?? '') <= 183),
    ).toBe(true);
    expect(cea[15]).toMatchObject({ dueDate: '2031-03-02', description: 'CEA at month 60 after surgery' });
  });

  it('dates the CT series every 6 months for 3 years, breached when the interval passes 12 months', () => {
    const ct = scheduleColonMilestones(draftColonPlan(colonFacts({}, { surgeryDate: T_S })), {}).filter(
      (m) => m.code === 'CT_FOLLOW_UP',
    );
    expect(ct.map((m) => daysBetween(T_S, m.dueDate ?? ''))).toEqual([183, 365, 548, 731, 913, 1096]);
    expect(ct.map((m) => daysBetween(T_S, m.breachAfter ?? ''))).toEqual([365, 548, 731, 913, 1096, 1278]);
  });

  it.each([
    [true, { dueDate: '2027-03-02', breachAfter: '2027-06-02' }],
    [false, { window: { from: '2026-06-01', to: '2026-09-01' }, dueDate: '2026-06-01', breachAfter: '2026-09-01' }],
    [null, { window: { from: '2026-06-01', to: '2026-09-01' } }],
  ])('colonoscopy when the colon was fully seen before surgery = %p', (seen, expected) => {
    const dated = scheduleColonMilestones(
      draftColonPlan(colonFacts({}, { surgeryDate: T_S, colonFullyVisualisedPreoperatively: seen })),
      {},
    );
    expect(dated.find((m) => m.code === 'COLONOSCOPY_1_YEAR')).toMatchObject(expected);
  });

  it('stays pending on surgery without a surgery date, and a surgery event supplies it', () => {
    const plan = draftColonPlan(colonFacts({}, { surgeryDate: null }));
    expect(
      scheduleColonMilestones(plan, {}).every((m) => m.status === 'pending' && m.missingAnchor === 'surgery'),
    ).toBe(true);
    const anchors = colonAnchorsFromEvents([
      { kind: 'adjuvant-therapy', regimens: ['CAPOX_3M'], startDate: '2026-04-01' },
      { id: 's', kind: 'surgery', date: T_S },
    ]);
    expect(anchors).toEqual({ surgery: T_S, firstAdjuvant: '2026-04-01' });
    expect(scheduleColonMilestones(plan, anchors)[0]).toMatchObject({
      code: 'ADJUVANT_START_TARGET',
      dueDate: '2026-04-27',
    });
  });

  it('property: every milestone is dated at its offset from any surgery date (1900-2200)', () => {
    const plan = draftColonPlan(colonFacts({}, { colonFullyVisualisedPreoperatively: false }));
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-12-31') }), (epochDay) => {
        const surgery = fromEpochDay(epochDay);
        const dated = scheduleColonMilestones(plan, { surgery });
        dated.forEach((m, i) => {
          const rule = plan.milestones[i];
          expect(m.status).toBe('scheduled');
          expect(m.dueDate).toBe(addDays(surgery, rule?.dueDays ?? NaN));
          expect(daysBetween(surgery, m.breachAfter ?? '')).toBe(rule?.breachAfterDays);
          expect((m.dueDate ?? '') <= (m.breachAfter ?? '')).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});
