/**
 * The case intake as the API receives it: the disease-agnostic core plus the chosen pathway's
 * extra facts, discriminated by `pathwayFacts.pathwayId` (null = no pathway: the board authors
 * the plan). One validation, every problem named from the intake root.
 */
import { validateCaseCore, type CaseCore } from './case-core';
import type { AnyPathwayPlugin, PathwayRef, PathwayRegistry } from './registry';
import {
  ProblemCollector,
  describeValue,
  isRecord,
  notAnObject,
  prefixProblems,
  type ValidationResult,
} from './validation';

export interface CaseIntake {
  core: CaseCore;
  /** The pathway the case follows, or null for a board-authored plan. */
  pathway: PathwayRef | null;
  /** The pathway's validated extra facts (without `pathwayId`); null without a pathway. */
  pathwayFacts: unknown;
}

/**
 * Validates `{ core, pathwayFacts: { pathwayId, ...extra } }`: the core with validateCaseCore,
 * the extra facts with the named pathway's validator (`pathwayFacts.<field>`), an unknown
 * pathway id or one that does not apply to the core (`pathwayFacts.pathwayId`, with the reason).
 * `pathwayFacts` absent or `{ pathwayId: null }` = no pathway.
 */
export function validateCaseIntake(
  input: unknown,
  registry: PathwayRegistry<AnyPathwayPlugin>,
): ValidationResult<CaseIntake> {
  if (!isRecord(input)) return notAnObject('case intake', input);
  const p = new ProblemCollector();
  p.unknownKeys('', input, ['core', 'pathwayFacts']);
  const core = validateCaseCore(input['core']);
  if (!core.ok) p.problems.push(...prefixProblems('core', core.problems));
  const rawFacts = input['pathwayFacts'];
  if (rawFacts !== undefined && rawFacts !== null && !isRecord(rawFacts))
    p.add('pathwayFacts', `pathwayFacts must be an object or null, got ${describeValue(rawFacts)}`);
  const { pathwayId, ...extraInput } = isRecord(rawFacts) ? rawFacts : {};
  let pathway: AnyPathwayPlugin | null = null;
  let pathwayFacts: unknown = null;
  if (pathwayId !== undefined && pathwayId !== null) {
    const ids = registry.list().map((definition) => definition.id);
    if (typeof pathwayId !== 'string' || !registry.has(pathwayId)) {
      p.add(
        'pathwayFacts.pathwayId',
        `pathwayFacts.pathwayId must be one of ${ids.join(', ')} or null, got ${JSON.stringify(pathwayId)}`,
      );
    } else {
      pathway = registry.get(pathwayId);
      const extra = pathway.validateExtraFacts(extraInput);
      if (extra.ok) pathwayFacts = extra.facts;
      else p.problems.push(...prefixProblems('pathwayFacts', extra.problems));
      const verdict = core.ok ? pathway.applies(core.facts) : { applies: true as const };
      if (!verdict.applies) p.add('pathwayFacts.pathwayId', `${pathwayId} does not apply: ${verdict.reason}`);
    }
  } else {
    p.unknownKeys('pathwayFacts', extraInput, []);
  }
  if (!core.ok || p.problems.length > 0) return { ok: false, problems: p.problems };
  return {
    ok: true,
    facts: {
      core: core.facts,
      pathway: pathway === null ? null : { id: pathway.id, version: pathway.version },
      pathwayFacts,
    },
  };
}
