/**
 * ColonFacts: what the colon rules read, built from the case core + the colon extra facts.
 * Staging comes from pTNM once resected; while resection is only planned, from cTNM (the draft
 * is then provisional, and says so in its assumptions).
 */
import { validateCaseCore, type CaseCore } from '../core/case-core';
import type { EcogScore } from '../core/vocabulary';
import { INTAKE_FIELDS } from '../core/registry';
import { ProblemCollector, isRecord, notAnObject, prefixProblems, type ValidationResult } from '../core/validation';
import { dpdStatusFrom, mmrStatusFrom, type MmrTestStatus } from '../shared-rules/biomarkers';
import type { DpdTestStatus } from '../shared-rules/fluoropyrimidine-rules';
import type { ColonStageGroup } from './codes';
import { validateColonExtraFacts, type ColonExtraFacts } from './extra-facts';
import {
  COLON_N_CATEGORIES,
  COLON_T_CATEGORIES,
  colonStage,
  colonStageGroup,
  type ColonNCategory,
  type ColonTCategory,
} from './staging';

export interface ColonFacts extends ColonExtraFacts {
  /** 'pathological' once resected (pTNM); 'clinical' while resection is planned (cTNM). */
  stagingBasis: 'pathological' | 'clinical';
  t: ColonTCategory;
  n: ColonNCategory;
  stageGroup: ColonStageGroup;
  stage: 'I' | 'II' | 'III';
  ageYears: number | null;
  ecog: EcogScore | null;
  creatinineClearanceMlMin: number | null;
  mmr: MmrTestStatus;
  dpd: DpdTestStatus;
}

/**
 * The colon pathway's facts from a valid core and extra facts: T and N from pTNM (else cTNM)
 * within the colon's categories, MMR (IHC or MSI) and DPD from the biomarkers. Problems name core
 * fields (`staging.pathological.t`).
 */
export function colonFactsFrom(core: CaseCore, extra: ColonExtraFacts): ValidationResult<ColonFacts> {
  const p = new ProblemCollector();
  const stagingBasis = core.staging.pathological !== null ? 'pathological' : 'clinical';
  const tnm = core.staging.pathological ?? core.staging.clinical;
  if (tnm === null)
    return {
      ok: false,
      problems: [
        { field: 'staging.pathological', message: 'the colon pathway needs pTNM (or cTNM while resection is planned)' },
      ],
    };
  const field = `staging.${stagingBasis}`;
  const t = tnm.t as ColonTCategory;
  const n = tnm.n as ColonNCategory;
  if (!(COLON_T_CATEGORIES as readonly string[]).includes(t))
    p.add(`${field}.t`, `the colon stage I-III pathway needs T ${COLON_T_CATEGORIES.join(', ')}, got ${tnm.t}`);
  if (!(COLON_N_CATEGORIES as readonly string[]).includes(n))
    p.add(`${field}.n`, `the colon stage I-III pathway needs N ${COLON_N_CATEGORIES.join(', ')}, got ${tnm.n}`);
  if (tnm.m !== 'M0') p.add(`${field}.m`, `the colon stage I-III pathway needs M0, got ${tnm.m}`);
  const { mmr, problems } = mmrStatusFrom(core);
  p.problems.push(...problems);
  if (p.problems.length > 0) return { ok: false, problems: p.problems };
  const stageGroup = colonStageGroup(t, n);
  return {
    ok: true,
    facts: {
      ...extra,
      stagingBasis,
      t,
      n,
      stageGroup,
      stage: colonStage(stageGroup),
      ageYears: core.condition.ageYears,
      ecog: core.condition.ecog,
      creatinineClearanceMlMin: core.condition.creatinineClearanceMlMin,
      mmr,
      dpd: dpdStatusFrom(core),
    },
  };
}

/**
 * Validates untrusted `{ core, pathwayFacts }` into ColonFacts (the registry's `validateFacts`),
 * naming problems from that root (`core.staging.pathological.t`, `pathwayFacts.grade`).
 */
export function validateColonFacts(input: unknown): ValidationResult<ColonFacts> {
  if (!isRecord(input)) return notAnObject('colon pathway input', input);
  const p = new ProblemCollector();
  p.unknownKeys('', input, [INTAKE_FIELDS.core, INTAKE_FIELDS.pathwayFacts]);
  const core = validateCaseCore(input[INTAKE_FIELDS.core]);
  const extra = validateColonExtraFacts(input[INTAKE_FIELDS.pathwayFacts] ?? {});
  if (!core.ok) p.problems.push(...prefixProblems(INTAKE_FIELDS.core, core.problems));
  if (!extra.ok) p.problems.push(...prefixProblems(INTAKE_FIELDS.pathwayFacts, extra.problems));
  if (!core.ok || !extra.ok || p.problems.length > 0) return { ok: false, problems: p.problems };
  const facts = colonFactsFrom(core.facts, extra.facts);
  return facts.ok ? facts : { ok: false, problems: prefixProblems(INTAKE_FIELDS.core, facts.problems) };
}
