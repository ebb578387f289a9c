/** The pre-digested view of facts + events that every finding rule reads. */
import type { Citation, Severity } from '../../core/citation';
import { daysBetween, type IsoDate } from '../../core/dates';
import type { Finding } from '../../core/findings';
import type { BranchCode, FindingCode, RegimenCode, SystemicRegimenCode } from '../codes';
import type {
  EvaluationEvent,
  ProcedureEvent,
  RadiotherapyEvent,
  SurgeryEvent,
  SystemicTherapyEvent,
  TreatmentEvent,
} from '../events';
import { compareDates, eventDate, eventRef } from '../events';
import type { CaseFacts } from '../facts';

export type RectalFinding = Finding<FindingCode>;

export interface ValidatePlanOptions {
  /** Today, for rules about what should have happened by now (no clock in this library). */
  asOf: IsoDate;
  /** A recorded reason that silences SYSTEMIC_THERAPY_DELAYED. */
  systemicDelayReason?: string;
  /** Regimens the board has chosen but not dated yet; checked like a systemic event. */
  plannedRegimens?: SystemicRegimenCode[];
  /**
   * Dated events still planned, kept out of `events` when the check reads only what was done
   * (the follow-up after sign-off): only SYSTEMIC_THERAPY_DELAYED reads them, a planned first
   * dose being what answers "is systemic therapy on its way".
   */
  plannedEvents?: readonly TreatmentEvent[];
  /** The branch the board chose; defaults to the draft's primary branch for these facts. */
  branch?: BranchCode;
}

export interface Ref<E> {
  readonly event: E;
  readonly ref: string;
}

/** Something that gives regimens: a systemic event, or the undated planned regimens. */
export interface RegimenSource {
  readonly ref: string;
  readonly regimens: readonly RegimenCode[];
  readonly fluoropyrimidine?: 'capecitabine' | '5-FU';
}

export interface BevacizumabDose {
  readonly date: IsoDate;
  readonly ref: string;
  readonly done: boolean;
}

export interface FindingContext {
  readonly facts: CaseFacts;
  readonly branch: BranchCode;
  readonly branchChosenByBoard: boolean;
  /** null when only facts are evaluated (draft plan). */
  readonly asOf: IsoDate | null;
  readonly systemicDelayReason: string | null;
  readonly radiotherapy: readonly Ref<RadiotherapyEvent>[];
  readonly systemic: readonly Ref<SystemicTherapyEvent>[];
  readonly surgeries: readonly Ref<SurgeryEvent>[];
  readonly procedures: readonly Ref<ProcedureEvent>[];
  readonly evaluations: readonly Ref<EvaluationEvent>[];
  readonly bevacizumabDoses: readonly BevacizumabDose[];
  /** Planned systemic events not yet given, from `plannedEvents`, by date. */
  readonly plannedSystemic: readonly Ref<SystemicTherapyEvent>[];
  /** The proposal names systemic regimens (not dated yet). */
  readonly plansSystemicRegimens: boolean;
  /** Systemic events, then the planned regimens (if any), then radiotherapy (for LCCRT's fluoropyrimidine). */
  readonly regimenSources: readonly RegimenSource[];
}

export interface FindingRule {
  readonly code: FindingCode;
  /** The source the rule rests on (individual findings may cite the exact sentence that applies). */
  readonly citation: Citation;
  /** `facts`: visible from the facts alone, so the draft plan shows it too. */
  readonly scope: 'facts' | 'plan';
  evaluate(context: FindingContext): RectalFinding[];
}

/** Builds a finding (all rules use it so every finding has the same shape). */
export function finding(
  code: FindingCode,
  severity: Severity,
  message: string,
  citation: Citation,
  eventIds: readonly string[] = [],
  dayCounts: Record<string, number> = {},
): RectalFinding {
  return { code, severity, message, citation, eventIds, dayCounts };
}

function byDate<E extends TreatmentEvent>(items: Ref<E>[]): Ref<E>[] {
  return items.sort((a, b) => compareDates(eventDate(a.event), eventDate(b.event)));
}

