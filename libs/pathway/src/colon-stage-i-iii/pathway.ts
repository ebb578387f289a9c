/** The colon stage I-III pathway as one registry entry: a plug-in over the case core. */
import type { PathwayPlugin } from '../core/registry';
import { colonStageIIIIApplies } from './applies';
import { COLON_STAGE_I_III_PATHWAY_ID, COLON_STAGE_I_III_PATHWAY_VERSION, type ColonReadinessCode } from './codes';
import { draftColonPlan, scheduleColonMilestones, type ColonDraftPlan } from './draft-plan';
import { colonAnchorsFromEvents, type ColonAnchorDates, type ColonTreatmentEvent } from './events';
import { COLON_EXTRA_FACT_FIELDS, validateColonExtraFacts, type ColonExtraFacts } from './extra-facts';
import { colonFactsFrom, validateColonFacts, type ColonFacts } from './facts';
import { validateColonPlan, type ColonFinding, type ValidateColonPlanOptions } from './findings';
import type { ColonDatedMilestone } from './milestones';
import { colonReadiness } from './readiness';
import { renderColonPlanSummary } from './summary';

export type ColonStageIIIIPathway = PathwayPlugin<
  ColonExtraFacts,
  ColonFacts,
  ColonDraftPlan,
  ColonTreatmentEvent,
  ColonAnchorDates,
  ColonDatedMilestone,
  ColonFinding,
  ValidateColonPlanOptions,
  ColonReadinessCode
>;

/** The registry entry (PATHWAY-COLON.md). */
export const colonStageIIIIPathway: ColonStageIIIIPathway = Object.freeze({
  id: COLON_STAGE_I_III_PATHWAY_ID,
  version: COLON_STAGE_I_III_PATHWAY_VERSION,
  title: 'Resected colon cancer, stage I-III (adjuvant decision and follow-up)',
  applies: colonStageIIIIApplies,
  extraFactFields: COLON_EXTRA_FACT_FIELDS,
  validateExtraFacts: validateColonExtraFacts,
  factsFrom: colonFactsFrom,
  readiness: colonReadiness,
  validateFacts: validateColonFacts,
  draftPlan: draftColonPlan,
  scheduleMilestones: scheduleColonMilestones,
  anchorsFromEvents: colonAnchorsFromEvents,
  validatePlan: validateColonPlan,
  renderPlanSummary: renderColonPlanSummary,
});
