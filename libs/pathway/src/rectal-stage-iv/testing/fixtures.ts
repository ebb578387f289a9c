/** Test fixtures: a typical resectable case and small builders (used by specs and the bench). */
import { addDays } from '../../core/dates';
import type { FindingCode, SystemicRegimenCode } from '../codes';
import type { CaseFacts } from '../facts';
import type { SystemicTherapyEvent, TreatmentEvent } from '../events';
import type { RectalFinding, ValidatePlanOptions } from '../findings';
import { validatePlan } from '../validate-plan';

/** cT3 N1 M1a, two resectable liver metastases, ECOG 0, all biomarkers known, pMMR, RAS mutant. */
export function resectableFacts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  return {
    tCategory: 'T3',
    nCategory: 'N1',
    mCategory: 'M1a',
    distanceFromAnalVergeCm: 8,
    mesorectalFasciaThreatened: false,
    metastases: [{ site: 'liver', count: 2, resectability: 'resectable' }],
    ageYears: 61,
    ecog: 0,
    fitForIntensiveTreatment: true,
    comorbidities: [],
    creatinineClearanceMlMin: 90,
    preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
    symptoms: { bleeding: false, obstruction: false, pain: false },
    biomarkers: {
      kras: 'mutant',
      krasVariant: null,
      nras: 'wild-type',
      braf: 'wild-type',
      mmr: 'pMMR',
      her2: 'negative',
      dpd: 'normal',
    },
    ...overrides,
  };
}

/** Same case with some biomarkers replaced. */
export function withBiomarkers(
  overrides: Partial<CaseFacts['biomarkers']>,
  base: CaseFacts = resectableFacts(),
): CaseFacts {
  return { ...base, biomarkers: { ...base.biomarkers, ...overrides } };
}

/** The resectable case's textbook dated plan: SCRT ending 2026-01-09, FOLFOX + bevacizumab day 14, evaluation, surgery. */
export function textbookEvents(): TreatmentEvent[] {
  return [
    {
      id: 'rt',
      kind: 'radiotherapy',
      regimen: 'SCRT_5X5',
      startDate: '2026-01-05',
      lastFractionDate: '2026-01-09',
      status: 'done',
    },
    { id: 'chemo', kind: 'systemic-therapy', regimens: ['FOLFOX', 'BEVACIZUMAB'], startDate: '2026-01-23', line: 1 },
    { id: 'bev-last', kind: 'bevacizumab-dose', date: '2026-02-20' },
    { id: 'eval', kind: 'evaluation', evaluation: 'response', date: '2026-03-10' },
    {
      id: 'surgery',
      kind: 'surgery',
      target: 'primary-and-metastases',
      date: '2026-04-10',
      elective: true,
      woundHealedDate: '2026-05-01',
    },
    { id: 'bev-restart', kind: 'bevacizumab-dose', date: '2026-05-15' },
  ];
}

/** validatePlan's findings of one code (asOf defaults to 2026-01-01, before the textbook plan starts). */
export function findingsOf(
  code: FindingCode,
  facts: CaseFacts,
  events: TreatmentEvent[],
  options: Partial<ValidatePlanOptions> = {},
): RectalFinding[] {
  return validatePlan(facts, events, { asOf: '2026-01-01', ...options }).filter((f) => f.code === code);
}

/** A systemic-therapy event. */
export function systemic(
  id: string,
  startDate: string,
  regimens: SystemicRegimenCode[],
  extra: Partial<SystemicTherapyEvent> = {},
): SystemicTherapyEvent {
  return { id, kind: 'systemic-therapy', regimens, startDate, ...extra };
}

/** An SCRT 5x5 course whose last fraction is `lastFractionDate` (started 4 days earlier). */
export function scrt(id: string, lastFractionDate: string): TreatmentEvent {
  return { id, kind: 'radiotherapy', regimen: 'SCRT_5X5', startDate: addDays(lastFractionDate, -4), lastFractionDate };
}
