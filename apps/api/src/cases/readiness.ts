import { readinessChecklist, type Readiness } from '@consilium/db';
import type { CaseWithFacts } from './case-facts.mapper';

export type { Readiness, ReadinessItem } from '@consilium/db';

/** The readiness checklist of a case read with its metastases. */
export function readinessOf(row: Pick<CaseWithFacts, 'mmr' | 'kras' | 'nras' | 'braf' | 'dpd' | 'ecog' | 'metastases' | 'lastImagingDate' | 'questionForBoard'>): Readiness {
  return readinessChecklist({
    ...row,
    metastasisCount: row.metastases.length,
    metastasesWithoutCall: row.metastases.filter((metastasis) => metastasis.resectability === null).length,
  });
}
