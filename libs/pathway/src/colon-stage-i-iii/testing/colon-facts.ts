/** Test helper: valid ColonFacts from a few overrides, through the real validators. */
import type { CaseCore } from '../../core/case-core';
import { validateCaseCore } from '../../core/case-core';
import type { ColonExtraFacts } from '../extra-facts';
import { colonFactsFrom, type ColonFacts } from '../facts';

export interface ColonCaseInput {
  t?: string;
  n?: string;
  basis?: 'pathological' | 'clinical';
  age?: number | null;
  ecog?: number | null;
  crcl?: number | null;
  mmr?: 'pMMR' | 'dMMR' | null;
  dpd?: 'normal' | 'partial-deficiency' | 'complete-deficiency' | null;
  siteCode?: string;
  morphologyCode?: string;
}

/** A resected pT3 N1a sigmoid adenocarcinoma, age 60, ECOG 0, pMMR, DPD normal, 20 nodes, surgery 2026-03-02. */
export function colonCore(input: ColonCaseInput = {}): CaseCore {
  const tnm = { t: input.t ?? 'T3', n: input.n ?? 'N1a', m: 'M0' };
  const biomarkers = [
    ...(input.mmr === null ? [] : [{ marker: 'MMR', result: input.mmr ?? 'pMMR' }]),
    ...(input.dpd === null ? [] : [{ marker: 'DPD', result: input.dpd ?? 'normal' }]),
  ];
  const result = validateCaseCore({
    primary: { siteCode: input.siteCode ?? 'C18.7', morphologyCode: input.morphologyCode ?? '8140/3' },
    staging: { edition: 'UICC-8', [input.basis ?? 'pathological']: tnm },
    condition: {
      ageYears: input.age === undefined ? 60 : input.age,
      ecog: input.ecog === undefined ? 0 : input.ecog,
      creatinineClearanceMlMin: input.crcl ?? null,
    },
    biomarkers,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.facts;
}

export const BASE_EXTRA: ColonExtraFacts = Object.freeze({
  surgeryDate: '2026-03-02',
  lymphNodesExamined: 20,
  grade: 'G2',
  lymphovascularInvasion: false,
  perineuralInvasion: false,
  obstructionAtPresentation: false,
  perforation: false,
  preoperativeCeaNgMl: 2.1,
  ceaUpperLimitNgMl: 5,
  colonFullyVisualisedPreoperatively: true,
  peripheralNeuropathy: false,
});

export function colonFacts(input: ColonCaseInput = {}, extra: Partial<ColonExtraFacts> = {}): ColonFacts {
  const result = colonFactsFrom(colonCore(input), { ...BASE_EXTRA, ...extra });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.facts;
}
