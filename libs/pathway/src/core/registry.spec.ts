import { rectalStageIvPathway } from '../rectal-stage-iv/pathway';
import { isStatedM0, validateCaseCore, type CaseCore } from './case-core';
import {
  DuplicatePathwayError,
  UnknownPathwayError,
  createPathwayRegistry,
  selectPathwaysFrom,
  type AnyPathwayPlugin,
  type PathwayIdentity,
} from './registry';

describe(createPathwayRegistry.name, () => {
  const a = { id: 'a', version: '1', title: 'A', extra: 1 };
  const b = { id: 'b', version: '2', title: 'B', extra: 2 };

  it('finds pathways by id and lists them in order', () => {
    const registry = createPathwayRegistry([a, b]);
    expect(registry.get('b')).toBe(b);
    expect(registry.has('a')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.list().map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('throws for an unknown id', () => {
    expect(() => createPathwayRegistry([a]).get('colon')).toThrow(UnknownPathwayError);
  });

  it('rejects duplicate ids', () => {
    expect(() => createPathwayRegistry([a, { ...a }])).toThrow(DuplicatePathwayError);
  });
});

describe(selectPathwaysFrom.name, () => {
  /** A colon-like second plug-in (PATHWAY-COLON.md "Applies when"), to show a pathway fits without changing the interfaces. */
  const colonLike: PathwayIdentity & Pick<AnyPathwayPlugin, 'applies'> = {
    id: 'colon-stage-i-iii',
    version: '0',
    title: 'Resected colon cancer, stage I-III',
    applies: (core) => {
      if (!/^C1[89]/.test(core.primary.siteCode)) return { applies: false, reason: 'not the colon' };
      if (!isStatedM0(core.staging)) return { applies: false, reason: 'not M0' };
      return core.staging.pathological === null ? { applies: false, reason: 'not resected yet' } : { applies: true };
    },
  };
  const registry = createPathwayRegistry([rectalStageIvPathway, colonLike]);
  const core = (input: unknown): CaseCore => {
    const result = validateCaseCore(input);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.facts;
  };
  const pT3N1 = { t: 'T3', n: 'N1a', m: 'M0' };

  it.each([
    [
      'resected stage III colon',
      { primary: { siteCode: 'C18.7', morphologyCode: '8140/3' }, staging: { edition: 'AJCC-8', pathological: pT3N1 } },
      ['colon-stage-i-iii'],
      ['rectal-stage-iv'],
    ],
    [
      'stage IV rectum',
      {
        primary: { siteCode: 'C20', morphologyCode: '8140/3' },
        staging: { edition: 'AJCC-8', clinical: { t: 'T3', n: 'N1', m: 'M1a' } },
        metastases: [{ site: 'liver', count: 1 }],
      },
      ['rectal-stage-iv'],
      ['colon-stage-i-iii'],
    ],
    [
      'lung',
      { primary: { siteCode: 'C34.1', morphologyCode: '8140/3' }, staging: { edition: 'AJCC-8', pathological: pT3N1 } },
      [],
      ['rectal-stage-iv', 'colon-stage-i-iii'],
    ],
  ])('%s', (_name, input, applicable, notApplicable) => {
    const selection = selectPathwaysFrom(core(input), registry);
    expect(selection.applicable.map((p) => p.id)).toEqual(applicable);
    expect(selection.notApplicable.map((n) => n.pathway.id)).toEqual(notApplicable);
  });
});
