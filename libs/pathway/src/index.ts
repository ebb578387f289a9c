/**
 * @consilium/pathway: pure clinical pathway rules (no Nest, no Prisma, no clock, no I/O).
 * `core/` holds the generic machinery; each pathway lives in its own folder and registers here.
 */
import { createPathwayRegistry } from './core/registry';
import { rectalStageIvPathway } from './rectal-stage-iv/pathway';
import type { DatedMilestone as GenericDatedMilestone } from './core/milestones';
import type { AnchorName, MilestoneCode } from './rectal-stage-iv/codes';
import type { RectalFinding } from './rectal-stage-iv/findings';

export * from './core';
export * from './rectal-stage-iv';

/** Every pathway this library knows, by id. */
export const PATHWAYS = createPathwayRegistry([rectalStageIvPathway]);

/** The rectal stage IV milestone with its dates (contract name). */
export type DatedMilestone = GenericDatedMilestone<MilestoneCode, AnchorName>;
/** A rectal stage IV finding (contract name). */
export type Finding = RectalFinding;
