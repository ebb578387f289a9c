import { Prisma } from '@prisma/client';
import {
  caseReadinessOf,
  PATHWAYS,
  validateCaseIntake,
  type CaseCore,
  type CaseIntake,
  type Readiness,
  type StoredCaseFacts,
} from '@consilium/pathway';
import { FieldValidationException } from '../common/problem';

/** What a case read needs for its facts: the stored core and pathway facts, and the patient's birth date (for the age). */
export const caseWithFacts = {
  patient: { select: { birthDate: true } },
} satisfies Prisma.CaseInclude;
export type CaseWithFacts = Prisma.CaseGetPayload<{ include: typeof caseWithFacts }>;

type StoredCase = Pick<
  CaseWithFacts,
  'core' | 'pathwayId' | 'pathwayFacts' | 'referredAt' | 'lastImagingDate' | 'questionForBoard'
> & { patient: { birthDate: Date } };

/** Whole years between a birth date and a reference instant (UTC calendar). */
export function ageInYears(birthDate: Date, at: Date): number {
  let age = at.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birthDate.getUTCMonth() ||
    (at.getUTCMonth() === birthDate.getUTCMonth() && at.getUTCDate() < birthDate.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The JSON columns are written only through `toCaseColumns` from a validated intake, so they read back as those types. */
const stored = <T>(value: Prisma.JsonValue): T => value as unknown as T;

/** The case core as stored, with the age at referral derived from the patient's birth date (never stored). */
export function caseCoreOf(row: StoredCase): CaseCore {
  const core = stored<CaseCore>(row.core);
  return { ...core, condition: { ...core.condition, ageYears: ageInYears(row.patient.birthDate, row.referredAt) } };
}

/** The pathway's extra facts as stored (null without a pathway). */
export const pathwayFactsOf = (row: Pick<CaseWithFacts, 'pathwayFacts'>): Record<string, unknown> | null =>
  row.pathwayFacts === null ? null : stored<Record<string, unknown>>(row.pathwayFacts);

/** A stored case as the pathway library reads it (readiness, drafting). */
export function storedFactsOf(row: StoredCase): StoredCaseFacts {
  return {
    core: caseCoreOf(row),
    pathwayId: row.pathwayId,
    pathwayFacts: pathwayFactsOf(row),
    lastImagingDate: row.lastImagingDate === null ? null : row.lastImagingDate.toISOString().slice(0, 10),
    questionForBoard: row.questionForBoard,
  };
}

/** The readiness checklist of a stored case: the common checks and its pathway's. */
export function readinessOf(row: StoredCase): Readiness {
  return caseReadinessOf(storedFactsOf(row));
}

/**
 * Validates a submitted intake (`core` + `pathwayFacts`) with the pathway library, every problem
 * named from the body's root (`core.staging.clinical.t`, `pathwayFacts.distanceFromAnalVergeCm`).
 * The patient's age is derived from the birth date, never submitted.
 */
export function validateIntake(
  input: { core: unknown; pathwayFacts?: unknown },
  birthDate: Date,
  referredAt: Date,
): CaseIntake {
  const problems: { field: string; message: string }[] = [];
  let core = input.core;
  if (isPlainObject(core) && isPlainObject(core['condition'])) {
    if ('ageYears' in core['condition'])
      problems.push({
        field: 'core.condition.ageYears',
        message: 'core.condition.ageYears is derived from the patient birth date and cannot be set',
      });
    core = { ...core, condition: { ...core['condition'], ageYears: ageInYears(birthDate, referredAt) } };
  }
  const result = validateCaseIntake({ core, pathwayFacts: input.pathwayFacts ?? null }, PATHWAYS);
  if (!result.ok) problems.push(...result.problems.filter((problem) => problem.field !== 'core.condition.ageYears'));
  if (problems.length > 0 || !result.ok) throw new FieldValidationException(problems);
  return result.facts;
}

/** A validated intake -> the case's columns (the age is not stored: it comes from the patient). */
export function toCaseColumns(
  intake: CaseIntake,
): Pick<Prisma.CaseUncheckedCreateInput, 'core' | 'siteCode' | 'pathwayId' | 'pathwayFacts'> {
  const core = { ...intake.core, condition: { ...intake.core.condition, ageYears: null } };
  return {
    core: JSON.parse(JSON.stringify(core)) as Prisma.InputJsonValue,
    siteCode: intake.core.primary.siteCode,
    pathwayId: intake.pathway?.id ?? null,
    pathwayFacts:
      intake.pathway === null
        ? Prisma.DbNull
        : (JSON.parse(JSON.stringify(intake.pathwayFacts)) as Prisma.InputJsonValue),
  };
}

/** A pathway by id with its version and title (null without one; an id no longer registered keeps its id). */
export function pathwayRefOf(id: string | null): { id: string; version: string; title: string } | null {
  if (id === null) return null;
  if (!PATHWAYS.has(id)) return { id, version: 'retired', title: id };
  const pathway = PATHWAYS.get(id);
  return { id: pathway.id, version: pathway.version, title: pathway.title };
}
