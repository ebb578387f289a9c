import { describe, expect, it } from 'vitest';
import {
  COLON_EXTRA_FACT_FIELDS,
  ECOG_SCORES,
  PATHWAYS,
  RECTAL_EXTRA_FACT_FIELDS,
  RECTAL_STAGE_IV_PATHWAY_ID,
  COLON_STAGE_I_III_PATHWAY_ID,
} from '@consilium/pathway';
import { branchText, ECOG_LABELS, PATHWAY_EXTRA_FACTS, siteText, tnmText } from './clinical';

describe('clinical labels', () => {
  it('asks every registered pathway for exactly the extra facts its library declares, in order', () => {
    expect(Object.keys(PATHWAY_EXTRA_FACTS).sort()).toEqual(
      PATHWAYS.list()
        .map((pathway) => pathway.id)
        .sort(),
    );
    expect(PATHWAY_EXTRA_FACTS[RECTAL_STAGE_IV_PATHWAY_ID]?.map((spec) => spec.field)).toEqual([
      ...RECTAL_EXTRA_FACT_FIELDS,
    ]);
    expect(PATHWAY_EXTRA_FACTS[COLON_STAGE_I_III_PATHWAY_ID]?.map((spec) => spec.field)).toEqual([
      ...COLON_EXTRA_FACT_FIELDS,
    ]);
    for (const pathway of PATHWAYS.list())
      expect(PATHWAY_EXTRA_FACTS[pathway.id]?.map((spec) => spec.field)).toEqual([...pathway.extraFactFields]);
  });

  it('words every ECOG score', () => {
    for (const score of ECOG_SCORES) expect(ECOG_LABELS[score]).toMatch(/\w/);
  });

  it.each([
    [{ t: 'T2a', n: 'N2', m: 'M0', afterTherapy: false }, 'c', 'cT2a N2 M0'],
    [{ t: 'T3', n: 'N1b', m: 'M0', afterTherapy: true }, 'p', 'ypT3 N1b M0'],
  ] as const)('writes %o as %s-TNM', (tnm, kind, expected) => {
    expect(tnmText(tnm, kind)).toBe(expected);
  });

  it('names a common site and leaves any other ICD-10 code as it is', () => {
    expect(siteText('C34.1')).toBe('C34.1 Upper lobe, bronchus or lung');
    expect(siteText('C71.9')).toBe('C71.9');
  });

  it("titles a branch from its pathway's workflow, and words an unknown code", () => {
    expect(branchText(COLON_STAGE_I_III_PATHWAY_ID, 'surveillance')).toBe('Follow-up only (no adjuvant chemotherapy)');
    expect(branchText(null, 'best-supportive-care')).toBe('Best supportive care');
  });
});
