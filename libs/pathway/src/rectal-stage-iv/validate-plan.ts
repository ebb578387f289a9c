/** Validating a concrete, dated plan against the pathway's finding rules. */
import { InvalidIsoDateError, isIsoDate } from '../core/dates';
import { selectBranches } from './branches';
import type { TreatmentEvent } from './events';
import { eventDate } from './events';
import type { CaseFacts } from './facts';
import { buildFindingContext, runFindingRules, type RectalFinding, type ValidatePlanOptions } from './findings';

function checkDates(events: readonly TreatmentEvent[], asOf: string): void {
  if (!isIsoDate(asOf)) throw new InvalidIsoDateError(asOf);
  for (const event of events) {
    const dates = [eventDate(event)];
    if (event.kind === 'radiotherapy') dates.push(event.lastFractionDate);
    if (event.kind === 'surgery' && event.woundHealedDate !== undefined && event.woundHealedDate !== null)
      dates.push(event.woundHealedDate);
    for (const date of dates) if (!isIsoDate(date)) throw new InvalidIsoDateError(date);
  }
}

/**
 * Every finding of PATHWAY.md's table that applies to these facts and dated events, blocks
 * first, each with severity, citation, triggering event ids and day counts. `asOf` stands in for
 * today (no clock). Throws InvalidIsoDateError on a malformed date.
 */
export function validatePlan(
  facts: CaseFacts,
  events: readonly TreatmentEvent[],
  options: ValidatePlanOptions,
): RectalFinding[] {
  checkDates([...events, ...(options.plannedEvents ?? [])], options.asOf);
  const branch = options.branch ?? selectBranches(facts).primary.code;
  const context = buildFindingContext(facts, events, branch, {
    asOf: options.asOf,
    ...(options.systemicDelayReason === undefined ? {} : { systemicDelayReason: options.systemicDelayReason }),
    ...(options.plannedRegimens === undefined ? {} : { plannedRegimens: options.plannedRegimens }),
    ...(options.plannedEvents === undefined ? {} : { plannedEvents: options.plannedEvents }),
    branchChosenByBoard: options.branch !== undefined,
  });
  return runFindingRules(context, 'all');
}
