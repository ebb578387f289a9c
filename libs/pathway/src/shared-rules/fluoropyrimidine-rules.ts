/**
 * Finding rules both colorectal pathways apply (rectal stage IV, colon stage I-III): ONE
 * implementation each, fed by the pathway with what a plan gives (`DrugSource`). The pathway
 * decides which of its regimen codes contain a fluoropyrimidine or capecitabine; the rule decides
 * when that is unsafe and cites why.
 */
import type { Citation } from '../core/citation';
import type { Finding } from '../core/findings';

/** DPD (DPYD) status as the pathways record it; 'unknown' = not tested. */
export type DpdTestStatus = 'normal' | 'partial-deficiency' | 'complete-deficiency' | 'unknown';

/** Something a plan gives (an event or the undated planned regimens), with what it contains. */
export interface DrugSource {
  /** The event id (or `events[<index>]`, `plannedRegimens`) the finding names. */
  readonly ref: string;
  readonly fluoropyrimidine: boolean;
  readonly capecitabine: boolean;
}

export const SHARED_CITATIONS = {
  DPD_TESTING: Object.freeze({
    kind: 'update',
    source: 'EMA DPD testing recommendation (30 April 2020)',
    section: 'test DPD before fluoropyrimidines; contraindicated in complete deficiency',
  }),
  CAPECITABINE_RENAL: Object.freeze({
    kind: 'update',
    source: 'capecitabine label',
    section: 'contraindicated with creatinine clearance < 30 mL/min',
  }),
} as const satisfies Record<string, Citation>;

/** Creatinine clearance below which capecitabine is contraindicated (mL/min; capecitabine label). */
export const CAPECITABINE_MIN_CRCL_ML_MIN = 30;

/**
 * FLUOROPYRIMIDINE_WITHOUT_DPD (block): a fluoropyrimidine (5-FU or capecitabine) with DPD
 * unknown or complete deficiency, one finding per source. Source: EMA DPD testing
 * recommendation, 30 April 2020.
 */
export function fluoropyrimidineWithoutDpd(
  dpd: DpdTestStatus,
  sources: readonly DrugSource[],
): Finding<'FLUOROPYRIMIDINE_WITHOUT_DPD'>[] {
  if (dpd !== 'unknown' && dpd !== 'complete-deficiency') return [];
  const why = dpd === 'unknown' ? 'DPD status is unknown' : 'the patient has complete DPD deficiency';
  return sources
    .filter((source) => source.fluoropyrimidine)
    .map((source) => ({
      code: 'FLUOROPYRIMIDINE_WITHOUT_DPD',
      severity: 'block',
      message: `Fluoropyrimidine planned but ${why}.`,
      citation: SHARED_CITATIONS.DPD_TESTING,
      eventIds: [source.ref],
      dayCounts: {},
    }));
}

/**
 * CAPECITABINE_LOW_CRCL (warn): capecitabine with creatinine clearance < 30 mL/min, one finding
 * per source. Source: capecitabine label.
 */
export function capecitabineLowCrcl(
  crclMlMin: number | null,
  sources: readonly DrugSource[],
): Finding<'CAPECITABINE_LOW_CRCL'>[] {
  if (crclMlMin === null || crclMlMin >= CAPECITABINE_MIN_CRCL_ML_MIN) return [];
  return sources
    .filter((source) => source.capecitabine)
    .map((source) => ({
      code: 'CAPECITABINE_LOW_CRCL',
      severity: 'warn',
      message: `Capecitabine planned with creatinine clearance ${crclMlMin} mL/min (< ${CAPECITABINE_MIN_CRCL_ML_MIN}).`,
      citation: SHARED_CITATIONS.CAPECITABINE_RENAL,
      eventIds: [source.ref],
      dayCounts: {},
    }));
}
