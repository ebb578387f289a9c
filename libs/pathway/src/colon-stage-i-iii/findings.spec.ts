import fc from 'fast-check';
import { InvalidIsoDateError, addDays, fromEpochDay, toEpochDay } from '../core/dates';
import type { ColonFindingCode, ColonRegimenCode } from './codes';
import type { ColonTreatmentEvent } from './events';
import type { ColonExtraFacts } from './extra-facts';
import { validateColonPlan, type ValidateColonPlanOptions } from './findings';
import { colonFacts, type ColonCaseInput } from './testing/colon-facts';

const T_S = '2026-03-02';
const adjuvant = (
  id: string,
  day: number,
  regimens: ColonRegimenCode[],
  fluoropyrimidine?: 'capecitabine' | '5-FU',
): ColonTreatmentEvent => ({
  id,
  kind: 'adjuvant-therapy',
  regimens,
  startDate: addDays(T_S, day),
  ...(fluoropyrimidine === undefined ? {} : { fluoropyrimidine }),
});
const surgery: ColonTreatmentEvent = { id: 'surgery', kind: 'surgery', date: T_S };

function findingsOf(
  code: ColonFindingCode,
  input: ColonCaseInput,
  extra: Partial<ColonExtraFacts>,
  events: ColonTreatmentEvent[],
  options: Partial<ValidateColonPlanOptions> = {},
) {
  return validateColonPlan(colonFacts(input, extra), events, { asOf: T_S, ...options }).filter((f) => f.code === code);
}

describe('ADJUVANT_START_LATE (warn > 56 days, block > 84 days after surgery)', () => {
  it.each([
    [28, null],
    [56, null],
    [57, 'warn'],
    [84, 'warn'],
    [85, 'block'],
    [120, 'block'],
  ])('first dose on day %i -> %p', (day, severity) => {
    const found = findingsOf('ADJUVANT_START_LATE', {}, {}, [surgery, adjuvant('c1', day, ['CAPOX_3M'])]);
    expect(found.map((f) => f.severity)).toEqual(severity === null ? [] : [severity]);
    if (severity !== null)
      expect(found[0]).toMatchObject({ eventIds: ['c1'], dayCounts: { daysFromSurgeryToAdjuvant: day } });
  });

  it.each([
    [56, null],
    [57, 'warn'],
    [84, 'warn'],
    [85, 'block'],
  ])('nothing dated on an adjuvant branch, asOf day %i -> %p', (day, severity) => {
    const found = findingsOf('ADJUVANT_START_LATE', {}, {}, [], { asOf: addDays(T_S, day) });
    expect(found.map((f) => f.severity)).toEqual(severity === null ? [] : [severity]);
    if (severity !== null) expect(found[0]?.dayCounts).toEqual({ daysFromSurgeryToAsOf: day });
  });

  it('counts from the surgery event over the recorded surgery date', () => {
    const found = findingsOf('ADJUVANT_START_LATE', {}, { surgeryDate: '2026-01-01' }, [
      surgery,
      adjuvant('c1', 50, ['CAPOX_3M']),
    ]);
    expect(found).toEqual([]);
  });

  it('does not fire on surveillance with nothing dated, nor without a surgery date', () => {
    expect(findingsOf('ADJUVANT_START_LATE', { t: 'T2', n: 'N0' }, {}, [], { asOf: addDays(T_S, 200) })).toEqual([]);
    expect(findingsOf('ADJUVANT_START_LATE', {}, { surgeryDate: null }, [adjuvant('c1', 100, ['CAPOX_3M'])])).toEqual(
      [],
    );
  });

  it('property: severity depends only on the day count, for any surgery date 1900-2200', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-01-01') }),
        fc.integer({ min: 0, max: 400 }),
        (epochDay, day) => {
          const surgeryDate = fromEpochDay(epochDay);
          const events: ColonTreatmentEvent[] = [
            { kind: 'adjuvant-therapy', regimens: ['CAPOX_3M'], startDate: addDays(surgeryDate, day) },
          ];
          const found = validateColonPlan(colonFacts({}, { surgeryDate }), events, { asOf: surgeryDate }).filter(
            (f) => f.code === 'ADJUVANT_START_LATE',
          );
          const expected = day > 84 ? ['block'] : day > 56 ? ['warn'] : [];
          expect(found.map((f) => f.severity)).toEqual(expected);
          if (found.length > 0) expect(found[0]?.dayCounts).toEqual({ daysFromSurgeryToAdjuvant: day });
        },
      ),
      { numRuns: 300 },
    );
  });
});

type Row = [
  string,
  ColonFindingCode,
  ColonCaseInput,
  Partial<ColonExtraFacts>,
  ColonRegimenCode[],
  'block' | 'warn' | null,
  ('capecitabine' | '5-FU')?,
];

