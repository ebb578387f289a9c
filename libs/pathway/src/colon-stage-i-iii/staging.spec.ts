import { colonStage, colonStageGroup, type ColonNCategory, type ColonTCategory } from './staging';

describe(colonStageGroup.name, () => {
  // UICC/AJCC TNM 8th edition, colon and rectum, M0: every T x N the pathway accepts.
  it.each<[ColonTCategory, ColonNCategory, string]>([
    ['T1', 'N0', 'I'],
    ['T2', 'N0', 'I'],
    ['T3', 'N0', 'IIA'],
    ['T4a', 'N0', 'IIB'],
    ['T4b', 'N0', 'IIC'],
    ['T4', 'N0', 'IIB'],
    ['T1', 'N1', 'IIIA'],
    ['T1', 'N1a', 'IIIA'],
    ['T2', 'N1b', 'IIIA'],
    ['T2', 'N1c', 'IIIA'],
    ['T1', 'N2a', 'IIIA'],
    ['T3', 'N1', 'IIIB'],
    ['T3', 'N1c', 'IIIB'],
    ['T4a', 'N1a', 'IIIB'],
    ['T2', 'N2a', 'IIIB'],
    ['T3', 'N2a', 'IIIB'],
    ['T1', 'N2b', 'IIIB'],
    ['T2', 'N2b', 'IIIB'],
    ['T4a', 'N2a', 'IIIC'],
    ['T3', 'N2b', 'IIIC'],
    ['T4a', 'N2b', 'IIIC'],
    ['T4b', 'N1', 'IIIC'],
    ['T4b', 'N1a', 'IIIC'],
    ['T4b', 'N2a', 'IIIC'],
    ['T4b', 'N2b', 'IIIC'],
    // Library tolerances: N2 without a/b is grouped as N2b, T4 without a/b as T4a.
    ['T1', 'N2', 'IIIB'],
    ['T3', 'N2', 'IIIC'],
    ['T4', 'N1', 'IIIB'],
  ])('p%s %s -> stage %s', (t, n, group) => {
    expect(colonStageGroup(t, n)).toBe(group);
  });

  it.each([
    ['I', 'I'],
    ['IIA', 'II'],
    ['IIC', 'II'],
    ['IIIA', 'III'],
    ['IIIC', 'III'],
  ] as const)('%s is stage %s', (group, stage) => {
    expect(colonStage(group)).toBe(stage);
  });
});
