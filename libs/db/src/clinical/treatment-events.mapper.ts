import type { TreatmentEvent as TreatmentEventRow } from '@prisma/client';
import type { SystemicRegimenCode, TreatmentEvent } from '@consilium/pathway';

const isoDate = (value: Date): string => value.toISOString().slice(0, 10);

const SURGERY_TARGETS = { PRIMARY: 'primary', METASTASES: 'metastases', PRIMARY_AND_METASTASES: 'primary-and-metastases' } as const;
const PROCEDURES = { STENT: 'stent', STOMA: 'stoma', FULGURATION: 'fulguration' } as const;
const EVALUATIONS = { RESPONSE: 'response', REEVALUATION: 'reevaluation', IMAGING: 'imaging' } as const;

/** A stored treatment event in the pathway's shape (cancelled events are left out by callers). */
export function toPathwayEvent(row: TreatmentEventRow): TreatmentEvent {
  const base = { id: row.id, status: row.status === 'DONE' ? ('done' as const) : ('planned' as const) };
  switch (row.kind) {
    case 'RADIOTHERAPY': {
      const regimen = row.regimens.find((code) => code === 'SCRT_5X5' || code === 'LCCRT_50GY' || code === 'PALLIATIVE_RT') ?? 'PALLIATIVE_RT';
      return { ...base, kind: 'radiotherapy', regimen, startDate: isoDate(row.startDate), lastFractionDate: isoDate(row.endDate ?? row.startDate) };
    }
    case 'SYSTEMIC_THERAPY':
      return {
        ...base,
        kind: 'systemic-therapy',
        regimens: row.regimens.filter((code) => code !== 'SCRT_5X5' && code !== 'LCCRT_50GY' && code !== 'PALLIATIVE_RT') as SystemicRegimenCode[],
        startDate: isoDate(row.startDate),
        ...(row.therapyLine ? { line: row.therapyLine } : {}),
      };
    case 'BEVACIZUMAB_DOSE':
      return { ...base, kind: 'bevacizumab-dose', date: isoDate(row.startDate) };
    case 'SURGERY':
      return {
        ...base,
        kind: 'surgery',
        target: SURGERY_TARGETS[row.surgeryTarget ?? 'PRIMARY_AND_METASTASES'],
        date: isoDate(row.startDate),
        elective: row.elective ?? true,
        woundHealedDate: row.woundHealedDate ? isoDate(row.woundHealedDate) : null,
      };
    case 'PROCEDURE':
      return { ...base, kind: 'procedure', procedure: PROCEDURES[row.procedure ?? 'STOMA'], date: isoDate(row.startDate) };
    case 'EVALUATION':
      return { ...base, kind: 'evaluation', evaluation: EVALUATIONS[row.evaluation ?? 'IMAGING'], date: isoDate(row.startDate) };
  }
}
