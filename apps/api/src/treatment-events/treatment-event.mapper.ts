import type { TreatmentEvent } from '@prisma/client';
import type { TreatmentEventViewDto } from './dto/treatment-event.dto';

/** A treatment event as the API shows it: dates as YYYY-MM-DD. */
export function toTreatmentEventView(row: TreatmentEvent): TreatmentEventViewDto {
  const day = (date: Date): string => date.toISOString().slice(0, 10);
  return {
    ...row,
    startDate: day(row.startDate),
    endDate: row.endDate ? day(row.endDate) : null,
    woundHealedDate: row.woundHealedDate ? day(row.woundHealedDate) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
