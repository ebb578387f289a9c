/** The rectal stage IV pathway as one registry entry: a plug-in over the case core. */
import type { PathwayPlugin } from '../core/registry';
import { rectalFactsFrom } from './adapter';
import { rectalStageIvApplies } from './applies';
import { RECTAL_STAGE_IV_PATHWAY_ID, RECTAL_STAGE_IV_PATHWAY_VERSION } from './codes';
import { draftPlan, scheduleMilestones, type DraftPlan } from './draft-plan';
import { anchorsFromEvents, type AnchorDates, type TreatmentEvent } from './events';
import { RECTAL_EXTRA_FACT_FIELDS, validateRectalExtraFacts, type RectalExtraFacts } from './extra-facts';
import { validateFacts, type CaseFacts } from './facts';
import type { RectalFinding, ValidatePlanOptions } from './findings';
import type { RectalDatedMilestone } from './milestones';
import { rectalReadiness, type RectalReadinessCode } from './readiness';
import { renderPlanSummary } from './summary';
import { validatePlan } from './validate-plan';

export type RectalStageIvPathway = PathwayPlugin<
  RectalExtraFacts,
  CaseFacts,
  DraftPlan,
  TreatmentEvent,
  AnchorDates,
  RectalDatedMilestone,
  RectalFinding,
  ValidatePlanOptions,
  RectalReadinessCode
>;

/** The registry entry (seed + PATHWAY.md updates). */
export const rectalStageIvPathway: RectalStageIvPathway = Object.freeze({
  id: RECTAL_STAGE_IV_PATHWAY_ID,
  version: RECTAL_STAGE_IV_PATHWAY_VERSION,
  title: 'Stage IV rectal cancer (synchronous metastases)',
  applies: rectalStageIvApplies,
  extraFactFields: RECTAL_EXTRA_FACT_FIELDS,
  validateExtraFacts: validateRectalExtraFacts,
  factsFrom: rectalFactsFrom,
  readiness: rectalReadiness,
  validateFacts,
  draftPlan,
  scheduleMilestones,
  anchorsFromEvents,
  validatePlan,
  renderPlanSummary,
});
