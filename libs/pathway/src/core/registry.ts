/**
 * The pathway registry: each pathway (rectal stage IV today, colon later) is a self-contained
 * definition; adding one means adding a definition, never touching another pathway's rules.
 */

import type { CaseCore } from './case-core';
import type { IsoDate } from './dates';
import type { ReadinessItem } from './readiness';
import { prefixProblems, type FactProblem, type ValidationResult } from './validation';

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
export interface PathwayDefinition<
  Facts,
  Plan,
  Event,
  Anchors,
  Milestone,
  PlanFinding,
  Options extends { asOf: IsoDate },
> extends PathwayIdentity {
  validateFacts(input: unknown): ValidationResult<Facts>;
  draftPlan(facts: Facts): Plan;
  anchorsFromEvents(events: readonly Event[]): Anchors;
  scheduleMilestones(plan: Plan, anchors: Anchors): Milestone[];
  validatePlan(facts: Facts, events: readonly Event[], options: Options): PlanFinding[];
  renderPlanSummary(plan: Plan, findings?: readonly PlanFinding[]): string;
}

/** Whether a pathway applies to a case, and if not, why (shown to the coordinator). */
export type Applicability = { readonly applies: true } | { readonly applies: false; readonly reason: string };

/** What a draft records about the pathway that drafted it. */
export interface PathwayRef {
  readonly id: string;
  readonly version: string;
}

/**
 * A pathway as a plug-in over the case core: it says when it applies, validates the facts it
 * needs beyond the core (its "extra facts"), builds its own facts from core + extra, and adds
 * its readiness checks. `Extra` is the pathway's member of the intake's discriminated union.
 */
export interface PathwayPlugin<
  Extra,
  Facts,
  Plan,
  Event,
  Anchors,
  Milestone,
  PlanFinding,
  Options extends { asOf: IsoDate },
  ReadinessCode extends string = string,
> extends PathwayDefinition<Facts, Plan, Event, Anchors, Milestone, PlanFinding, Options> {
  /** Decides from site, histology and stage alone; never throws. */
  applies(core: CaseCore): Applicability;
  /** The extra fact names (the pathway's intake fields besides the core). */
  readonly extraFactFields: readonly string[];
  /** Validates the extra facts; problems name fields relative to the extra-facts object. */
  validateExtraFacts(input: unknown): ValidationResult<Extra>;
  /** The pathway's facts from a valid core and extra facts; problems name core fields the pathway cannot use. */
  factsFrom(core: CaseCore, extra: Extra): ValidationResult<Facts>;
  /** What this pathway needs before the meeting, beyond the common checks (core/readiness.ts). */
  readiness(core: CaseCore, extra: Extra): ReadinessItem<ReadinessCode>[];
}

/** Any plug-in, its type parameters erased (what a registry of several pathways holds). */
export type AnyPathwayPlugin = PathwayPlugin<
  unknown,
  unknown,
  unknown,
  unknown,
  unknown,
  unknown,
  unknown,
  { asOf: IsoDate }
>;

/** Applicable and non-applicable pathways of a case, in registry order. */
export interface PathwaySelection<P extends PathwayIdentity> {
  readonly applicable: readonly P[];
  readonly notApplicable: readonly { readonly pathway: P; readonly reason: string }[];
}

/** Asks every registered plug-in whether it applies to the case (issue 13: "applicable pathways are chosen from the facts"). */
export function selectPathwaysFrom<P extends PathwayIdentity & Pick<AnyPathwayPlugin, 'applies'>>(
  core: CaseCore,
  registry: PathwayRegistry<P>,
): PathwaySelection<P> {
  const applicable: P[] = [];
  const notApplicable: { pathway: P; reason: string }[] = [];
  for (const pathway of registry.list()) {
    const verdict = pathway.applies(core);
    if (verdict.applies) applicable.push(pathway);
    else notApplicable.push({ pathway, reason: verdict.reason });
  }
  return { applicable, notApplicable };
}

/** Intake field names the problems of `draftWithPathway` are prefixed with. */
export const INTAKE_FIELDS = { core: 'core', pathwayFacts: 'pathwayFacts' } as const;

/**
 * Validates a pathway's extra facts, builds its facts from the core and drafts its plan, with
 * the pathway id and version the draft must record. Problems are named from the intake root
 * (`pathwayFacts.distanceFromAnalVergeCm`, `core.staging.clinical.t`). Refuses a pathway that
 * does not apply (problem on `pathwayFacts.pathwayId`).
 */
export function draftWithPathway<Extra, Facts, Plan>(
  pathway: PathwayIdentity &
    Pick<
      PathwayPlugin<Extra, Facts, Plan, unknown, unknown, unknown, unknown, { asOf: IsoDate }>,
      'applies' | 'validateExtraFacts' | 'factsFrom' | 'draftPlan'
    >,
  core: CaseCore,
  extraInput: unknown,
): { ok: true; pathway: PathwayRef; extra: Extra; facts: Facts; plan: Plan } | { ok: false; problems: FactProblem[] } {
  const verdict = pathway.applies(core);
  if (!verdict.applies) {
    return {
      ok: false,
      problems: [
        {
          field: `${INTAKE_FIELDS.pathwayFacts}.pathwayId`,
          message: `${pathway.id} does not apply: ${verdict.reason}`,
        },
      ],
    };
  }
  const extra = pathway.validateExtraFacts(extraInput);
  if (!extra.ok) return { ok: false, problems: prefixProblems(INTAKE_FIELDS.pathwayFacts, extra.problems) };
  const facts = pathway.factsFrom(core, extra.facts);
  if (!facts.ok) return { ok: false, problems: prefixProblems(INTAKE_FIELDS.core, facts.problems) };
  return {
    ok: true,
    pathway: { id: pathway.id, version: pathway.version },
    extra: extra.facts,
    facts: facts.facts,
    plan: pathway.draftPlan(facts.facts),
  };
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
