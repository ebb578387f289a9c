/**
 * Readiness: what the coordinator must chase before the meeting. The common checks below apply
 * to every case; each pathway plug-in adds its own (rectal: MMR, RAS, BRAF, DPD, resectability).
 */
import type { CaseCore } from './case-core';
import type { IsoDate } from './dates';

/** One thing the board will need that the case is missing; `field` is a dotted path of the intake. */
export interface ReadinessItem<Code extends string = string> {
  readonly code: Code;
  readonly field: string;
  readonly message: string;
}

export interface Readiness<Code extends string = string> {
  readonly ready: boolean;
  readonly missing: readonly ReadinessItem<Code>[];
}

export const COMMON_READINESS_CODES = [
  'HISTOLOGY_MISSING',
  'STAGING_MISSING',
  'ECOG_MISSING',
  'IMAGING_DATE_MISSING',
  'QUESTION_MISSING',
] as const;
export type CommonReadinessCode = (typeof COMMON_READINESS_CODES)[number];

/** Case workflow facts readiness looks at besides the clinical core (they are not mCODE data). */
export interface CaseWorkflowFacts {
  readonly lastImagingDate: IsoDate | null;
  readonly questionForBoard: string | null;
}

/**
 * The checks every case needs, whatever its site: histology (morphology) and a TNM
 * classification to choose a treatment family, ECOG to judge what the patient can tolerate,
 * staging imaging and a clear question to make the discussion possible (the API's checklist
 * before issue 13: ECOG, imaging date, question).
 */
export function commonReadiness(core: CaseCore, workflow: CaseWorkflowFacts): ReadinessItem<CommonReadinessCode>[] {
  const missing: ReadinessItem<CommonReadinessCode>[] = [];
  if (core.primary.morphologyCode === null) {
    missing.push({
      code: 'HISTOLOGY_MISSING',
      field: 'core.primary.morphologyCode',
      message: 'histology (ICD-O-3 morphology) is missing',
    });
  }
  if (core.staging.clinical === null && core.staging.pathological === null) {
    missing.push({ code: 'STAGING_MISSING', field: 'core.staging', message: 'no TNM classification' });
  }
  if (core.condition.ecog === null)
    missing.push({ code: 'ECOG_MISSING', field: 'core.condition.ecog', message: 'ECOG performance status is missing' });
  if (workflow.lastImagingDate === null)
    missing.push({ code: 'IMAGING_DATE_MISSING', field: 'lastImagingDate', message: 'no staging imaging date' });
  if (!workflow.questionForBoard?.trim())
    missing.push({ code: 'QUESTION_MISSING', field: 'questionForBoard', message: 'no question for the board' });
  return missing;
}

/** Combines the common items with a pathway's (none for a case no pathway covers). */
export function caseReadiness<Code extends string>(
  common: readonly ReadinessItem<CommonReadinessCode>[],
  pathway: readonly ReadinessItem<Code>[] = [],
): Readiness<Code | CommonReadinessCode> {
  const missing = [...pathway, ...common];
  return { ready: missing.length === 0, missing };
}
