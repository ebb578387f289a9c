import { colonHighRiskFeatures, selectColonBranches } from './branches';
import type { ColonExtraFacts } from './extra-facts';
import { colonFacts, type ColonCaseInput } from './testing/colon-facts';

type Row = [string, ColonCaseInput, Partial<ColonExtraFacts>, string, string[]];

describe(selectColonBranches.name, () => {
  it.each<Row>([
    ['stage I (pT2 N0)', { t: 'T2', n: 'N0' }, {}, 'surveillance', []],
    ['stage I with high grade', { t: 'T1', n: 'N0' }, { grade: 'G3' }, 'surveillance', []],
    ['stage IIA without high-risk features', { t: 'T3', n: 'N0' }, {}, 'surveillance', []],
    ['stage IIB pT4a, dMMR', { t: 'T4a', n: 'N0', mmr: 'dMMR' }, {}, 'surveillance', []],
    [
      'stage IIA, pMMR, LVI',
      { t: 'T3', n: 'N0' },
      { lymphovascularInvasion: true },
      'adjuvant-stage-ii-high-risk',
      ['surveillance'],
    ],
    ['stage IIB pT4a, pMMR', { t: 'T4a', n: 'N0' }, {}, 'adjuvant-stage-ii-high-risk', ['surveillance']],
    [
      'stage IIA, MMR unknown, 11 nodes',
      { t: 'T3', n: 'N0', mmr: null },
      { lymphNodesExamined: 11 },
      'adjuvant-stage-ii-high-risk',
      ['surveillance'],
    ],
    ['stage IIIA pT2 N1', { t: 'T2', n: 'N1a' }, {}, 'adjuvant-stage-iii-low-risk', ['adjuvant-fluoropyrimidine-only']],
    ['stage IIIB pT3 N1', { t: 'T3', n: 'N1b' }, {}, 'adjuvant-stage-iii-low-risk', ['adjuvant-fluoropyrimidine-only']],
    [
      'stage IIIB pT4a N1',
      { t: 'T4a', n: 'N1a' },
      {},
      'adjuvant-stage-iii-high-risk',
      ['adjuvant-fluoropyrimidine-only'],
    ],
    [
      'stage IIIB pT2 N2a',
      { t: 'T2', n: 'N2a' },
      {},
      'adjuvant-stage-iii-high-risk',
      ['adjuvant-fluoropyrimidine-only'],
    ],
    [
      'stage III dMMR stays adjuvant',
      { t: 'T3', n: 'N1a', mmr: 'dMMR' },
      {},
      'adjuvant-stage-iii-low-risk',
      ['adjuvant-fluoropyrimidine-only'],
    ],
    [
      'stage III at age 69',
      { t: 'T3', n: 'N1a', age: 69 },
      {},
      'adjuvant-stage-iii-low-risk',
      ['adjuvant-fluoropyrimidine-only'],
    ],
    [
      'stage III at age 70',
      { t: 'T3', n: 'N1a', age: 70 },
      {},
      'adjuvant-fluoropyrimidine-only',
      ['adjuvant-stage-iii-low-risk'],
    ],
    ['stage III, ECOG 2', { t: 'T4b', n: 'N2b', ecog: 2 }, {}, 'adjuvant-fluoropyrimidine-only', []],
    [
      'stage III, neuropathy',
      { t: 'T3', n: 'N1a' },
      { peripheralNeuropathy: true },
      'adjuvant-fluoropyrimidine-only',
      [],
    ],
    [
      'high-risk stage II at age 75',
      { t: 'T4a', n: 'N0', age: 75 },
      {},
      'adjuvant-fluoropyrimidine-only',
      ['adjuvant-stage-ii-high-risk', 'surveillance'],
    ],
    ['stage I at age 80 stays surveillance', { t: 'T1', n: 'N0', age: 80 }, {}, 'surveillance', []],
    ['stage III, ECOG 3', { t: 'T3', n: 'N2a', ecog: 3 }, {}, 'no-adjuvant-poor-condition', []],
    ['stage I, ECOG 4', { t: 'T1', n: 'N0', ecog: 4 }, {}, 'no-adjuvant-poor-condition', []],
    [
      'stage III, ECOG unknown -> assumed fit',
      { t: 'T3', n: 'N1a', ecog: null },
      {},
      'adjuvant-stage-iii-low-risk',
      ['adjuvant-fluoropyrimidine-only'],
    ],
  ])('%s -> %s', (_name, input, extra, primary, alternatives) => {
    const choice = selectColonBranches(colonFacts(input, extra));
    expect(choice.primary.code).toBe(primary);
    expect(choice.alternatives.map((a) => a.code)).toEqual(alternatives);
    for (const branch of [choice.primary, ...choice.alternatives]) {
      expect(branch.rationale).not.toBe('');
      expect(branch.citation.source).not.toBe('');
    }
  });

  it('cites Sargent 2010 for dMMR stage II and IDEA for stage III', () => {
    expect(selectColonBranches(colonFacts({ t: 'T3', n: 'N0', mmr: 'dMMR' })).primary.citation.source).toContain(
      'Sargent',
    );
    expect(selectColonBranches(colonFacts({ t: 'T3', n: 'N1' })).primary.citation.source).toContain('IDEA');
  });
});

describe(colonHighRiskFeatures.name, () => {
  it.each<[string, ColonCaseInput, Partial<ColonExtraFacts>, string[]]>([
    ['none', {}, {}, []],
    ['pT4', { t: 'T4b', n: 'N0' }, {}, ['pT4']],
    ['perforation', {}, { perforation: true }, ['perforation']],
    ['11 nodes', {}, { lymphNodesExamined: 11 }, ['fewer-than-12-nodes']],
    ['12 nodes', {}, { lymphNodesExamined: 12 }, []],
    ['obstruction', {}, { obstructionAtPresentation: true }, ['obstruction']],
    ['G3 pMMR', {}, { grade: 'G3' }, ['high-grade']],
    ['G4 dMMR (not counted)', { mmr: 'dMMR' }, { grade: 'G4' }, []],
    [
      'LVI and PNI',
      {},
      { lymphovascularInvasion: true, perineuralInvasion: true },
      ['lymphovascular-invasion', 'perineural-invasion'],
    ],
    ['CEA 5.1 over 5', {}, { preoperativeCeaNgMl: 5.1 }, ['raised-cea']],
    ['CEA 5 at the limit 5', {}, { preoperativeCeaNgMl: 5 }, []],
  ])('%s -> %p', (_name, input, extra, features) => {
    expect(colonHighRiskFeatures(colonFacts({ t: 'T3', n: 'N0', ...input }, extra))).toEqual(features);
  });
});
