/**
 * Colorectal biomarker statuses read from the case core's result list, for both colorectal
 * pathways (latest result per marker; not tested = 'unknown').
 */
import { latestBiomarker, type BiomarkerResult, type CaseCore } from '../core/case-core';
import type { FactProblem } from '../core/validation';
import type { DpdTestStatus } from './fluoropyrimidine-rules';

export type MmrTestStatus = 'pMMR' | 'dMMR' | 'unknown';

/** The core field of a marker's entry (`biomarkers[2]`), or `biomarkers` when not tested. */
export function markerField(core: CaseCore, entry: BiomarkerResult | undefined): string {
  return entry === undefined ? 'biomarkers' : `biomarkers[${core.biomarkers.indexOf(entry)}]`;
}

/**
 * MMR from the MMR IHC or the MSI result (MSS/MSI-L = pMMR, MSI-H = dMMR); disagreeing results
 * are a problem on the MSI entry. Source: ESMO 2020 / ESMO mCRC 2023 (IHC and MSI are equivalent).
 */
export function mmrStatusFrom(core: CaseCore): { mmr: MmrTestStatus; problems: FactProblem[] } {
  const mmr = latestBiomarker(core, 'MMR');
  const msi = latestBiomarker(core, 'MSI');
  const fromMmr: MmrTestStatus = mmr?.result === 'pMMR' || mmr?.result === 'dMMR' ? mmr.result : 'unknown';
  const fromMsi: MmrTestStatus = msi === undefined ? 'unknown' : msi.result === 'MSI-H' ? 'dMMR' : 'pMMR';
  const problems: FactProblem[] = [];
  if (fromMmr !== 'unknown' && fromMsi !== 'unknown' && fromMmr !== fromMsi) {
    problems.push({
      field: markerField(core, msi),
      message: `MMR (${fromMmr}) and MSI (${msi?.result ?? ''}) results disagree`,
    });
  }
  return { mmr: fromMmr !== 'unknown' ? fromMmr : fromMsi, problems };
}

/** DPD (DPYD) status from the latest DPD result. Source: EMA DPD testing recommendation 2020. */
export function dpdStatusFrom(core: CaseCore): DpdTestStatus {
  const dpd = latestBiomarker(core, 'DPD')?.result;
  return dpd === 'normal' || dpd === 'partial-deficiency' || dpd === 'complete-deficiency' ? dpd : 'unknown';
}
