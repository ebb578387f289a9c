/**
 * Dated treatment events (planned or done) that a concrete plan is made of, and the anchor
 * dates milestones are counted from.
 */
import type { IsoDate } from '../core/dates';
import { IMMUNOTHERAPY_CODES, type SystemicRegimenCode } from './codes';

export type EventStatus = 'planned' | 'done';

interface EventBase {
  /** Referenced by findings; events without an id are referenced as `events[<index>]`. */
  id?: string;
  status?: EventStatus;
}

export interface RadiotherapyEvent extends EventBase {
  kind: 'radiotherapy';
  regimen: 'SCRT_5X5' | 'LCCRT_50GY' | 'PALLIATIVE_RT';
  startDate?: IsoDate;
  lastFractionDate: IsoDate;
  /** For LCCRT: the concurrent fluoropyrimidine. */
  fluoropyrimidine?: 'capecitabine' | '5-FU';
}

export interface SystemicTherapyEvent extends EventBase {
  kind: 'systemic-therapy';
  regimens: SystemicRegimenCode[];
  startDate: IsoDate;
  line?: number;
  /** For FLUOROPYRIMIDINE: which one (CAPOX is always capecitabine). */
  fluoropyrimidine?: 'capecitabine' | '5-FU';
}

export interface BevacizumabDoseEvent extends EventBase {
  kind: 'bevacizumab-dose';
  date: IsoDate;
}

export interface SurgeryEvent extends EventBase {
  kind: 'surgery';
  target: 'primary' | 'metastases' | 'primary-and-metastases';
  date: IsoDate;
  elective: boolean;
  woundHealedDate?: IsoDate | null;
}

export interface ProcedureEvent extends EventBase {
  kind: 'procedure';
  procedure: 'stent' | 'stoma' | 'fulguration';
  date: IsoDate;
}

export interface EvaluationEvent extends EventBase {
  kind: 'evaluation';
  evaluation: 'response' | 'reevaluation' | 'imaging';
  date: IsoDate;
}

export type TreatmentEvent =
  RadiotherapyEvent | SystemicTherapyEvent | BevacizumabDoseEvent | SurgeryEvent | ProcedureEvent | EvaluationEvent;

/** The anchor dates known so far. */
export interface AnchorDates {
  lastRadiotherapyFraction?: IsoDate;
  firstChemotherapy?: IsoDate;
  firstImmunotherapy?: IsoDate;
  plannedSurgery?: IsoDate;
  bevacizumabDoses?: IsoDate[];
  woundHealed?: IsoDate;
}

/** The date an event happens on (radiotherapy: its start, else its last fraction). */
export function eventDate(event: TreatmentEvent): IsoDate {
  switch (event.kind) {
    case 'radiotherapy':
      return event.startDate ?? event.lastFractionDate;
    case 'systemic-therapy':
      return event.startDate;
    case 'bevacizumab-dose':
    case 'surgery':
    case 'procedure':
    case 'evaluation':
      return event.date;
  }
}

/** An event's reference in findings. */
export function eventRef(event: TreatmentEvent, index: number): string {
  return event.id ?? `events[${index}]`;
}

/** A systemic event containing a checkpoint inhibitor. */
export function isImmunotherapy(event: SystemicTherapyEvent): boolean {
  return event.regimens.some((regimen) => (IMMUNOTHERAPY_CODES as readonly string[]).includes(regimen));
}

/** A systemic event that contains anything other than a checkpoint inhibitor (chemotherapy and/or biologic). */
export function isChemotherapy(event: SystemicTherapyEvent): boolean {
  return event.regimens.some((regimen) => !(IMMUNOTHERAPY_CODES as readonly string[]).includes(regimen));
}

/** Orders ISO dates (string order is date order). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Derives the anchor dates from events: last fraction of the first SCRT 5x5 course, first
 * chemotherapy and first immunotherapy day, first elective surgery (and its wound-healed date),
 * every bevacizumab dose (dose events and the start of lines containing bevacizumab), sorted.
 */
export function anchorsFromEvents(events: readonly TreatmentEvent[]): AnchorDates {
  let firstScrt: RadiotherapyEvent | undefined;
  let firstChemotherapy: IsoDate | undefined;
  let firstImmunotherapy: IsoDate | undefined;
  let surgery: SurgeryEvent | undefined;
  const doses: IsoDate[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'radiotherapy':
        if (event.regimen === 'SCRT_5X5' && (firstScrt === undefined || eventDate(event) < eventDate(firstScrt)))
          firstScrt = event;
        break;
      case 'systemic-therapy':
        if (isChemotherapy(event) && (firstChemotherapy === undefined || event.startDate < firstChemotherapy))
          firstChemotherapy = event.startDate;
        if (isImmunotherapy(event) && (firstImmunotherapy === undefined || event.startDate < firstImmunotherapy))
          firstImmunotherapy = event.startDate;
        if (event.regimens.includes('BEVACIZUMAB')) doses.push(event.startDate);
        break;
      case 'bevacizumab-dose':
        doses.push(event.date);
        break;
      case 'surgery':
        if (event.elective && (surgery === undefined || event.date < surgery.date)) surgery = event;
        break;
      case 'procedure':
      case 'evaluation':
        break;
    }
  }
  const anchors: AnchorDates = {};
  if (firstScrt !== undefined) anchors.lastRadiotherapyFraction = firstScrt.lastFractionDate;
  if (firstChemotherapy !== undefined) anchors.firstChemotherapy = firstChemotherapy;
  if (firstImmunotherapy !== undefined) anchors.firstImmunotherapy = firstImmunotherapy;
  if (surgery !== undefined) {
    anchors.plannedSurgery = surgery.date;
    if (surgery.woundHealedDate !== undefined && surgery.woundHealedDate !== null)
      anchors.woundHealed = surgery.woundHealedDate;
  }
  if (doses.length > 0) {
    doses.sort();
    anchors.bevacizumabDoses = doses.filter((date, index) => index === 0 || date !== doses[index - 1]);
  }
  return anchors;
}