/** Builds the context; events are sorted by date (stable, so equal dates keep input order). */
export function buildFindingContext(
  facts: CaseFacts,
  events: readonly TreatmentEvent[],
  branch: BranchCode,
  options: {
    asOf: IsoDate | null;
    systemicDelayReason?: string;
    plannedRegimens?: readonly SystemicRegimenCode[];
    plannedEvents?: readonly TreatmentEvent[];
    branchChosenByBoard: boolean;
  },
): FindingContext {
  const radiotherapy: Ref<RadiotherapyEvent>[] = [];
  const systemic: Ref<SystemicTherapyEvent>[] = [];
  const surgeries: Ref<SurgeryEvent>[] = [];
  const procedures: Ref<ProcedureEvent>[] = [];
  const evaluations: Ref<EvaluationEvent>[] = [];
  const bevacizumabDoses: BevacizumabDose[] = [];
  events.forEach((event, index) => {
    const ref = eventRef(event, index);
    switch (event.kind) {
      case 'radiotherapy':
        radiotherapy.push({ event, ref });
        break;
      case 'systemic-therapy':
        systemic.push({ event, ref });
        if (event.regimens.includes('BEVACIZUMAB'))
          bevacizumabDoses.push({ date: event.startDate, ref, done: event.status === 'done' });
        break;
      case 'bevacizumab-dose':
        bevacizumabDoses.push({ date: event.date, ref, done: event.status === 'done' });
        break;
      case 'surgery':
        surgeries.push({ event, ref });
        break;
      case 'procedure':
        procedures.push({ event, ref });
        break;
      case 'evaluation':
        evaluations.push({ event, ref });
        break;
    }
  });
  byDate(radiotherapy);
  byDate(systemic);
  byDate(surgeries);
  byDate(procedures);
  byDate(evaluations);
  bevacizumabDoses.sort((a, b) => compareDates(a.date, b.date));
  const regimenSources: RegimenSource[] = systemic.map(({ event, ref }) => ({
    ref,
    regimens: event.regimens,
    ...(event.fluoropyrimidine === undefined ? {} : { fluoropyrimidine: event.fluoropyrimidine }),
  }));
  if (options.plannedRegimens !== undefined && options.plannedRegimens.length > 0) {
    regimenSources.push({ ref: 'plannedRegimens', regimens: options.plannedRegimens });
  }
  for (const { event, ref } of radiotherapy) {
    if (event.regimen === 'LCCRT_50GY') {
      regimenSources.push({
        ref,
        regimens: ['LCCRT_50GY'],
        ...(event.fluoropyrimidine === undefined ? {} : { fluoropyrimidine: event.fluoropyrimidine }),
      });
    }
  }
  const plannedSystemic = byDate(
    (options.plannedEvents ?? []).flatMap((event, index) =>
      event.kind === 'systemic-therapy' ? [{ event, ref: eventRef(event, index) }] : [],
    ),
  );
  const reason = options.systemicDelayReason?.trim();
  return {
    facts,
    branch,
    branchChosenByBoard: options.branchChosenByBoard,
    asOf: options.asOf,
    systemicDelayReason: reason === undefined || reason === '' ? null : reason,
    radiotherapy,
    systemic,
    surgeries,
    procedures,
    evaluations,
    bevacizumabDoses,
    plannedSystemic,
    plansSystemicRegimens: (options.plannedRegimens ?? []).length > 0,
    regimenSources,
  };
}

/** The first SCRT 5x5 course, if any. */
export function firstScrt(context: FindingContext): Ref<RadiotherapyEvent> | undefined {
  return context.radiotherapy.find((r) => r.event.regimen === 'SCRT_5X5');
}

/** The first systemic event of any kind, if any. */
export function firstSystemic(context: FindingContext): Ref<SystemicTherapyEvent> | undefined {
  return context.systemic[0];
}

/**
 * The sequence the dated plan follows: 'rt-first' when SCRT 5x5 starts before (or without)
 * systemic therapy, 'chemo-first' when systemic therapy starts first, null when neither exists.
 */
export function sequence(context: FindingContext): 'rt-first' | 'chemo-first' | null {
  const scrt = firstScrt(context);
  const systemic = firstSystemic(context);
  if (scrt === undefined) return systemic === undefined ? null : 'chemo-first';
  if (systemic === undefined) return 'rt-first';
  return systemic.event.startDate < eventDate(scrt.event) ? 'chemo-first' : 'rt-first';
}

/** Calendar days from `from` to `to`. */
export function days(from: IsoDate, to: IsoDate): number {
  return daysBetween(from, to);
}

/** True when `regimens` contains any of `wanted`. */
export function hasAny(regimens: readonly RegimenCode[], wanted: readonly RegimenCode[]): boolean {
  return regimens.some((regimen) => wanted.includes(regimen));
}
