/**
 * The rectal stage IV pathway's readiness checks (beyond core/readiness.ts): the results and
 * calls its branch and regimen choice rest on. Same outcomes as the API's checklist before
 * issue 13 (apps/api/src/cases/readiness.ts), so the API can switch to them.
 */
import type { CaseCore } from '../core/case-core';
import type { ReadinessItem } from '../core/readiness';
import { rectalBiomarkersFrom } from './adapter';

export const RECTAL_READINESS_CODES = [
  'MMR_UNKNOWN',
  'RAS_UNKNOWN',
  'BRAF_UNKNOWN',
  'DPD_UNKNOWN',
  'RESECTABILITY_MISSING',
] as const;
export type RectalReadinessCode = (typeof RECTAL_READINESS_CODES)[number];

/**
 * MMR, extended RAS and BRAF decide the first-line regimen (PATHWAY.md "Regimen rules"; update:
 * KEYNOTE-177, ESMO mCRC 2023, BREAKWATER), DPD gates fluoropyrimidines (EMA 2020), and the
 * resectability call of every metastasis picks the branch (seed § Resectable / Down-Sizing).
 */
export function rectalReadiness(core: CaseCore): ReadinessItem<RectalReadinessCode>[] {
  const { biomarkers } = rectalBiomarkersFrom(core);
  const missing: ReadinessItem<RectalReadinessCode>[] = [];
  if (biomarkers.mmr === 'unknown')
    missing.push({ code: 'MMR_UNKNOWN', field: 'core.biomarkers', message: 'MMR/MSI status is unknown' });
  if (biomarkers.kras === 'unknown' || biomarkers.nras === 'unknown') {
    missing.push({
      code: 'RAS_UNKNOWN',
      field: 'core.biomarkers',
      message: 'extended RAS (KRAS and NRAS) status is unknown',
    });
  }
  if (biomarkers.braf === 'unknown')
    missing.push({ code: 'BRAF_UNKNOWN', field: 'core.biomarkers', message: 'BRAF status is unknown' });
  if (biomarkers.dpd === 'unknown')
    missing.push({ code: 'DPD_UNKNOWN', field: 'core.biomarkers', message: 'DPD status is unknown' });
  if (core.metastases.length === 0 || core.metastases.some((metastasis) => metastasis.resectability === null)) {
    missing.push({
      code: 'RESECTABILITY_MISSING',
      field: 'core.metastases',
      message: 'the resectability call of the metastases is missing',
    });
  }
  return missing;
}
