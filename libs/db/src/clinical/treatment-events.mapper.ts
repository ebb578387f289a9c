import type { TreatmentEvent as TreatmentEventRow } from '@prisma/client';
import type { RecordedTreatmentEvent } from '@consilium/pathway';

const isoDate = (value: Date): string => value.toISOString().slice(0, 10);

/**
 * A stored treatment event as the pathway library reads it (any pathway: each reads its own
 * events from it). Cancelled events are left out by callers.
 */
export function toRecordedEvent(row: TreatmentEventRow): RecordedTreatmentEvent {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status === 'DONE' ? 'DONE' : 'PLANNED',
    startDate: isoDate(row.startDate),
    endDate: row.endDate ? isoDate(row.endDate) : null,
    regimens: row.regimens,
    therapyLine: row.therapyLine,
    surgeryTarget: row.surgeryTarget,
    elective: row.elective,
    woundHealedDate: row.woundHealedDate ? isoDate(row.woundHealedDate) : null,
    procedure: row.procedure,
    evaluation: row.evaluation,
  };
}
