import { PATHWAYS } from '../index';
import { validateCaseIntake } from './intake';

const rectalCore = {
  primary: { siteCode: 'C20', morphologyCode: '8140/3' },
  staging: { edition: 'UICC-8', clinical: { t: 'T3', n: 'N1', m: 'M1a' } },
  metastases: [{ site: 'liver', count: 2 }],
};
const lungCore = { primary: { siteCode: 'C34.1', morphologyCode: '8140/3', laterality: 'left' } };

describe(validateCaseIntake.name, () => {
  it('accepts a rectal intake and records the pathway id and version', () => {
    const result = validateCaseIntake(
      { core: rectalCore, pathwayFacts: { pathwayId: 'rectal-stage-iv', distanceFromAnalVergeCm: 4.5 } },
      PATHWAYS,
    );
    expect(result.ok && { pathway: result.facts.pathway, pathwayFacts: result.facts.pathwayFacts }).toEqual({
      pathway: { id: 'rectal-stage-iv', version: '2026.11.0' },
      pathwayFacts: { distanceFromAnalVergeCm: 4.5, mesorectalFasciaThreatened: null },
    });
  });

  it.each([
    ['no pathwayFacts', { core: lungCore }],
    ['pathwayId null', { core: lungCore, pathwayFacts: { pathwayId: null } }],
  ])('accepts a case without pathway (%s)', (_name, input) => {
    const result = validateCaseIntake(input, PATHWAYS);
    expect(result.ok && [result.facts.pathway, result.facts.pathwayFacts]).toEqual([null, null]);
  });

  it.each([
    [
      'an unknown pathway',
      { core: rectalCore, pathwayFacts: { pathwayId: 'colon-stage-i-iii' } },
      ['pathwayFacts.pathwayId'],
    ],
    [
      'a pathway that does not apply',
      { core: lungCore, pathwayFacts: { pathwayId: 'rectal-stage-iv' } },
      ['pathwayFacts.pathwayId'],
    ],
    [
      'pathway facts without a pathway',
      { core: lungCore, pathwayFacts: { pathwayId: null, distanceFromAnalVergeCm: 5 } },
      ['pathwayFacts.distanceFromAnalVergeCm'],
    ],
    [
      'a bad core and a bad extra fact',
      {
        core: { ...rectalCore, primary: { siteCode: 'rectum' } },
        pathwayFacts: { pathwayId: 'rectal-stage-iv', distanceFromAnalVergeCm: -1 },
      },
      ['core.primary.siteCode', 'pathwayFacts.distanceFromAnalVergeCm'],
    ],
    ['pathway facts not an object', { core: rectalCore, pathwayFacts: 'rectal' }, ['pathwayFacts']],
    ['no core', { pathwayFacts: { pathwayId: null } }, ['core']],
    ['a field outside the intake', { core: rectalCore, status: 'READY' }, ['status']],
  ])('names the field for %s', (_name, input, fields) => {
    const result = validateCaseIntake(input, PATHWAYS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => problem.field).sort()).toEqual([...fields].sort());
  });
});
