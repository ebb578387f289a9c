import { cases } from '../testing/cases';
import { addDays } from '../../core/dates';
import type { BranchCode } from '../codes';
import type { TreatmentEvent } from '../events';
import type { ValidatePlanOptions } from '../findings';
import { findingsOf, resectableFacts, scrt, systemic, textbookEvents } from '../testing/fixtures';

const LAST_FRACTION = '2026-01-09';
const potentiallyResectable = resectableFacts({
  metastases: [{ site: 'liver', count: 4, resectability: 'potentially-resectable' }],
});
const evaluation = (id: string, date: string): TreatmentEvent => ({
  id,
  kind: 'evaluation',
  evaluation: 'response',
  date,
});
const primarySurgery = (date: string): TreatmentEvent => ({
  id: 'op',
  kind: 'surgery',
  target: 'primary',
  date,
  elective: true,
});

describe('the textbook resectable plan', () => {
  it('raises no finding at all', () => {
    expect(findingsOf('CHEMO_START_OUTSIDE_WINDOW', resectableFacts(), textbookEvents())).toEqual([]);
    const codes = [
      'RESPONSE_EVALUATION_MISSING',
      'PRIMARY_SURGERY_LATE',
      'SYSTEMIC_THERAPY_DELAYED',
      'LONG_COURSE_CRT_UPFRONT',
    ] as const;
    for (const code of codes) expect(findingsOf(code, resectableFacts(), textbookEvents())).toEqual([]);
  });
});

describe('CHEMO_START_OUTSIDE_WINDOW (warn)', () => {
  it.each<[number, boolean]>([
    [9, true],
    [10, true],
    [11, false],
    [14, false],
    [18, false],
    [19, true],
    [30, true],
  ])('chemotherapy on day %d after the last fraction -> fires: %s', (day, fires) => {
    const found = findingsOf('CHEMO_START_OUTSIDE_WINDOW', resectableFacts(), [
      scrt('rt', LAST_FRACTION),
      systemic('c', addDays(LAST_FRACTION, day), ['FOLFOX']),
    ]);
    expect(found).toHaveLength(fires ? 1 : 0);
    if (fires)
      expect(found[0]).toMatchObject({
        severity: 'warn',
        eventIds: ['rt', 'c'],
        dayCounts: { daysFromLastFractionToChemotherapy: day },
      });
  });

  it.each(
    cases<[string, string, BranchCode | undefined, boolean]>(
      [
        ['no chemotherapy by day 19 on the resectable branch', addDays(LAST_FRACTION, 19), undefined, true],
        ['no chemotherapy yet on day 18', addDays(LAST_FRACTION, 18), undefined, false],
        ['SCRT for local control on reduced intensity', addDays(LAST_FRACTION, 40), 'reduced-intensity', false],
      ],
      (label, _asOf, _branch, fires) => `${label} -> fires: ${fires}`,
    ),
  )('%s', (_title, _label, asOf, branch, fires) => {
    const found = findingsOf('CHEMO_START_OUTSIDE_WINDOW', resectableFacts(), [scrt('rt', LAST_FRACTION)], {
      asOf,
      ...(branch ? { branch } : {}),
    });
    expect(found).toHaveLength(fires ? 1 : 0);
  });

  it('does not apply when chemotherapy came first (optional 5x5 later)', () => {
    const events = [
      systemic('c', '2026-01-05', ['FOLFOX']),
      scrt('rt', '2026-05-08'),
      systemic('c2', '2026-06-20', ['FOLFOX']),
    ];
    expect(findingsOf('CHEMO_START_OUTSIDE_WINDOW', potentiallyResectable, events)).toEqual([]);
  });
});

describe('RESPONSE_EVALUATION_MISSING (warn)', () => {
  const chemoStart = addDays(LAST_FRACTION, 14);
  it.each(
    cases<[string, number | null, boolean]>(
      [
        ['evaluation on day 42', 42, false],
        ['evaluation on day 56', 56, false],
        ['evaluation on day 57', 57, true],
        ['no evaluation', null, true],
      ],
      (label, _day, fires) => `${label} -> fires: ${fires}`,
    ),
  )('%s', (_title, _label, day, fires) => {
    const events = [
      scrt('rt', LAST_FRACTION),
      systemic('c', chemoStart, ['FOLFOX']),
      ...(day === null ? [] : [evaluation('ev', addDays(chemoStart, day))]),
    ];
    const found = findingsOf('RESPONSE_EVALUATION_MISSING', resectableFacts(), events);
    expect(found).toHaveLength(fires ? 1 : 0);
    if (fires) expect(found[0]?.eventIds[0]).toBe('c');
    if (fires && day !== null) expect(found[0]?.dayCounts).toEqual({ daysFromFirstChemotherapyToEvaluation: day });
  });
});

