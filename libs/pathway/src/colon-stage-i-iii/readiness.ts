/**
 * The colon pathway's readiness checks (beyond core/readiness.ts): what its branch, regimen and
 * follow-up choices rest on.
 */
import type { CaseCore } from '../core/case-core';
import type { ReadinessItem } from '../core/readiness';
import { dpdStatusFrom, mmrStatusFrom } from '../shared-rules/biomarkers';
import type { ColonReadinessCode } from './codes';
import type { ColonExtraFacts } from './extra-facts';

/**
 * pTNM and nodes examined set the stage and risk (ESMO 2020); MMR decides stage II (Sargent 2010);
 * DPD gates fluoropyrimidines (EMA 2020); T_S dates every milestone; CEA is a risk feature;
 * whether the colon was fully seen sets the colonoscopy date.
 */
export function colonReadiness(core: CaseCore, extra: ColonExtraFacts): ReadinessItem<ColonReadinessCode>[] {
  const missing: ReadinessItem<ColonReadinessCode>[] = [];
  const add = (code: ColonReadinessCode, field: string, message: string): void =>
    void missing.push({ code, field, message });
  if (core.staging.pathological === null)
    add('PATHOLOGICAL_STAGE_MISSING', 'core.staging.pathological', 'pathological TNM (pTNM) is missing');
  if (extra.lymphNodesExamined === null)
    add('NODES_EXAMINED_MISSING', 'pathwayFacts.lymphNodesExamined', 'the number of lymph nodes examined is missing');
  if (mmrStatusFrom(core).mmr === 'unknown') add('MMR_UNKNOWN', 'core.biomarkers', 'MMR/MSI status is unknown');
  if (dpdStatusFrom(core) === 'unknown') add('DPD_UNKNOWN', 'core.biomarkers', 'DPD status is unknown');
  if (extra.surgeryDate === null)
    add('SURGERY_DATE_MISSING', 'pathwayFacts.surgeryDate', 'the surgery date is missing');
  if (extra.preoperativeCeaNgMl === null)
    add('CEA_MISSING', 'pathwayFacts.preoperativeCeaNgMl', 'the pre-operative CEA is missing');
  if (extra.colonFullyVisualisedPreoperatively === null) {
    add(
      'COLONOSCOPY_COMPLETENESS_MISSING',
      'pathwayFacts.colonFullyVisualisedPreoperatively',
      'whether the whole colon was seen before surgery is not recorded',
    );
  }
  return missing;
}