describe.each<Row>([
  ['bevacizumab', 'ADJUVANT_BIOLOGIC', {}, {}, ['FOLFOX_6M', 'BEVACIZUMAB'], 'block'],
  ['cetuximab', 'ADJUVANT_BIOLOGIC', {}, {}, ['CETUXIMAB'], 'block'],
  ['panitumumab', 'ADJUVANT_BIOLOGIC', {}, {}, ['PANITUMUMAB'], 'block'],
  ['FOLFOX alone (no biologic)', 'ADJUVANT_BIOLOGIC', {}, {}, ['FOLFOX_6M'], null],
  ['FOLFIRI', 'ADJUVANT_IRINOTECAN', {}, {}, ['FOLFIRI'], 'block'],
  ['CAPOX (no irinotecan)', 'ADJUVANT_IRINOTECAN', {}, {}, ['CAPOX_3M'], null],
  ['CAPOX, DPD unknown', 'FLUOROPYRIMIDINE_WITHOUT_DPD', { dpd: null }, {}, ['CAPOX_3M'], 'block'],
  [
    'FP, complete DPD deficiency',
    'FLUOROPYRIMIDINE_WITHOUT_DPD',
    { dpd: 'complete-deficiency' },
    {},
    ['FLUOROPYRIMIDINE_6M'],
    'block',
  ],
  [
    'CAPOX, partial DPD deficiency',
    'FLUOROPYRIMIDINE_WITHOUT_DPD',
    { dpd: 'partial-deficiency' },
    {},
    ['CAPOX_3M'],
    null,
  ],
  [
    'FP alone, dMMR stage II',
    'FP_ALONE_DMMR_STAGE_II',
    { t: 'T4a', n: 'N0', mmr: 'dMMR' },
    {},
    ['FLUOROPYRIMIDINE_6M'],
    'warn',
  ],
  ['CAPOX, dMMR stage II', 'FP_ALONE_DMMR_STAGE_II', { t: 'T4a', n: 'N0', mmr: 'dMMR' }, {}, ['CAPOX_3M'], null],
  ['FP alone, pMMR stage II', 'FP_ALONE_DMMR_STAGE_II', { t: 'T4a', n: 'N0' }, {}, ['FLUOROPYRIMIDINE_6M'], null],
  ['FP alone, dMMR stage III', 'FP_ALONE_DMMR_STAGE_II', { mmr: 'dMMR' }, {}, ['FLUOROPYRIMIDINE_6M'], null],
  ['CAPOX at 70', 'OXALIPLATIN_AGE_70_PLUS', { age: 70 }, {}, ['CAPOX_3M'], 'warn'],
  ['FOLFOX at 69', 'OXALIPLATIN_AGE_70_PLUS', { age: 69 }, {}, ['FOLFOX_6M'], null],
  ['FP at 80', 'OXALIPLATIN_AGE_70_PLUS', { age: 80 }, {}, ['FLUOROPYRIMIDINE_6M'], null],
  ['FOLFOX with neuropathy', 'OXALIPLATIN_WITH_NEUROPATHY', {}, { peripheralNeuropathy: true }, ['FOLFOX_6M'], 'warn'],
  [
    'FOLFOX, neuropathy not recorded',
    'OXALIPLATIN_WITH_NEUROPATHY',
    {},
    { peripheralNeuropathy: null },
    ['FOLFOX_6M'],
    null,
  ],
  ['FP in stage I', 'ADJUVANT_STAGE_I', { t: 'T2', n: 'N0' }, {}, ['FLUOROPYRIMIDINE_6M'], 'warn'],
  ['FP in stage IIA', 'ADJUVANT_STAGE_I', { t: 'T3', n: 'N0' }, {}, ['FLUOROPYRIMIDINE_6M'], null],
  ['CAPOX 3 months, pT4a N1', 'SHORT_CAPOX_HIGH_RISK', { t: 'T4a', n: 'N1a' }, {}, ['CAPOX_3M'], 'warn'],
  ['CAPOX 3 months, pT3 N2a', 'SHORT_CAPOX_HIGH_RISK', { t: 'T3', n: 'N2a' }, {}, ['CAPOX_3M'], 'warn'],
  ['CAPOX 3 months, pT3 N1', 'SHORT_CAPOX_HIGH_RISK', { t: 'T3', n: 'N1b' }, {}, ['CAPOX_3M'], null],
  [
    'CAPOX 3 months, pT4a N0 (stage II: the plan itself)',
    'SHORT_CAPOX_HIGH_RISK',
    { t: 'T4a', n: 'N0' },
    {},
    ['CAPOX_3M'],
    null,
  ],
  ['CAPOX 6 months, pT4a N2b', 'SHORT_CAPOX_HIGH_RISK', { t: 'T4a', n: 'N2b' }, {}, ['CAPOX_6M'], null],
  ['FOLFOX 3 months', 'FOLFOX_3_MONTHS', {}, {}, ['FOLFOX_3M'], 'warn'],
  ['FOLFOX 6 months', 'FOLFOX_3_MONTHS', {}, {}, ['FOLFOX_6M'], null],
  ['11 nodes', 'FEWER_THAN_12_NODES', {}, { lymphNodesExamined: 11 }, [], 'warn'],
  ['12 nodes', 'FEWER_THAN_12_NODES', {}, { lymphNodesExamined: 12 }, [], null],
  ['nodes not recorded', 'FEWER_THAN_12_NODES', {}, { lymphNodesExamined: null }, [], null],
  ['CAPOX at CrCl 29', 'CAPECITABINE_LOW_CRCL', { crcl: 29 }, {}, ['CAPOX_6M'], 'warn'],
  ['CAPOX at CrCl 30', 'CAPECITABINE_LOW_CRCL', { crcl: 30 }, {}, ['CAPOX_6M'], null],
  [
    'capecitabine alone at CrCl 25',
    'CAPECITABINE_LOW_CRCL',
    { crcl: 25 },
    {},
    ['FLUOROPYRIMIDINE_6M'],
    'warn',
    'capecitabine',
  ],
  ['5-FU/LV at CrCl 25', 'CAPECITABINE_LOW_CRCL', { crcl: 25 }, {}, ['FLUOROPYRIMIDINE_6M'], null, '5-FU'],
  ['FOLFOX at CrCl 25', 'CAPECITABINE_LOW_CRCL', { crcl: 25 }, {}, ['FOLFOX_6M'], null],
])('%s', (_name, code, input, extra, regimens, severity, fluoropyrimidine) => {
  const expected = severity === null ? [] : [severity];
  it(`${code} -> ${severity ?? 'none'} on a dated event`, () => {
    const events = regimens.length === 0 ? [surgery] : [surgery, adjuvant('c1', 30, regimens, fluoropyrimidine)];
    const found = findingsOf(code, input, extra, events);
    expect(found.map((f) => f.severity)).toEqual(expected);
    if (regimens.length > 0 && severity !== null) expect(found[0]?.eventIds).toEqual(['c1']);
    for (const f of found) expect(f.citation.source).not.toBe('');
  });

  if (regimens.length > 0 && fluoropyrimidine === undefined) {
    it(`${code} -> ${severity ?? 'none'} on the undated planned regimens`, () => {
      const found = findingsOf(code, input, extra, [], { plannedRegimens: regimens });
      expect(found.map((f) => [f.severity, f.eventIds])).toEqual(
        severity === null ? [] : [[severity, ['plannedRegimens']]],
      );
    });
  }
});

