import type { CaseWithFacts } from './case-facts.mapper';

/** One thing the board will need that the case is missing. */
export interface ReadinessItem {
  readonly code:
    | 'MMR_UNKNOWN'
    | 'RAS_UNKNOWN'
    | 'BRAF_UNKNOWN'
    | 'DPD_UNKNOWN'
    | 'ECOG_MISSING'
    | 'RESECTABILITY_MISSING'
    | 'IMAGING_DATE_MISSING'
    | 'QUESTION_MISSING';
  readonly field: string;
  readonly message: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly missing: readonly ReadinessItem[];
}

/**
 * What the coordinator must chase before the meeting. MMR, extended RAS and BRAF decide the
 * first-line regimen (PATHWAY.md), DPD gates fluoropyrimidines (EMA 2020), ECOG and the
 * resectability call pick the branch; imaging and a clear question make the discussion possible.
 */
export function readinessOf(row: Pick<CaseWithFacts, 'mmr' | 'kras' | 'nras' | 'braf' | 'dpd' | 'ecog' | 'metastases' | 'lastImagingDate' | 'questionForBoard'>): Readiness {
  const missing: ReadinessItem[] = [];
  if (row.mmr === 'UNKNOWN') missing.push({ code: 'MMR_UNKNOWN', field: 'facts.biomarkers.mmr', message: 'MMR/MSI status is unknown' });
  if (row.kras === 'UNKNOWN' || row.nras === 'UNKNOWN') missing.push({ code: 'RAS_UNKNOWN', field: 'facts.biomarkers.kras', message: 'extended RAS (KRAS and NRAS) status is unknown' });
  if (row.braf === 'UNKNOWN') missing.push({ code: 'BRAF_UNKNOWN', field: 'facts.biomarkers.braf', message: 'BRAF status is unknown' });
  if (row.dpd === 'UNKNOWN') missing.push({ code: 'DPD_UNKNOWN', field: 'facts.biomarkers.dpd', message: 'DPD status is unknown' });
  if (row.ecog === null) missing.push({ code: 'ECOG_MISSING', field: 'facts.ecog', message: 'ECOG performance status is missing' });
  if (row.metastases.length === 0 || row.metastases.some((metastasis) => metastasis.resectability === null)) {
    missing.push({ code: 'RESECTABILITY_MISSING', field: 'facts.metastases', message: 'the resectability call of the metastases is missing' });
  }
  if (!row.lastImagingDate) missing.push({ code: 'IMAGING_DATE_MISSING', field: 'lastImagingDate', message: 'no staging imaging date' });
  if (!row.questionForBoard?.trim()) missing.push({ code: 'QUESTION_MISSING', field: 'questionForBoard', message: 'no question for the board' });
  return { ready: missing.length === 0, missing };
}
