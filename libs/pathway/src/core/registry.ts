/**
 * The pathway registry: each pathway (rectal stage IV today, colon later) is a self-contained
 * definition; adding one means adding a definition, never touching another pathway's rules.
 */

import type { IsoDate } from './dates';
import type { ValidationResult } from './validation';

/** What every pathway definition exposes to the registry. */
export interface PathwayIdentity {
  readonly id: string;
  readonly version: string;
  readonly title: string;
}

/**
 * The shape every pathway implements (rectal stage IV today; a colon pathway would implement the
 * same with its own facts, plan, events and findings). All functions are pure.
 */
export interface PathwayDefinition<Facts, Plan, Event, Anchors, Milestone, PlanFinding, Options extends { asOf: IsoDate }>
  extends PathwayIdentity {
  validateFacts(input: unknown): ValidationResult<Facts>;
  draftPlan(facts: Facts): Plan;
  anchorsFromEvents(events: readonly Event[]): Anchors;
  scheduleMilestones(plan: Plan, anchors: Anchors): Milestone[];
  validatePlan(facts: Facts, events: readonly Event[], options: Options): PlanFinding[];
  renderPlanSummary(plan: Plan, findings?: readonly PlanFinding[]): string;
}

/** Thrown by the registry for an id it does not hold. */
export class UnknownPathwayError extends Error {
  override readonly name = 'UnknownPathwayError';
  constructor(readonly pathwayId: string) {
    super(`unknown pathway: ${pathwayId}`);
  }
}

/** Thrown when two pathways share an id. */
export class DuplicatePathwayError extends Error {
  override readonly name = 'DuplicatePathwayError';
  constructor(readonly pathwayId: string) {
    super(`pathway registered twice: ${pathwayId}`);
  }
}

export interface PathwayRegistry<P extends PathwayIdentity> {
  /** Every registered pathway, in registration order. */
  list(): readonly P[];
  /** The pathway with this id; throws UnknownPathwayError when there is none. */
  get(id: string): P;
  has(id: string): boolean;
}

/** Builds an immutable registry; rejects duplicate ids. */
export function createPathwayRegistry<P extends PathwayIdentity>(definitions: readonly P[]): PathwayRegistry<P> {
  const byId = new Map<string, P>();
  for (const definition of definitions) {
    if (byId.has(definition.id)) throw new DuplicatePathwayError(definition.id);
    byId.set(definition.id, definition);
  }
  const list = Object.freeze([...definitions]);
  return Object.freeze({
    list: () => list,
    get: (id: string): P => {
      const found = byId.get(id);
      if (found === undefined) throw new UnknownPathwayError(id);
      return found;
    },
    has: (id: string) => byId.has(id),
  });
}
