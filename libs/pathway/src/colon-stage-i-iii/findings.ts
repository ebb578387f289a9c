/**
 * The colon finding rules (PATHWAY-COLON.md "Findings on a dated plan"): one entry per finding
 * code, each with its source. FLUOROPYRIMIDINE_WITHOUT_DPD and CAPECITABINE_LOW_CRCL are the
 * shared implementations (shared-rules/), fed with what each colon regimen contains.
 */
import type { Citation, Severity } from '../core/citation';
import { InvalidIsoDateError, daysBetween, isIsoDate, type IsoDate } from '../core/dates';
import { sortFindings, type Finding } from '../core/findings';
import {
  capecitabineLowCrcl,
  fluoropyrimidineWithoutDpd,
  type DrugSource,
} from '../shared-rules/fluoropyrimidine-rules';
import {
  isAdjuvantBranch,
  isHighRiskStageIII,
  MIN_NODES_EXAMINED,
  OXALIPLATIN_AGE_LIMIT,
  selectColonBranches,
} from './branches';
import { COLON_CITATIONS as C } from './citations';
import {
  COLON_BIOLOGIC_CODES,
  COLON_FINDING_CODES,
  COLON_FLUOROPYRIMIDINE_CODES,
  COLON_OXALIPLATIN_CODES,
  type ColonBranchCode,
  type ColonFindingCode,
  type ColonRegimenCode,
} from './codes';
import { colonEventDate, colonEventRef, type ColonTreatmentEvent } from './events';
import type { ColonFacts } from './facts';
import { ADJUVANT_START_BLOCK_DAYS, ADJUVANT_START_TARGET_DAYS } from './milestones';

export type ColonFinding = Finding<ColonFindingCode>;

export interface ValidateColonPlanOptions {
  /** Today, for "should have started by now" (no clock in this library). */
  asOf: IsoDate;
  /** Regimens the board has chosen but not dated yet; checked like an adjuvant event. */
  plannedRegimens?: readonly ColonRegimenCode[];
  /** The branch the board chose; defaults to the draft's primary branch. */
  branch?: ColonBranchCode;
}

/** Something that gives regimens: an adjuvant event (with its first dose) or the planned regimens. */
interface RegimenSource {
  readonly ref: string;
  readonly regimens: readonly ColonRegimenCode[];
  readonly fluoropyrimidine?: 'capecitabine' | '5-FU';
  readonly startDate?: IsoDate;
}

interface ColonFindingContext {
  readonly facts: ColonFacts;
  readonly branch: ColonBranchCode;
  readonly asOf: IsoDate | null;
  /** T_S: the first surgery event, else the recorded surgery date. */
  readonly surgeryDate: IsoDate | null;
  /** Adjuvant events by first dose, then the planned regimens. */
  readonly sources: readonly RegimenSource[];
}

interface ColonFindingRule {
  readonly code: ColonFindingCode;
  readonly citation: Citation;
  /** `facts`: visible from the facts alone, so the draft shows it too. */
  readonly scope: 'facts' | 'plan';
  evaluate(context: ColonFindingContext): ColonFinding[];
}

function finding(
  code: ColonFindingCode,
  severity: Severity,
  message: string,
  citation: Citation,
  eventIds: readonly string[] = [],
  dayCounts: Record<string, number> = {},
): ColonFinding {
  return { code, severity, message, citation, eventIds, dayCounts };
}

const has = (source: RegimenSource, wanted: readonly ColonRegimenCode[]): boolean =>
  source.regimens.some((regimen) => wanted.includes(regimen));

/** One finding per source containing any of `wanted`. */
function perSource(
  code: ColonFindingCode,
  severity: Severity,
  message: string,
  citation: Citation,
  wanted: readonly ColonRegimenCode[],
): ColonFindingRule {
  return {
    code,
    citation,
    scope: 'plan',
    evaluate: ({ sources }) =>
      sources.filter((s) => has(s, wanted)).map((s) => finding(code, severity, message, citation, [s.ref])),
  };
}

/** What a colon regimen source contains, for the shared rules. */
function drugSource(source: RegimenSource): DrugSource {
  return {
    ref: source.ref,
    fluoropyrimidine: has(source, COLON_FLUOROPYRIMIDINE_CODES),
    capecitabine:
      has(source, ['CAPOX_3M', 'CAPOX_6M']) ||
      (source.fluoropyrimidine === 'capecitabine' && has(source, ['FLUOROPYRIMIDINE_6M'])),
  };
}

function lateSeverity(days: number): Severity | null {
  return days > ADJUVANT_START_BLOCK_DAYS ? 'block' : days > ADJUVANT_START_TARGET_DAYS ? 'warn' : null;
}

/**
 * ADJUVANT_START_LATE: first adjuvant dose more than 56 days after T_S warns, more than 84 days
 * blocks (override with a reason). With no dose dated yet on an adjuvant branch, `asOf` past those
 * days counts the same. Source: ESMO 2020; Biagi et al., JAMA 2011.
 */
