/**
 * The facts the rectal stage IV pathway needs beyond the case core (its member of the intake's
 * discriminated union): the height of the tumour above the anal verge and the MRF status, both
 * from pelvic MRI. Source: PATHWAY.md "Facts a case carries" (Primary).
 */
import { ProblemCollector, isRecord, notAnObject, type ValidationResult } from '../core/validation';
import { MAX_DISTANCE_FROM_ANAL_VERGE_CM } from './facts';

export interface RectalExtraFacts {
  /** Height of the lower edge of the tumour above the anal verge (cm, 0-20); null = not measured. */
  distanceFromAnalVergeCm: number | null;
  /** Mesorectal fascia threatened on MRI; null = not reported. */
  mesorectalFasciaThreatened: boolean | null;
}

export const RECTAL_EXTRA_FACT_FIELDS = ['distanceFromAnalVergeCm', 'mesorectalFasciaThreatened'] as const;

/** Validates the rectal extra facts (absent fields -> null), naming each bad field; unknown fields are reported. */
export function validateRectalExtraFacts(input: unknown): ValidationResult<RectalExtraFacts> {
  if (!isRecord(input)) return notAnObject('rectal pathway facts', input);
  const p = new ProblemCollector();
  p.unknownKeys('', input, RECTAL_EXTRA_FACT_FIELDS);
  const facts: RectalExtraFacts = {
    distanceFromAnalVergeCm: p.nullableNumber(
      'distanceFromAnalVergeCm',
      input['distanceFromAnalVergeCm'],
      0,
      MAX_DISTANCE_FROM_ANAL_VERGE_CM,
    ),
    mesorectalFasciaThreatened: p.boolean('mesorectalFasciaThreatened', input['mesorectalFasciaThreatened'], null),
  };
  return p.problems.length > 0 ? { ok: false, problems: p.problems } : { ok: true, facts };
}
