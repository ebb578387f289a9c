/**
 * The ordered steps of each branch, each with its timing window relative to an anchor and its
 * citation. Timing offsets are calendar days; null = "when appropriate" (no fixed day in the source).
 */
import type { Citation } from '../core/citation';
import { CITATIONS } from './citations';
import type { AnchorName, BranchCode } from './codes';
import { hasSymptomaticPrimary, isLocallyAdvancedPrimary } from './derived';
import type { CaseFacts } from './facts';

export type StepKind =
  'board-review' | 'test' | 'radiotherapy' | 'systemic-therapy' | 'evaluation' | 'surgery' | 'palliative';

/** 'boardDecision' = the day the board adopts the plan. */
export type StepAnchor = 'boardDecision' | AnchorName;

export interface StepTiming {
  readonly anchor: StepAnchor;
  readonly fromDays: number | null;
  readonly toDays: number | null;
}

export interface PlanStep {
  readonly order: number;
  readonly kind: StepKind;
  readonly description: string;
  readonly timing: StepTiming;
  readonly citation: Citation;
  /** An optional step the board may choose to skip. */
  readonly optional: boolean;
}

/** "Do not delay chemotherapy": the first systemic dose within 4 weeks of the board decision. */
export const SYSTEMIC_START_WITHIN_DAYS = 28;
/** Stenting is difficult and poorly tolerated below this height. */
export const LOW_TUMOUR_CM = 5;

type StepDraft = Omit<PlanStep, 'order' | 'optional'> & { optional?: boolean };

const at = (anchor: StepAnchor, fromDays: number | null, toDays: number | null): StepTiming => ({
  anchor,
  fromDays,
  toDays,
});

function boardReview(): StepDraft[] {
  return [
    {
      kind: 'board-review',
      description:
        'Board weighs age, comorbidities, preferences, performance status and whether the primary or the metastases are the greater threat; records the choice.',
      timing: at('boardDecision', 0, 0),
      citation: CITATIONS.FACTOR_GREATEST_THREAT,
    },
  ];
}

function biomarkerTests(facts: CaseFacts): StepDraft[] {
  const b = facts.biomarkers;
  const pending = [
    b.kras === 'unknown' ? 'KRAS' : null,
    b.nras === 'unknown' ? 'NRAS' : null,
    b.braf === 'unknown' ? 'BRAF' : null,
    b.mmr === 'unknown' ? 'MMR/MSI' : null,
    b.dpd === 'unknown' ? 'DPD' : null,
  ].filter((name): name is string => name !== null);
  const steps: StepDraft[] = [];
  if (pending.length > 0) {
    steps.push({
      kind: 'test',
      description: `Complete biomarker tests before the first systemic dose: ${pending.join(', ')}.`,
      timing: at('boardDecision', 0, null),
      citation: CITATIONS.BIOMARKERS_BEFORE_FIRST_LINE,
    });
  }
  if (b.her2 === 'unknown') {
    steps.push({
      kind: 'test',
      description: 'HER2 status before a second-line choice.',
      timing: at('boardDecision', 0, null),
      citation: CITATIONS.HER2_LATER_LINE,
      optional: true,
    });
  }
  return steps;
}

function obstructionRelief(facts: CaseFacts, citation: Citation): StepDraft[] {
  if (!facts.symptoms.obstruction) return [];
  const low = facts.distanceFromAnalVergeCm !== null && facts.distanceFromAnalVergeCm < LOW_TUMOUR_CM;
  return [
    {
      kind: 'palliative',
      description: low
        ? `Relieve the obstruction: defunctioning stoma (stenting is difficult and poorly tolerated ${facts.distanceFromAnalVergeCm} cm from the anal verge).`
        : 'Relieve the obstruction: stent or defunctioning stoma (no stent if bevacizumab is planned).',
      timing: at('boardDecision', 0, null),
      citation: low ? CITATIONS.STENT_LOW_TUMOUR : citation,
    },
  ];
}

