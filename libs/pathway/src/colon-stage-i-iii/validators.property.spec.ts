import fc from 'fast-check';
import type { ValidationResult } from '../core/validation';
import { validateColonExtraFacts } from './extra-facts';
import { validateColonFacts } from './facts';
import { BASE_EXTRA } from './testing/colon-facts';
import { validateColonTreatmentEvents } from './validate-events';

const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** A valid input with one field replaced by anything, so both outcomes occur. */
function near(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(undefined, ...Object.keys(valid)), jsonValue)
    .map(([key, value]) => (key === undefined ? valid : { ...valid, [key]: value }));
}

/** Never throws; a refusal names at least one problem; an acceptance is a fixed point. */
function wellBehaved<T>(validate: (input: unknown) => ValidationResult<T>, input: unknown): void {
  const result = validate(input);
  if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
  else expect(validate(result.facts)).toEqual(result);
}

const core = {
  primary: { siteCode: 'C18.7', morphologyCode: '8140/3' },
  staging: { edition: 'UICC-8', pathological: { t: 'T3', n: 'N1', m: 'M0' } },
};

describe('colon validators on hostile input', () => {
  it('validateColonExtraFacts', () => {
    fc.assert(
      fc.property(fc.oneof(near({ ...BASE_EXTRA }), jsonValue), (input) => wellBehaved(validateColonExtraFacts, input)),
      { numRuns: 500 },
    );
  });

  it('validateColonFacts never throws: a refusal names problems, an acceptance has a stage I-III group', () => {
    fc.assert(
      fc.property(fc.oneof(near({ core, pathwayFacts: BASE_EXTRA }), jsonValue), (input) => {
        const result = validateColonFacts(input);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        else expect(['I', 'II', 'III']).toContain(result.facts.stage);
      }),
      { numRuns: 500 },
    );
  });

  it('validateColonTreatmentEvents never throws; an accepted list validates to itself', () => {
    const valid = {
      id: 'c1',
      kind: 'adjuvant-therapy',
      regimens: ['CAPOX_3M'],
      startDate: '2026-04-01',
      fluoropyrimidine: 'capecitabine',
      status: 'done',
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.oneof(near(valid), near({ kind: 'surgery', date: '2026-03-02' }), jsonValue), { maxLength: 4 }),
          jsonValue,
        ),
        (input) => {
          const result = validateColonTreatmentEvents(input);
          if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
          else expect(validateColonTreatmentEvents(result.events)).toEqual(result);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a bad date', [{ kind: 'surgery', date: '2026-02-30' }], ['events[0].date']],
    [
      'an unknown regimen',
      [{ kind: 'adjuvant-therapy', regimens: ['CAPOX'], startDate: '2026-04-01' }],
      ['events[0].regimens[0]'],
    ],
    ['no regimens', [{ kind: 'adjuvant-therapy', regimens: [], startDate: '2026-04-01' }], ['events[0].regimens']],
    ['an unknown kind', [{ kind: 'radiotherapy' }], ['events[0].kind']],
    ['an unknown field', [{ kind: 'surgery', date: '2026-03-02', elective: true }], ['events[0].elective']],
    ['a missing start date', [{ kind: 'adjuvant-therapy', regimens: ['FOLFOX_6M'] }], ['events[0].startDate']],
  ])('names the field for %s', (_name, input, fields) => {
    const result = validateColonTreatmentEvents(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(fields);
  });
});
