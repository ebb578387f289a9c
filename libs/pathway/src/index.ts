/**
 * @consilium/pathway: pure clinical pathway rules (no Nest, no Prisma, no clock, no I/O).
 * `core/` holds the generic machinery; each pathway lives in its own folder and registers here.
 */
import type { CaseCore } from './core/case-core';
import { COMMON_READINESS_CODES, type Readiness } from './core/readiness';
import { readinessOfCase, type StoredCaseFacts } from './workflow/case-readiness';
import { RECTAL_READINESS_CODES } from './rectal-stage-iv/readiness';
import { COLON_READINESS_CODES } from './colon-stage-i-iii/codes';
import {
  createPathwayRegistry,
  selectPathwaysFrom,
  type AnyPathwayPlugin,
  type PathwaySelection,
} from './core/registry';
import { colonStageIIIIPathway } from './colon-stage-i-iii/pathway';
import { rectalStageIvPathway } from './rectal-stage-iv/pathway';
import type { DatedMilestone as GenericDatedMilestone } from './core/milestones';
import type { AnchorName, MilestoneCode, RECTAL_STAGE_IV_PATHWAY_ID } from './rectal-stage-iv/codes';
import type { RectalExtraFacts } from './rectal-stage-iv/extra-facts';
import type { RectalFinding } from './rectal-stage-iv/findings';
import type { COLON_STAGE_I_III_PATHWAY_ID } from './colon-stage-i-iii/codes';
import type { ColonExtraFacts } from './colon-stage-i-iii/extra-facts';

export * from './core';
export * from './rectal-stage-iv';
export * from './colon-stage-i-iii';
export * from './workflow';

/** Every pathway this library knows, by id (each a plug-in over the case core). */
export const PATHWAYS = createPathwayRegistry<AnyPathwayPlugin>([rectalStageIvPathway, colonStageIIIIPathway]);

/** The pathways that apply to a case (and why the others do not), over PATHWAYS. */
export function selectPathways(core: CaseCore): PathwaySelection<AnyPathwayPlugin> {
  return selectPathwaysFrom(core, PATHWAYS);
}

/**
 * The intake's pathway-specific part, discriminated by pathway id (the OpenAPI union): each
 * pathway's extra facts, or `{ pathwayId: null }` for a case the board plans itself.
 */
export type PathwayFacts =
  | ({ pathwayId: typeof RECTAL_STAGE_IV_PATHWAY_ID } & RectalExtraFacts)
  | ({ pathwayId: typeof COLON_STAGE_I_III_PATHWAY_ID } & ColonExtraFacts)
  | { pathwayId: null };

/** The rectal stage IV milestone with its dates (contract name). */
export type DatedMilestone = GenericDatedMilestone<MilestoneCode, AnchorName>;
/** A rectal stage IV finding (contract name). */
export type Finding = RectalFinding;

/** The readiness checklist of a stored case (common checks + its pathway's). */
export function caseReadinessOf(stored: StoredCaseFacts): Readiness {
  return readinessOfCase(stored, PATHWAYS);
}

/** Every readiness code any case can show (the API's enum). */
export const ALL_READINESS_CODES: readonly string[] = [
  ...new Set<string>([...COMMON_READINESS_CODES, ...RECTAL_READINESS_CODES, ...COLON_READINESS_CODES]),
];

/** A finding of any pathway (its code one of that pathway's finding codes). */
export type { Finding as AnyFinding } from './core/findings';
/** A dated milestone of any pathway or board plan. */
export type { DatedMilestone as AnyDatedMilestone } from './core/milestones';
