/** What a dated colon plan records: the resection and the adjuvant therapy (planned or given). */
import type { IsoDate } from '../core/dates';
import type { ColonRegimenCode } from './codes';

export interface ColonSurgeryEvent {
  readonly id?: string;
  readonly kind: 'surgery';
  readonly date: IsoDate;
}

export interface ColonAdjuvantEvent {
  readonly id?: string;
  readonly kind: 'adjuvant-therapy';
  readonly regimens: readonly ColonRegimenCode[];
  /** The first dose. */
  readonly startDate: IsoDate;
  /** Which fluoropyrimidine FLUOROPYRIMIDINE_6M is (CAPOX is always capecitabine). */
  readonly fluoropyrimidine?: 'capecitabine' | '5-FU';
  readonly status?: 'planned' | 'done';
}

export type ColonTreatmentEvent = ColonSurgeryEvent | ColonAdjuvantEvent;

/** Anchor dates: the resection (T_S) and the first adjuvant dose. */
export interface ColonAnchorDates {
  readonly surgery?: IsoDate;
  readonly firstAdjuvant?: IsoDate;
}

/** How a finding names an event: its id, or `events[<index>]`. */
export function colonEventRef(event: ColonTreatmentEvent, index: number): string {
  return event.id ?? `events[${index}]`;
}

export function colonEventDate(event: ColonTreatmentEvent): IsoDate {
  return event.kind === 'surgery' ? event.date : event.startDate;
}

/** The first resection and the first adjuvant dose (ISO dates compare as strings). */
export function colonAnchorsFromEvents(events: readonly ColonTreatmentEvent[]): ColonAnchorDates {
  let surgery: IsoDate | undefined;
  let firstAdjuvant: IsoDate | undefined;
  for (const event of events) {
    if (event.kind === 'surgery' && (surgery === undefined || event.date < surgery)) surgery = event.date;
    if (event.kind === 'adjuvant-therapy' && (firstAdjuvant === undefined || event.startDate < firstAdjuvant))
      firstAdjuvant = event.startDate;
  }
  return { ...(surgery === undefined ? {} : { surgery }), ...(firstAdjuvant === undefined ? {} : { firstAdjuvant }) };
}
