/**
 * Readiness of a stored case: the common checks (core/readiness.ts) and those of the pathway the
 * case follows (none for a case no pathway covers). One implementation for the API and the worker.
 */
import type { CaseCore } from '../core/case-core';
import { caseReadiness, commonReadiness, type CaseWorkflowFacts, type Readiness } from '../core/readiness';
import type { AnyPathwayPlugin, PathwayRegistry } from '../core/registry';

export interface StoredCaseFacts extends CaseWorkflowFacts {
  readonly core: CaseCore;
  readonly pathwayId: string | null;
  readonly pathwayFacts: unknown;
}

export function readinessOfCase(stored: StoredCaseFacts, registry: PathwayRegistry<AnyPathwayPlugin>): Readiness {
  const common = commonReadiness(stored.core, stored);
  const pathway =
    stored.pathwayId !== null && registry.has(stored.pathwayId)
      ? registry.get(stored.pathwayId).readiness(stored.core, stored.pathwayFacts)
      : [];
  return caseReadiness(common, pathway);
}
