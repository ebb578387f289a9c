/**
 * Treatment events as the platform records them, whatever the pathway (the API's rows with ISO
 * dates), and their reading by each pathway: the rectal stage IV events, the colon events, and
 * the anchors of a board-authored plan. Cancelled events are left out by the caller.
 */
import type { BoardPlanAnchor } from '../core/board-plan';
import type { IsoDate } from '../core/dates';
import { COLON_REGIMEN_CODES, type ColonRegimenCode } from '../colon-stage-i-iii/codes';
import type { ColonTreatmentEvent } from '../colon-stage-i-iii/events';
import { RADIOTHERAPY_CODES, SYSTEMIC_REGIMEN_CODES, type SystemicRegimenCode } from '../rectal-stage-iv/codes';
import type { TreatmentEvent } from '../rectal-stage-iv/events';

export const RECORDED_EVENT_KINDS = [
  'RADIOTHERAPY',
  'SYSTEMIC_THERAPY',
  'BEVACIZUMAB_DOSE',
  'SURGERY',
  'PROCEDURE',
  'EVALUATION',
] as const;
export type RecordedEventKind = (typeof RECORDED_EVENT_KINDS)[number];

export interface RecordedTreatmentEvent {
  readonly id: string;
  readonly kind: RecordedEventKind;
  readonly status: 'PLANNED' | 'DONE';
  readonly startDate: IsoDate;
  readonly endDate: IsoDate | null;
  /** Regimen codes of any pathway (rectal, colon) or of the board's list. */
  readonly regimens: readonly string[];
  readonly therapyLine: number | null;
  readonly surgeryTarget: 'PRIMARY' | 'METASTASES' | 'PRIMARY_AND_METASTASES' | null;
  readonly elective: boolean | null;
  readonly woundHealedDate: IsoDate | null;
  readonly procedure: 'STENT' | 'STOMA' | 'FULGURATION' | null;
  readonly evaluation: 'RESPONSE' | 'REEVALUATION' | 'IMAGING' | null;
}

const SURGERY_TARGETS = {
  PRIMARY: 'primary',
  METASTASES: 'metastases',
  PRIMARY_AND_METASTASES: 'primary-and-metastases',
} as const;
const PROCEDURES = { STENT: 'stent', STOMA: 'stoma', FULGURATION: 'fulguration' } as const;
const EVALUATIONS = { RESPONSE: 'response', REEVALUATION: 'reevaluation', IMAGING: 'imaging' } as const;
const RADIOTHERAPY: readonly string[] = RADIOTHERAPY_CODES;
const SYSTEMIC: readonly string[] = SYSTEMIC_REGIMEN_CODES;
const COLON: readonly string[] = COLON_REGIMEN_CODES;

/** A recorded event as the rectal stage IV rules read it (PATHWAY.md "Dated events"). */
export function rectalEventFrom(event: RecordedTreatmentEvent): TreatmentEvent {
  const base = { id: event.id, status: event.status === 'DONE' ? ('done' as const) : ('planned' as const) };
  switch (event.kind) {
    case 'RADIOTHERAPY': {
      const regimen = (event.regimens.find((code) => RADIOTHERAPY.includes(code)) ?? 'PALLIATIVE_RT') as
        'SCRT_5X5' | 'LCCRT_50GY' | 'PALLIATIVE_RT';
      return {
        ...base,
        kind: 'radiotherapy',
        regimen,
        startDate: event.startDate,
        lastFractionDate: event.endDate ?? event.startDate,
      };
    }
    case 'SYSTEMIC_THERAPY':
      return {
        ...base,
        kind: 'systemic-therapy',
        regimens: event.regimens.filter((code) => SYSTEMIC.includes(code)) as SystemicRegimenCode[],
        startDate: event.startDate,
        ...(event.therapyLine ? { line: event.therapyLine } : {}),
      };
    case 'BEVACIZUMAB_DOSE':
      return { ...base, kind: 'bevacizumab-dose', date: event.startDate };
    case 'SURGERY':
      return {
        ...base,
        kind: 'surgery',
        target: SURGERY_TARGETS[event.surgeryTarget ?? 'PRIMARY_AND_METASTASES'],
        date: event.startDate,
        elective: event.elective ?? true,
        woundHealedDate: event.woundHealedDate,
      };
    case 'PROCEDURE':
      return { ...base, kind: 'procedure', procedure: PROCEDURES[event.procedure ?? 'STOMA'], date: event.startDate };
    case 'EVALUATION':
      return {
        ...base,
        kind: 'evaluation',
        evaluation: EVALUATIONS[event.evaluation ?? 'IMAGING'],
        date: event.startDate,
      };
  }
}

/**
 * The recorded events the colon rules read (PATHWAY-COLON.md): a resection of the primary is
 * the surgery (T_S); systemic therapy is adjuvant therapy with its colon regimen codes. Other
 * events (radiotherapy, procedures, evaluations) are not part of that pathway's rules.
 */
export function colonEventsFrom(events: readonly RecordedTreatmentEvent[]): ColonTreatmentEvent[] {
  const out: ColonTreatmentEvent[] = [];
  for (const event of events) {
    if (event.kind === 'SURGERY' && event.surgeryTarget !== 'METASTASES')
      out.push({ id: event.id, kind: 'surgery', date: event.startDate });
    if (event.kind === 'SYSTEMIC_THERAPY') {
      out.push({
        id: event.id,
        kind: 'adjuvant-therapy',
        regimens: event.regimens.filter((code) => COLON.includes(code)) as ColonRegimenCode[],
        startDate: event.startDate,
        status: event.status === 'DONE' ? 'done' : 'planned',
      });
    }
  }
  return out;
}

const TREATMENT_KINDS: readonly RecordedEventKind[] = [
  'RADIOTHERAPY',
  'SYSTEMIC_THERAPY',
  'SURGERY',
  'BEVACIZUMAB_DOSE',
];

/**
 * The dates a board-authored plan's milestones count from: the decision (the meeting's day), the
 * first treatment (any surgery, radiotherapy or systemic therapy, planned or done), the first
 * surgery, and the end of treatment (the latest end or start date of a treatment event done).
 */
export function boardPlanAnchorsFrom(
  events: readonly RecordedTreatmentEvent[],
  decision: IsoDate,
): Partial<Record<BoardPlanAnchor, IsoDate>> {
  const first = (dates: IsoDate[]): IsoDate | undefined => dates.sort()[0];
  const treatment = events.filter((event) => TREATMENT_KINDS.includes(event.kind));
  const treatmentStart = first(treatment.map((event) => event.startDate));
  const surgery = first(events.filter((event) => event.kind === 'SURGERY').map((event) => event.startDate));
  const ends = treatment
    .filter((event) => event.status === 'DONE')
    .map((event) => event.endDate ?? event.startDate)
    .sort();
  const treatmentEnd = ends[ends.length - 1];
  return {
    decision,
    ...(treatmentStart === undefined ? {} : { treatmentStart }),
    ...(surgery === undefined ? {} : { surgery }),
    ...(treatmentEnd === undefined ? {} : { treatmentEnd }),
  };
}