describe('REEVALUATIONS_MISSING (warn)', () => {
  const start = '2026-01-05';
  it.each(
    cases<[string, number[], string[]]>(
      [
        ['both reviews present (day 60, 120)', [60, 120], []],
        ['both at the window edges (46, 134)', [46, 134], []],
        ['only the 2-month review', [60], ['4-month']],
        ['only the 4-month review', [120], ['2-month']],
        ['none', [], ['2-month', '4-month']],
        ['reviews too early (day 45, 105)', [45, 105], ['2-month', '4-month']],
      ],
      (label, _days, missing) => `${label} -> missing ${JSON.stringify(missing)}`,
    ),
  )('%s', (_title, _label, days, missing) => {
    const events = [systemic('c', start, ['FOLFOX']), ...days.map((d, i) => evaluation(`ev${i}`, addDays(start, d)))];
    const found = findingsOf('REEVALUATIONS_MISSING', potentiallyResectable, events);
    expect(found.map((f) => f.message.match(/(\d)-month/)?.[0])).toEqual(missing);
    for (const f of found) expect(f.severity).toBe('warn');
  });

  it.each<[string, ReturnType<typeof resectableFacts>, TreatmentEvent[]]>([
    [
      'a palliative (unresectable) plan',
      resectableFacts({ metastases: [{ site: 'liver', count: 9, resectability: 'unresectable' }] }),
      [systemic('c', start, ['FOLFOX'])],
    ],
    [
      'a radiotherapy-first plan',
      potentiallyResectable,
      [scrt('rt', LAST_FRACTION), systemic('c', addDays(LAST_FRACTION, 14), ['FOLFOX'])],
    ],
  ])('does not apply to %s', (_label, facts, events) => {
    expect(findingsOf('REEVALUATIONS_MISSING', facts, events)).toEqual([]);
  });
});

describe('PRIMARY_SURGERY_LATE', () => {
  it.each<[number, 'block' | 'warn' | null]>([
    [98, null],
    [150, null],
    [151, 'warn'],
    [180, 'warn'],
    [181, 'block'],
    [200, 'block'],
  ])('primary surgery %d days after the last SCRT fraction -> %s', (day, severity) => {
    const found = findingsOf('PRIMARY_SURGERY_LATE', resectableFacts(), [
      scrt('rt', LAST_FRACTION),
      primarySurgery(addDays(LAST_FRACTION, day)),
    ]);
    if (severity === null) expect(found).toEqual([]);
    else
      expect(found).toMatchObject([
        { severity, eventIds: ['rt', 'op'], dayCounts: { daysFromLastFractionToPrimarySurgery: day } },
      ]);
  });

  it.each<[number, 'block' | 'warn' | null]>([
    [150, null],
    [151, 'warn'],
    [181, 'block'],
  ])('no primary surgery %d days after the last fraction (asOf) -> %s', (day, severity) => {
    const found = findingsOf('PRIMARY_SURGERY_LATE', resectableFacts(), [scrt('rt', LAST_FRACTION)], {
      asOf: addDays(LAST_FRACTION, day),
    });
    expect(found.map((f) => f.severity)).toEqual(severity === null ? [] : [severity]);
  });

  it.each<[string, TreatmentEvent[], ReturnType<typeof resectableFacts>]>([
    [
      'metastasis surgery only is not primary surgery',
      [
        scrt('rt', LAST_FRACTION),
        { id: 'liver', kind: 'surgery', target: 'metastases', date: addDays(LAST_FRACTION, 200), elective: true },
      ],
      resectableFacts({ preferences: { declinesMajorSurgery: true, declinesRadiotherapy: false, notes: null } }),
    ],
    ['no SCRT given', [primarySurgery('2026-12-01')], resectableFacts()],
  ])('does not fire: %s', (_label, events, facts) => {
    expect(findingsOf('PRIMARY_SURGERY_LATE', facts, events, { asOf: '2026-01-01' })).toEqual([]);
  });
});