describe(validateColonPlan.name, () => {
  it('orders blocks first, then by finding code, naming events without an id by index', () => {
    const events: ColonTreatmentEvent[] = [
      surgery,
      { kind: 'adjuvant-therapy', regimens: ['FOLFOX_3M', 'BEVACIZUMAB'], startDate: addDays(T_S, 60) },
    ];
    const found = validateColonPlan(colonFacts({ age: 72, dpd: null }), events, { asOf: T_S });
    expect(found.map((f) => [f.code, f.severity])).toEqual([
      ['ADJUVANT_BIOLOGIC', 'block'],
      ['FLUOROPYRIMIDINE_WITHOUT_DPD', 'block'],
      ['ADJUVANT_START_LATE', 'warn'],
      ['OXALIPLATIN_AGE_70_PLUS', 'warn'],
      ['FOLFOX_3_MONTHS', 'warn'],
    ]);
    expect(found[0]?.eventIds).toEqual(['events[1]']);
  });

  it('finds nothing on the textbook plan', () => {
    expect(
      validateColonPlan(colonFacts(), [surgery, adjuvant('c1', 35, ['CAPOX_3M'])], { asOf: addDays(T_S, 40) }),
    ).toEqual([]);
  });

  it('throws InvalidIsoDateError on a malformed date', () => {
    expect(() => validateColonPlan(colonFacts(), [], { asOf: '2026-13-01' })).toThrow(InvalidIsoDateError);
    expect(() => validateColonPlan(colonFacts(), [{ kind: 'surgery', date: '2026-02-30' }], { asOf: T_S })).toThrow(
      InvalidIsoDateError,
    );
  });

  it('uses the branch the board chose for the "nothing dated yet" check', () => {
    const facts = colonFacts({ t: 'T2', n: 'N0' });
    const asOf = addDays(T_S, 90);
    expect(validateColonPlan(facts, [], { asOf })).toEqual([]);
    expect(
      validateColonPlan(facts, [], { asOf, branch: 'adjuvant-fluoropyrimidine-only' }).map((f) => f.severity),
    ).toEqual(['block']);
  });
});