function scrtThenChemotherapySteps(facts: CaseFacts, conversion: boolean): StepDraft[] {
  return [
    ...obstructionRelief(facts, CITATIONS.FACTOR_GREATEST_THREAT),
    {
      kind: 'radiotherapy',
      description: 'Short-course radiotherapy 5x5 Gy to the primary tumour and adjacent nodes.',
      timing: at('boardDecision', 0, 7),
      citation: isLocallyAdvancedPrimary(facts)
        ? CITATIONS.LOCALLY_ADVANCED_SAME_STRATEGY
        : conversion
          ? CITATIONS.CONVERSION_RT_FIRST
          : CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
    },
    {
      kind: 'systemic-therapy',
      description:
        'Combination chemotherapy (FOLFOX/CAPOX or FOLFIRI, +/- biologic per biomarkers) starting 11-18 days after the last fraction.',
      timing: at('lastRadiotherapyFraction', 11, 18),
      citation: CITATIONS.RESECTABLE_SCRT_THEN_CHEMO,
    },
    {
      kind: 'evaluation',
      description: conversion
        ? 'Response evaluation after 6-8 weeks; the board re-calls resectability of the metastases.'
        : 'Response evaluation after 6-8 weeks.',
      timing: at('firstChemotherapy', 42, 56),
      citation: CITATIONS.RESECTABLE_EVALUATE_THEN_SURGERY,
    },
    {
      kind: 'surgery',
      description: conversion
        ? 'If down-sized: surgery of the metastases and the primary at about 3 months, or when appropriate.'
        : 'Surgery of the metastases and the primary (staged or combined) at about 3 months, or when appropriate.',
      timing: at('lastRadiotherapyFraction', 84, 98),
      citation: CITATIONS.RESECTABLE_EVALUATE_THEN_SURGERY,
    },
    {
      kind: 'surgery',
      description:
        'Primary surgery no later than 5-6 months after radiotherapy (late after day 150, breach after day 180).',
      timing: at('lastRadiotherapyFraction', null, 180),
      citation: CITATIONS.PRIMARY_SURGERY_DELAY,
    },
    {
      kind: 'systemic-therapy',
      description: 'Postoperative chemotherapy to complete 6 months of perioperative chemotherapy in total.',
      timing: at('firstChemotherapy', null, 182),
      citation: CITATIONS.RESECTABLE_PERIOPERATIVE_6_MONTHS,
    },
  ];
}

function chemotherapyFirstSteps(facts: CaseFacts): StepDraft[] {
  return [
    ...obstructionRelief(facts, CITATIONS.FACTOR_GREATEST_THREAT),
    {
      kind: 'systemic-therapy',
      description:
        'Combination chemotherapy (FOLFOX/CAPOX or FOLFIRI, or FOLFOXIRI if fit; +/- biologic per biomarkers), started early.',
      timing: at('boardDecision', 0, SYSTEMIC_START_WITHIN_DAYS),
      citation: CITATIONS.CONVERSION_CHEMO_FIRST,
    },
    {
      kind: 'evaluation',
      description: 'Re-evaluation after about 2 months.',
      timing: at('firstChemotherapy', 46, 74),
      citation: CITATIONS.CONVERSION_CHEMO_FIRST,
    },
    {
      kind: 'evaluation',
      description: 'Re-evaluation after about 4 months; continue until sufficient regression.',
      timing: at('firstChemotherapy', 106, 134),
      citation: CITATIONS.CONVERSION_CHEMO_FIRST,
    },
    {
      kind: 'radiotherapy',
      description: 'Optional short-course radiotherapy 5x5 Gy to the primary once regression is sufficient.',
      timing: at('firstChemotherapy', null, null),
      citation: CITATIONS.CONVERSION_CHEMO_FIRST,
      optional: true,
    },
    {
      kind: 'surgery',
      description: 'Surgery of the metastases.',
      timing: at('firstChemotherapy', null, null),
      citation: CITATIONS.CONVERSION_CHEMO_FIRST,
    },
    {
      kind: 'surgery',
      description: 'Rectal (primary) surgery; if 5x5 Gy was given, within 5-6 months of its last fraction.',
      timing: at('lastRadiotherapyFraction', null, 180),
      citation: CITATIONS.PRIMARY_SURGERY_DELAY,
    },
    {
      kind: 'systemic-therapy',
      description: 'Adjuvant chemotherapy after surgery.',
      timing: at('plannedSurgery', null, null),
      citation: CITATIONS.CONVERSION_CHEMO_FIRST,
    },
  ];
}

function laterLines(): StepDraft[] {
  return [
    {
      kind: 'systemic-therapy',
      description: 'Second-line chemotherapy if performance status stays good.',
      timing: at('firstChemotherapy', null, null),
      citation: CITATIONS.SECOND_LINE,
      optional: true,
    },
    {
      kind: 'systemic-therapy',
      description: 'Third-line therapy for selected patients in good performance status.',
      timing: at('firstChemotherapy', null, null),
      citation: CITATIONS.THIRD_LINE,
      optional: true,
    },
  ];
}

function symptomRadiotherapy(facts: CaseFacts): StepDraft[] {
  if (!facts.symptoms.bleeding && !facts.symptoms.pain) return [];
  return [
    {
      kind: 'palliative',
      description: 'Palliative radiotherapy to the primary for symptom control (bleeding/pain).',
      timing: at('boardDecision', 0, null),
      citation: CITATIONS.PALLIATIVE_RT,
      optional: true,
    },
  ];
}