const ADJUVANT_START_LATE: ColonFindingRule = {
  code: 'ADJUVANT_START_LATE',
  citation: C.ADJUVANT_TIMING,
  scope: 'plan',
  evaluate({ surgeryDate, sources, branch, asOf }) {
    if (surgeryDate === null) return [];
    const first = sources.find((s) => s.startDate !== undefined);
    if (first?.startDate !== undefined) {
      const days = daysBetween(surgeryDate, first.startDate);
      const severity = lateSeverity(days);
      return severity === null
        ? []
        : [
            finding(
              'ADJUVANT_START_LATE',
              severity,
              `First adjuvant dose ${days} days after surgery (target <= ${ADJUVANT_START_TARGET_DAYS}).`,
              C.ADJUVANT_TIMING,
              [first.ref],
              { daysFromSurgeryToAdjuvant: days },
            ),
          ];
    }
    if (asOf === null || !isAdjuvantBranch(branch)) return [];
    const days = daysBetween(surgeryDate, asOf);
    const severity = lateSeverity(days);
    return severity === null
      ? []
      : [
          finding(
            'ADJUVANT_START_LATE',
            severity,
            `No adjuvant dose dated ${days} days after surgery (target <= ${ADJUVANT_START_TARGET_DAYS}).`,
            C.ADJUVANT_TIMING,
            [],
            { daysFromSurgeryToAsOf: days },
          ),
        ];
  },
};

/** FP_ALONE_DMMR_STAGE_II: fluoropyrimidine alone in dMMR stage II. Source: Sargent et al., JCO 2010. */
const FP_ALONE_DMMR_STAGE_II: ColonFindingRule = {
  code: 'FP_ALONE_DMMR_STAGE_II',
  citation: C.DMMR_STAGE_II,
  scope: 'plan',
  evaluate: ({ facts, sources }) =>
    facts.stage !== 'II' || facts.mmr !== 'dMMR'
      ? []
      : sources
          .filter((s) => has(s, ['FLUOROPYRIMIDINE_6M']) && !has(s, COLON_OXALIPLATIN_CODES))
          .map((s) =>
            finding(
              'FP_ALONE_DMMR_STAGE_II',
              'warn',
              'Fluoropyrimidine alone in dMMR stage II: no benefit shown.',
              C.DMMR_STAGE_II,
              [s.ref],
            ),
          ),
};

function when(condition: (facts: ColonFacts) => boolean, rule: ColonFindingRule): ColonFindingRule {
  return { ...rule, evaluate: (context) => (condition(context.facts) ? rule.evaluate(context) : []) };
}

/** Every colon finding rule by code. */
export const COLON_FINDING_RULES: Readonly<Record<ColonFindingCode, ColonFindingRule>> = Object.freeze({
  ADJUVANT_START_LATE,
  /** Source: NSABP C-08, AVANT, N0147, PETACC-8. */
  ADJUVANT_BIOLOGIC: perSource(
    'ADJUVANT_BIOLOGIC',
    'block',
    'Bevacizumab or an anti-EGFR antibody in the adjuvant setting: no benefit.',
    C.NO_BIOLOGICS,
    COLON_BIOLOGIC_CODES,
  ),
  /** Source: CALGB 89803, PETACC-3. */
  ADJUVANT_IRINOTECAN: perSource(
    'ADJUVANT_IRINOTECAN',
    'block',
    'Irinotecan-based adjuvant chemotherapy: no benefit.',
    C.NO_IRINOTECAN,
    ['FOLFIRI'],
  ),
  /** Shared with the rectal pathway. Source: EMA 2020. */
  FLUOROPYRIMIDINE_WITHOUT_DPD: {
    code: 'FLUOROPYRIMIDINE_WITHOUT_DPD',
    citation: C.DPD_TESTING,
    scope: 'plan',
    evaluate: ({ facts, sources }) => fluoropyrimidineWithoutDpd(facts.dpd, sources.map(drugSource)),
  },
  FP_ALONE_DMMR_STAGE_II,
  /** Source: ACCENT pooled analyses. */
  OXALIPLATIN_AGE_70_PLUS: when(
    (f) => f.ageYears !== null && f.ageYears >= OXALIPLATIN_AGE_LIMIT,
    perSource(
      'OXALIPLATIN_AGE_70_PLUS',
      'warn',
      'Oxaliplatin at age >= 70: no benefit shown (ACCENT).',
      C.OXALIPLATIN_AGE_70,
      COLON_OXALIPLATIN_CODES,
    ),
  ),
  /** Source: ESMO 2020 (oxaliplatin neurotoxicity). */
  OXALIPLATIN_WITH_NEUROPATHY: when(
    (f) => f.peripheralNeuropathy === true,
    perSource(
      'OXALIPLATIN_WITH_NEUROPATHY',
      'warn',
      'Oxaliplatin with pre-existing peripheral neuropathy.',
      C.OXALIPLATIN_NEUROPATHY,
      COLON_OXALIPLATIN_CODES,
    ),
  ),
  /** Source: ESMO 2020 (stage I: no adjuvant chemotherapy). */
  ADJUVANT_STAGE_I: when(
    (f) => f.stage === 'I',
    perSource('ADJUVANT_STAGE_I', 'warn', 'Adjuvant chemotherapy in stage I.', C.STAGE_I_NO_ADJUVANT, [
      'CAPOX_3M',
      'CAPOX_6M',
      'FOLFOX_6M',
      'FOLFOX_3M',
      'FLUOROPYRIMIDINE_6M',
    ]),
  ),
  /** Source: IDEA (pT4 and/or N2: 6 months better). */
  SHORT_CAPOX_HIGH_RISK: when(
    isHighRiskStageIII,
    perSource(
      'SHORT_CAPOX_HIGH_RISK',
      'warn',
      'CAPOX 3 months for pT4 and/or N2 stage III: 6 months is better (IDEA).',
      C.IDEA_HIGH_RISK,
      ['CAPOX_3M'],
    ),
  ),
  /** Source: IDEA (FOLFOX 3 months: non-inferiority not shown). */
  FOLFOX_3_MONTHS: perSource(
    'FOLFOX_3_MONTHS',
    'warn',
    'FOLFOX for 3 months: non-inferiority to 6 months not shown (IDEA).',
    C.IDEA_FOLFOX_3M,
    ['FOLFOX_3M'],
  ),
  /** Source: ESMO 2020 (>= 12 nodes). */
  FEWER_THAN_12_NODES: {
    code: 'FEWER_THAN_12_NODES',
    citation: C.FEWER_NODES,
    scope: 'facts',
    evaluate: ({ facts }) =>
      facts.lymphNodesExamined === null || facts.lymphNodesExamined >= MIN_NODES_EXAMINED
        ? []
        : [
            finding(
              'FEWER_THAN_12_NODES',
              'warn',
              `${facts.lymphNodesExamined} lymph nodes examined (< ${MIN_NODES_EXAMINED}): risk of under-staging; counts as high-risk.`,
              C.FEWER_NODES,
            ),
          ],
  },
  /** Shared with the rectal pathway. Source: capecitabine label. */
  CAPECITABINE_LOW_CRCL: {
    code: 'CAPECITABINE_LOW_CRCL',
    citation: C.CAPECITABINE_RENAL,
    scope: 'plan',
    evaluate: ({ facts, sources }) => capecitabineLowCrcl(facts.creatinineClearanceMlMin, sources.map(drugSource)),
  },
});

