import fc from 'fast-check';
import { PATHWAYS } from '../index';
import { validateBoardPlan } from './board-plan';
import { validateCaseCore } from './case-core';
import { validateCaseIntake } from './intake';
import type { ValidationResult } from './validation';

/** Untrusted JSON shaped like each input, with any value in any field (what a hostile client can send). */
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const coreLike = fc.record(
  {
    primary: fc.oneof(
      fc.record(
        {
          siteCode: fc.oneof(fc.constantFrom('C20', 'C34.1', 'C50.4'), jsonValue),
          morphologyCode: fc.oneof(fc.constant('8140/3'), jsonValue),
          laterality: jsonValue,
        },
        { requiredKeys: [] },
      ),
      jsonValue,
    ),
    staging: fc.oneof(
      fc.record(
        {
          edition: fc.oneof(fc.constant('UICC-8'), jsonValue),
          clinical: fc.oneof(fc.constant({ t: 'T3', n: 'N1', m: 'M1a' }), jsonValue),
        },
        { requiredKeys: [] },
      ),
      jsonValue,
    ),
    metastases: fc.oneof(fc.constant([{ site: 'liver', count: 1 }]), jsonValue),
    condition: jsonValue,
    biomarkers: fc.oneof(
      fc.array(
        fc.record(
          { marker: fc.oneof(fc.constantFrom('KRAS', 'KI67', 'TMB'), jsonValue), result: jsonValue },
          { requiredKeys: [] },
        ),
      ),
      jsonValue,
    ),
  },
  { requiredKeys: [] },
);
const planLike = fc.record(
  {
    intent: fc.oneof(fc.constant('curative'), jsonValue),
    modalities: fc.oneof(fc.constant(['surgery']), jsonValue),
    regimens: jsonValue,
    milestones: fc.oneof(
      fc.array(
        fc.record(
          {
            key: fc.oneof(fc.constant('ct'), jsonValue),
            label: jsonValue,
            dueDate: jsonValue,
            anchor: jsonValue,
            offsetDays: jsonValue,
          },
          { requiredKeys: [] },
        ),
      ),
      jsonValue,
    ),
  },
  { requiredKeys: [] },
);

/** Valid inputs with one field replaced by anything, so both outcomes occur. */
const validCore = {
  primary: { siteCode: 'C20', morphologyCode: '8140/3' },
  staging: { edition: 'UICC-8', clinical: { t: 'T3', n: 'N1', m: 'M1a' } },
  metastases: [{ site: 'liver', count: 1 }],
  biomarkers: [{ marker: 'KI67', result: '20%' }],
};
const nearCore = fc
  .tuple(fc.constantFrom(undefined, ...Object.keys(validCore)), jsonValue)
  .map(([key, value]) => (key === undefined ? validCore : { ...validCore, [key]: value }));
const validPlan = {
  intent: 'palliative',
  modalities: ['systemic-therapy'],
  milestones: [{ key: 'ct', label: 'CT', anchor: 'treatmentStart', offsetDays: 84 }],
};
const nearPlan = fc
  .tuple(fc.constantFrom(undefined, ...Object.keys(validPlan)), jsonValue)
  .map(([key, value]) => (key === undefined ? validPlan : { ...validPlan, [key]: value }));

/** Never throws; a refusal names at least one problem; an acceptance is a fixed point (validating it again changes nothing). */
function wellBehaved<T>(validate: (input: unknown) => ValidationResult<T>, input: unknown): void {
  const result = validate(input);
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    return;
  }
  expect(validate(JSON.parse(JSON.stringify(result.facts)))).toEqual(result);
}

describe('validators on hostile input', () => {
  it('the generators reach both outcomes (so both branches of wellBehaved run)', () => {
    const outcomes = (validate: (input: unknown) => ValidationResult<unknown>, arbitrary: fc.Arbitrary<unknown>) =>
      new Set(fc.sample(arbitrary, { numRuns: 500, seed: 13 }).map((input) => validate(input).ok));
    expect(outcomes(validateCaseCore, nearCore)).toEqual(new Set([true, false]));
    expect(outcomes(validateBoardPlan, nearPlan)).toEqual(new Set([true, false]));
  });

  it('property: validateCaseCore', () => {
    fc.assert(
      fc.property(fc.oneof(coreLike, nearCore, jsonValue), (input) => wellBehaved(validateCaseCore, input)),
      { numRuns: 500 },
    );
  });

  it('property: validateBoardPlan', () => {
    fc.assert(
      fc.property(fc.oneof(planLike, nearPlan, jsonValue), (input) => wellBehaved(validateBoardPlan, input)),
      { numRuns: 500 },
    );
  });

  it('property: validateCaseIntake never throws', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            core: fc.oneof(coreLike, nearCore, jsonValue),
            pathwayFacts: fc.oneof(fc.record({ pathwayId: fc.constantFrom('rectal-stage-iv', null) }), jsonValue),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          const result = validateCaseIntake(input, PATHWAYS);
          expect(result.ok || result.problems.length > 0).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