describe('SYSTEMIC_THERAPY_DELAYED (warn)', () => {
  const asOf = '2026-03-01';
  it.each(
    cases<[string, number | null, string | undefined, boolean]>(
      [
        ['first dose in 28 days', 28, undefined, false],
        ['first dose in 29 days', 29, undefined, true],
        ['first dose in 29 days with a recorded reason', 29, 'awaiting liver MRI', false],
        ['blank reason does not count', 29, '   ', true],
        ['already started', -10, undefined, false],
        ['nothing planned', null, undefined, true],
        ['nothing planned, reason recorded', null, 'patient wishes to wait', false],
      ],
      (label, _days, _reason, fires) => `${label} -> fires: ${fires}`,
    ),
  )('%s', (_title, _label, days, reason, fires) => {
    const events = days === null ? [] : [systemic('c', addDays(asOf, days), ['FOLFOX'])];
    const found = findingsOf('SYSTEMIC_THERAPY_DELAYED', resectableFacts(), events, {
      asOf,
      ...(reason === undefined ? {} : { systemicDelayReason: reason }),
    });
    expect(found).toHaveLength(fires ? 1 : 0);
    if (fires && days !== null)
      expect(found[0]).toMatchObject({ severity: 'warn', dayCounts: { daysUntilFirstSystemicDose: days } });
  });

  it('does not apply to best supportive care', () => {
    expect(findingsOf('SYSTEMIC_THERAPY_DELAYED', resectableFacts({ ecog: 3 }), [], { asOf })).toEqual([]);
  });

  // The proposal names its regimens before anything is dated; after sign-off the follow-up check
  // reads the done events and passes the still-planned ones as plannedEvents.
  it.each(
    cases<[string, Partial<ValidatePlanOptions>, number | null]>(
      [
        ['the proposal plans FOLFOX', { plannedRegimens: ['FOLFOX'] }, null],
        ['the proposal plans CAPOX', { plannedRegimens: ['CAPOX'] }, null],
        ['the proposal plans FOLFOX + panitumumab', { plannedRegimens: ['FOLFOX', 'PANITUMUMAB'] }, null],
        ['the proposal plans no regimen', { plannedRegimens: [] }, 0],
        [
          'a planned FOLFOX event in 14 days',
          { plannedEvents: [systemic('p', addDays(asOf, 14), ['FOLFOX'], { status: 'planned' })] },
          null,
        ],
        [
          'a planned FOLFOX event in 40 days',
          { plannedEvents: [systemic('p', addDays(asOf, 40), ['FOLFOX'], { status: 'planned' })] },
          40,
        ],
        [
          'a planned event whose day has passed',
          { plannedEvents: [systemic('p', addDays(asOf, -3), ['FOLFOX'], { status: 'planned' })] },
          0,
        ],
        ['a planned surgery is no systemic therapy', { plannedEvents: [primarySurgery(addDays(asOf, 14))] }, 0],
      ],
      (label, _options, days) =>
        `${label} -> ${days === null ? 'no finding' : days === 0 ? 'nothing planned' : `${days} days away`}`,
    ),
  )('%s', (_title, _label, options, days) => {
    const found = findingsOf('SYSTEMIC_THERAPY_DELAYED', resectableFacts(), [], { asOf, ...options });
    if (days === null) expect(found).toEqual([]);
    else if (days === 0)
      expect(found).toMatchObject([
        { severity: 'warn', message: 'No systemic therapy is planned for stage IV disease and no reason is recorded.' },
      ]);
    else
      expect(found).toMatchObject([
        { severity: 'warn', eventIds: ['p'], dayCounts: { daysUntilFirstSystemicDose: days } },
      ]);
  });
});

describe('LONG_COURSE_CRT_UPFRONT (warn)', () => {
  const lccrt = (start: string): TreatmentEvent => ({
    id: 'lc',
    kind: 'radiotherapy',
    regimen: 'LCCRT_50GY',
    startDate: start,
    lastFractionDate: addDays(start, 37),
  });
  it.each(
    cases<[string, TreatmentEvent[], boolean]>(
      [
        ['LCCRT with no systemic therapy', [lccrt('2026-01-05')], true],
        ['LCCRT before chemotherapy', [lccrt('2026-01-05'), systemic('c', '2026-03-01', ['FOLFOX'])], true],
        ['LCCRT after chemotherapy started', [systemic('c', '2026-01-05', ['FOLFOX']), lccrt('2026-05-01')], false],
        ['SCRT upfront', [scrt('rt', LAST_FRACTION)], false],
      ],
      (label, _events, fires) => `${label} -> fires: ${fires}`,
    ),
  )('%s', (_title, _label, events, fires) => {
    const found = findingsOf('LONG_COURSE_CRT_UPFRONT', resectableFacts({ tCategory: 'T4a' }), events);
    expect(found).toHaveLength(fires ? 1 : 0);
    if (fires) expect(found[0]).toMatchObject({ severity: 'warn', eventIds: ['lc'] });
  });
});
