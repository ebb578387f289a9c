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

/** What the checklist looks at: the case's columns, with its metastases counted. */
export interface ReadinessInput {
  readonly mmr: string;
  readonly kras: string;
  readonly nras: string;
  readonly braf: string;
  readonly dpd: string;
  readonly ecog: number | null;
  readonly metastasisCount: number;
  /** Metastasis sites without the board's resectability call. */
  readonly metastasesWithoutCall: number;
  readonly lastImagingDate: unknown;
  readonly questionForBoard: string | null;
}

/**
 * What the coordinator must chase before the meeting (the API's checklist and the worker's
 * pre-meeting digest both use it). MMR, extended RAS and BRAF decide the first-line regimen
 * (PATHWAY.md), DPD gates fluoropyrimidines (EMA 2020), ECOG and the resectability call pick the
 * branch; imaging and a clear question make the discussion possible.
 */
export function readinessChecklist(input: ReadinessInput): Readiness {
  const missing: ReadinessItem[] = [];
  if (input.mmr === 'UNKNOWN') missing.push({ code: 'MMR_UNKNOWN', field: 'facts.biomarkers.mmr', message: 'MMR/MSI status is unknown' });
  if (input.kras === 'UNKNOWN' || input.nras === 'UNKNOWN') missing.push({ code: 'RAS_UNKNOWN', field: 'facts.biomarkers.kras', message: 'extended RAS (KRAS and NRAS) status is unknown' });
  if (input.braf === 'UNKNOWN') missing.push({ code: 'BRAF_UNKNOWN', field: 'facts.biomarkers.braf', message: 'BRAF status is unknown' });
  if (input.dpd === 'UNKNOWN') missing.push({ code: 'DPD_UNKNOWN', field: 'facts.biomarkers.dpd', message: 'DPD status is unknown' });
  if (input.ecog === null) missing.push({ code: 'ECOG_MISSING', field: 'facts.ecog', message: 'ECOG performance status is missing' });
  if (input.metastasisCount === 0 || input.metastasesWithoutCall > 0) {
    missing.push({ code: 'RESECTABILITY_MISSING', field: 'facts.metastases', message: 'the resectability call of the metastases is missing' });
  }
  if (!input.lastImagingDate) missing.push({ code: 'IMAGING_DATE_MISSING', field: 'lastImagingDate', message: 'no staging imaging date' });
  if (!input.questionForBoard?.trim()) missing.push({ code: 'QUESTION_MISSING', field: 'questionForBoard', message: 'no question for the board' });
  return { ready: missing.length === 0, missing };
}
