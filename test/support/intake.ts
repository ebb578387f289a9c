import { coreFromRectalFacts, RECTAL_STAGE_IV_PATHWAY_ID, type CaseFacts } from '@consilium/pathway';
import type { components } from '../../apps/web/src/api-schema';

/**
 * A case intake body (`core` + `pathwayFacts`) from stage IV rectal facts in that pathway's own
 * vocabulary, through the pathway's adapter; the age is never submitted (it comes from the patient).
 */
export function rectalIntake(facts: Omit<CaseFacts, 'ageYears'> & { ageYears?: number | null }): {
  core: components['schemas']['CaseCoreInput'];
  pathwayFacts: components['schemas']['RectalStageIvFactsInput'];
} {
  const { core, extra } = coreFromRectalFacts({ ...facts, ageYears: null });
  const { ageYears: _age, ...condition } = core.condition;
  return { core: { ...core, condition }, pathwayFacts: { pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, ...extra } };
}

/** The same as stored (the case core with the age left to the birth date), for direct inserts in tests. */
export function rectalCaseColumns(facts: Omit<CaseFacts, 'ageYears'> & { ageYears?: number | null }): {
  core: object;
  siteCode: string;
  pathwayId: string;
  pathwayFacts: object;
} {
  const { core, extra } = coreFromRectalFacts({ ...facts, ageYears: null });
  return { core, siteCode: core.primary.siteCode, pathwayId: RECTAL_STAGE_IV_PATHWAY_ID, pathwayFacts: extra };
}
