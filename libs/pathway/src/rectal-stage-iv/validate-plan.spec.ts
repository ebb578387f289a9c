import { InvalidIsoDateError } from '../core/dates';
import { FINDING_CODES } from './codes';
import type { TreatmentEvent } from './events';
import { FINDING_RULES } from './findings';
import { resectableFacts, scrt, systemic, textbookEvents, withBiomarkers } from './testing/fixtures';
import { validatePlan } from './validate-plan';

describe(validatePlan.name, () => {
  it('finds nothing wrong with the textbook resectable plan', () => {
    expect(validatePlan(resectableFacts(), textbookEvents(), { asOf: '2026-01-01' })).toEqual([]);
  });

  it('reports every applicable finding, blocks first, with events and day counts', () => {
    const facts = withBiomarkers({ dpd: 'unknown', mmr: 'unknown' });
    const events: TreatmentEvent[] = [
      scrt('rt', '2026-01-09'),
      systemic('chemo', '2026-01-29', ['FOLFOX', 'BEVACIZUMAB', 'CETUXIMAB']),
      {
        kind: 'surgery',
        target: 'primary-and-metastases',
        date: '2026-02-20',
        elective: true,
        woundHealedDate: '2026-03-10',
      },
    ];
    const found = validatePlan(facts, events, { asOf: '2026-01-01' });
    expect(found.map((f) => [f.code, f.severity, f.eventIds, f.dayCounts])).toEqual([
      ['ANTI_EGFR_RAS_NOT_WILD_TYPE', 'block', ['chemo'], {}],
      [
        'BEVACIZUMAB_TOO_CLOSE_TO_SURGERY',
        'block',
        ['chemo', 'events[2]'],
        { daysFromLastBevacizumabDoseToSurgery: 22 },
      ],
      ['BEVACIZUMAB_WITH_ANTI_EGFR', 'block', ['chemo'], {}],
      ['FLUOROPYRIMIDINE_WITHOUT_DPD', 'block', ['chemo'], {}],
      ['CHEMO_START_OUTSIDE_WINDOW', 'warn', ['rt', 'chemo'], { daysFromLastFractionToChemotherapy: 20 }],
      ['RESPONSE_EVALUATION_MISSING', 'warn', ['chemo'], {}],
      ['MMR_STATUS_UNKNOWN', 'warn', [], {}],
    ]);
    for (const f of found) expect(f.citation.section).not.toBe('');
  });

  it('names events without an id by their index', () => {
    const found = validatePlan(resectableFacts(), [{ kind: 'procedure', procedure: 'stent', date: '2026-01-03' }], {
      asOf: '2026-01-01',
      plannedRegimens: ['BEVACIZUMAB'],
    });
    expect(found.find((f) => f.code === 'STENT_WITH_BEVACIZUMAB')?.eventIds).toEqual(['events[0]', 'plannedRegimens']);
  });

  it.each([
    ['asOf', [], '2026-02-30'],
    ['an event date', [systemic('c', '2026-13-01', ['FOLFOX'])], '2026-01-01'],
    [
      'a last fraction date',
      [{ kind: 'radiotherapy', regimen: 'SCRT_5X5', startDate: '2026-01-05', lastFractionDate: '9-1-2026' }],
      '2026-01-01',
    ],
  ] as [string, TreatmentEvent[], string][])('throws on a malformed date (%s)', (_label, events, asOf) => {
    expect(() => validatePlan(resectableFacts(), events, { asOf })).toThrow(InvalidIsoDateError);
  });

  it('is deterministic and independent of event order for ordering of findings', () => {
    const events: TreatmentEvent[] = [
      scrt('rt', '2026-01-09'),
      systemic('a', '2026-01-30', ['FOLFOX', 'CETUXIMAB']),
      systemic('b', '2026-03-30', ['CAPOX', 'PANITUMUMAB']),
    ];
    const first = validatePlan(resectableFacts(), events, { asOf: '2026-01-01' });
    expect(validatePlan(resectableFacts(), structuredClone(events), { asOf: '2026-01-01' })).toEqual(first);
    expect(validatePlan(resectableFacts(), [...events].reverse(), { asOf: '2026-01-01' })).toEqual(first);
  });

  it('has one rule per finding code, each named after its code and cited', () => {
    expect(Object.keys(FINDING_RULES).sort()).toEqual([...FINDING_CODES].sort());
    for (const code of FINDING_CODES) {
      expect(FINDING_RULES[code].code).toBe(code);
      expect(FINDING_RULES[code].citation.section).not.toBe('');
    }
  });

  it('does not mutate its inputs', () => {
    const events = textbookEvents();
    const copy = structuredClone(events);
    validatePlan(resectableFacts(), events, { asOf: '2026-01-01' });
    expect(events).toEqual(copy);
  });
});
