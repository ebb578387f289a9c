/** The rectal stage IV pathway as one registry entry. */
import type { PathwayDefinition } from '../core/registry';
import { RECTAL_STAGE_IV_PATHWAY_ID, RECTAL_STAGE_IV_PATHWAY_VERSION } from './codes';
import { draftPlan, scheduleMilestones, type DraftPlan } from './draft-plan';
import { anchorsFromEvents, type AnchorDates, type TreatmentEvent } from './events';
import { validateFacts, type CaseFacts } from './facts';
import type { RectalFinding, ValidatePlanOptions } from './findings';
import type { RectalDatedMilestone } from './milestones';
import { renderPlanSummary } from './summary';
import { validatePlan } from './validate-plan';

export type RectalStageIvPathway = PathwayDefinition<
  CaseFacts,
  DraftPlan,
  TreatmentEvent,
  AnchorDates,
  RectalDatedMilestone,
  RectalFinding,
  ValidatePlanOptions
>;

/** The registry entry (seed + PATHWAY.md updates). */
export const rectalStageIvPathway: RectalStageIvPathway = Object.freeze({
  id: RECTAL_STAGE_IV_PATHWAY_ID,
  version: RECTAL_STAGE_IV_PATHWAY_VERSION,
  title: 'Stage IV rectal cancer (synchronous metastases)',
  validateFacts,
  draftPlan,
  scheduleMilestones,
  anchorsFromEvents,
  validatePlan,
  renderPlanSummary,
});