const ALL_RULES = COLON_FINDING_CODES.map((code) => COLON_FINDING_RULES[code]);
const FACT_RULES = ALL_RULES.filter((rule) => rule.scope === 'facts');

function runRules(context: ColonFindingContext, rules: readonly ColonFindingRule[]): ColonFinding[] {
  const findings: ColonFinding[] = [];
  for (const rule of rules) for (const found of rule.evaluate(context)) findings.push(found);
  return sortFindings(findings, COLON_FINDING_CODES);
}

/** The findings visible from the facts alone (shown on the draft). */
export function colonFactFindings(facts: ColonFacts, branch: ColonBranchCode): ColonFinding[] {
  return runRules({ facts, branch, asOf: null, surgeryDate: facts.surgeryDate, sources: [] }, FACT_RULES);
}

/**
 * Every finding of PATHWAY-COLON.md's table that applies to these facts and dated events, blocks
 * first. T_S is the first surgery event, else `facts.surgeryDate`. Throws InvalidIsoDateError on a
 * malformed date.
 */
export function validateColonPlan(
  facts: ColonFacts,
  events: readonly ColonTreatmentEvent[],
  options: ValidateColonPlanOptions,
): ColonFinding[] {
  for (const date of [options.asOf, ...events.map(colonEventDate)])
    if (!isIsoDate(date)) throw new InvalidIsoDateError(date);
  const dated = events
    .map((event, index) => ({ event, ref: colonEventRef(event, index) }))
    .sort((a, b) =>
      colonEventDate(a.event) < colonEventDate(b.event)
        ? -1
        : colonEventDate(a.event) > colonEventDate(b.event)
          ? 1
          : 0,
    );
  const sources: RegimenSource[] = [];
  let surgeryDate = facts.surgeryDate;
  let surgeryFromEvents = false;
  for (const { event, ref } of dated) {
    if (event.kind === 'surgery') {
      if (!surgeryFromEvents) surgeryDate = event.date;
      surgeryFromEvents = true;
    } else {
      sources.push({
        ref,
        regimens: event.regimens,
        startDate: event.startDate,
        ...(event.fluoropyrimidine === undefined ? {} : { fluoropyrimidine: event.fluoropyrimidine }),
      });
    }
  }
  if (options.plannedRegimens !== undefined && options.plannedRegimens.length > 0)
    sources.push({ ref: 'plannedRegimens', regimens: options.plannedRegimens });
  const branch = options.branch ?? selectColonBranches(facts).primary.code;
  return runRules({ facts, branch, asOf: options.asOf, surgeryDate, sources }, ALL_RULES);
}