/** The steps of one branch for these facts, numbered from 1. Sources: each step's citation. */
export function stepsForBranch(branch: BranchCode, facts: CaseFacts): PlanStep[] {
  let drafts: StepDraft[];
  switch (branch) {
    case 'resectable-oligometastatic':
      drafts = [...boardReview(), ...biomarkerTests(facts), ...scrtThenChemotherapySteps(facts, false)];
      break;
    case 'conversion-rt-first':
      drafts = [...boardReview(), ...biomarkerTests(facts), ...scrtThenChemotherapySteps(facts, true)];
      break;
    case 'conversion-chemo-first':
      drafts = [...boardReview(), ...biomarkerTests(facts), ...chemotherapyFirstSteps(facts)];
      break;
    case 'immunotherapy-first':
      drafts = [
        ...boardReview(),
        ...biomarkerTests(facts),
        ...obstructionRelief(facts, CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC),
        {
          kind: 'systemic-therapy',
          description: 'First-line pembrolizumab (KEYNOTE-177) or nivolumab + ipilimumab (CheckMate-8HW).',
          timing: at('boardDecision', 0, SYSTEMIC_START_WITHIN_DAYS),
          citation: CITATIONS.KEYNOTE_177,
        },
        {
          kind: 'evaluation',
          description: 'First response imaging about 9 weeks after the first dose.',
          timing: at('firstImmunotherapy', 56, 70),
          citation: CITATIONS.KEYNOTE_177_IMAGING,
        },
        {
          kind: 'board-review',
          description: 'Board revisits local therapy of the primary and the metastases after response.',
          timing: at('firstImmunotherapy', 56, null),
          citation: CITATIONS.KEYNOTE_177,
        },
      ];
      break;
    case 'palliative-systemic':
      drafts = [
        ...boardReview(),
        ...biomarkerTests(facts),
        {
          kind: 'systemic-therapy',
          description:
            'First-line combination chemotherapy (FOLFOX or FOLFIRI, +/- biologic per biomarkers), started early.',
          timing: at('boardDecision', 0, SYSTEMIC_START_WITHIN_DAYS),
          citation: CITATIONS.OVERVIEW_UNRESECTABLE,
        },
        {
          kind: 'palliative',
          description: 'Primary left in place unless it causes complications (bleeding, obstruction).',
          timing: at('boardDecision', 0, null),
          citation: CITATIONS.PALLIATIVE_SCOPE,
        },
        ...symptomRadiotherapy(facts),
        ...laterLines(),
      ];
      break;
    case 'palliative-local-control':
      drafts = [
        ...boardReview(),
        ...obstructionRelief(facts, CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC),
        {
          kind: 'palliative',
          description: facts.symptoms.bleeding
            ? 'Local control of the bleeding primary: palliative resection, fulguration or radiotherapy (e.g. 5x5 Gy).'
            : 'Local control of the primary: palliative resection, fulguration or radiotherapy (e.g. 5x5 Gy).',
          timing: at('boardDecision', 0, null),
          citation: CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC,
        },
        ...biomarkerTests(facts),
        {
          kind: 'systemic-therapy',
          description: 'Then systemic therapy (intensity matched to performance status).',
          timing: at('boardDecision', 0, null),
          citation: CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC,
        },
        ...laterLines(),
      ];
      break;
    case 'reduced-intensity':
      drafts = [
        ...boardReview(),
        ...biomarkerTests(facts),
        ...obstructionRelief(facts, CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC),
        {
          kind: 'radiotherapy',
          description: 'Short-course radiotherapy 5x5 Gy for local control of the primary.',
          timing: at('boardDecision', 0, null),
          citation: CITATIONS.REDUCED_INTENSITY,
          optional: !hasSymptomaticPrimary(facts),
        },
        {
          kind: 'systemic-therapy',
          description: 'Fluoropyrimidine alone or with bevacizumab; no triplet.',
          timing: at('boardDecision', 0, SYSTEMIC_START_WITHIN_DAYS),
          citation: CITATIONS.REDUCED_INTENSITY,
        },
        ...laterLines(),
      ];
      break;
    case 'best-supportive-care':
      drafts = [
        ...boardReview(),
        {
          kind: 'palliative',
          description: 'Best supportive care; systemic therapy only if performance status improves.',
          timing: at('boardDecision', 0, null),
          citation: CITATIONS.ECOG_3_PLUS,
        },
        ...obstructionRelief(facts, CITATIONS.PALLIATIVE_LOCAL_THEN_SYSTEMIC),
        ...symptomRadiotherapy(facts),
      ];
      break;
  }
  // Built field by field: object spread is a slow path in V8 for these mixed shapes.
  return drafts.map((draft, index) => ({
    order: index + 1,
    kind: draft.kind,
    description: draft.description,
    timing: draft.timing,
    citation: draft.citation,
    optional: draft.optional ?? false,
  }));
}
