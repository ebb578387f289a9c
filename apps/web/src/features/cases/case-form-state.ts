import { SYMPTOM_CODES, isPairedOrganSite, type CaseCore as LibraryCaseCore } from '@consilium/pathway';
import type { CaseDetail } from '../../types';
import { PATHWAY_EXTRA_FACTS } from './clinical';

/*
 * The case form's state (strings as the inputs hold them) and its translation to and from the
 * API's case core: pure functions, unit-tested beside this file.
 */

export const SEXES = ['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'];
/** The choice of "no pathway" (the board authors the plan). */
export const NO_PATHWAY = '';

export const STALE_EXPLANATION =
  'Someone else changed this case while you were editing: reload to see their version, then re-apply your change.';

export interface TnmState {
  t: string;
  n: string;
  m: string;
  afterTherapy: boolean;
}
export interface MetastasisRow {
  site: string;
  count: string;
  resectability: string;
}
export interface ComorbidityRow {
  code: string;
  text: string;
}
export interface BiomarkerRow {
  marker: string;
  result: string;
  variant: string;
  method: string;
  date: string;
}

export interface FormState {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string;
  boardId: string;
  questionForBoard: string;
  lastImagingDate: string;
  siteCode: string;
  topographyCode: string;
  morphologyCode: string;
  histologyText: string;
  laterality: string;
  diagnosisDate: string;
  edition: string;
  clinical: TnmState;
  pathological: TnmState;
  stageGroup: string;
  metastases: MetastasisRow[];
  ecog: string;
  fitForIntensiveTreatment: string;
  creatinineClearanceMlMin: string;
  comorbidities: ComorbidityRow[];
  declinesMajorSurgery: boolean;
  declinesRadiotherapy: boolean;
  preferenceNotes: string;
  symptoms: string[];
  symptomNotes: string;
  biomarkers: BiomarkerRow[];
  /** The pathway chosen (NO_PATHWAY for a board-authored plan); null until the user chooses (the first applicable one is offered). */
  pathwayId: string | null;
  /** The pathways' extra facts as entered, by field name (the pathways' field names differ). */
  extra: Record<string, string>;
}

export const EMPTY_TNM: TnmState = { t: '', n: '', m: '', afterTherapy: false };
export const EMPTY_METASTASIS: MetastasisRow = { site: 'liver', count: '1', resectability: '' };
export const EMPTY_BIOMARKER: BiomarkerRow = { marker: '', result: '', variant: '', method: '', date: '' };

export const EMPTY: FormState = {
  mrn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: '',
  boardId: '',
  questionForBoard: '',
  lastImagingDate: '',
  siteCode: '',
  topographyCode: '',
  morphologyCode: '',
  histologyText: '',
  laterality: '',
  diagnosisDate: '',
  edition: 'UICC-8',
  clinical: EMPTY_TNM,
  pathological: EMPTY_TNM,
  stageGroup: '',
  metastases: [],
  ecog: '',
  fitForIntensiveTreatment: '',
  creatinineClearanceMlMin: '',
  comorbidities: [],
  declinesMajorSurgery: false,
  declinesRadiotherapy: false,
  preferenceNotes: '',
  symptoms: [],
  symptomNotes: '',
  biomarkers: [],
  pathwayId: null,
  extra: {},
};

export const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value));
export const textOrNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
export const triState = (value: string): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);
export const fromTriState = (value: unknown): string => (value === true ? 'yes' : value === false ? 'no' : '');
export const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** A TNM classification as entered: null when nothing is chosen (a partial one goes to the API, which names the missing category). */
export function tnmOf(tnm: TnmState): { t: string; n: string; m: string; afterTherapy: boolean } | null {
  return tnm.t || tnm.n || tnm.m ? { t: tnm.t, n: tnm.n, m: tnm.m, afterTherapy: tnm.afterTherapy } : null;
}

export const isM1 = (state: FormState): boolean =>
  [state.clinical.m, state.pathological.m].some((m) => m !== '' && m !== 'M0');

/** The case core as entered: the form's values are not checked here; the API names every invalid one (400). */
export function coreOf(state: FormState): LibraryCaseCore {
  const entered = {
    primary: {
      siteCode: state.siteCode.trim().toUpperCase(),
      topographyCode: textOrNull(state.topographyCode),
      morphologyCode: textOrNull(state.morphologyCode),
      histologyText: textOrNull(state.histologyText),
      laterality: isPairedOrganSite(state.siteCode.trim().toUpperCase()) ? state.laterality || null : null,
      diagnosisDate: textOrNull(state.diagnosisDate),
    },
    staging: {
      edition: state.edition || null,
      clinical: tnmOf(state.clinical),
      pathological: tnmOf(state.pathological),
      stageGroup: state.stageGroup || null,
    },
    metastases: isM1(state)
      ? state.metastases.map((row) => ({
          site: row.site,
          count: numberOrNull(row.count),
          resectability: row.resectability || null,
        }))
      : [],
    condition: {
      ecog: numberOrNull(state.ecog),
      fitForIntensiveTreatment: triState(state.fitForIntensiveTreatment),
      comorbidities: state.comorbidities.map((row) => ({ code: textOrNull(row.code), text: row.text.trim() })),
      creatinineClearanceMlMin: numberOrNull(state.creatinineClearanceMlMin),
      preferences: {
        declinesMajorSurgery: state.declinesMajorSurgery,
        declinesRadiotherapy: state.declinesRadiotherapy,
        notes: textOrNull(state.preferenceNotes),
      },
      symptoms: SYMPTOM_CODES.filter((code) => state.symptoms.includes(code)),
      symptomNotes: textOrNull(state.symptomNotes),
    },
    biomarkers: state.biomarkers.map((row) => ({
      marker: row.marker.trim(),
      result: row.result.trim(),
      variant: textOrNull(row.variant),
      method: textOrNull(row.method),
      date: textOrNull(row.date),
    })),
  };
  return entered as unknown as LibraryCaseCore;
}

/**
 * The chosen pathway's extra facts with its id, or `{ pathwayId: null }` (no pathway: the board
 * authors the plan; the library's intake reads it so, and a PATCH then drops a former pathway).
 */
export function pathwayFactsOf(pathwayId: string, extra: Record<string, string>): Record<string, unknown> {
  if (pathwayId === NO_PATHWAY) return { pathwayId: null };
  const facts: Record<string, unknown> = { pathwayId };
  for (const spec of PATHWAY_EXTRA_FACTS[pathwayId] ?? []) {
    const value = extra[spec.field] ?? '';
    facts[spec.field] =
      spec.kind === 'number' ? numberOrNull(value) : spec.kind === 'yes-no' ? triState(value) : textOrNull(value);
  }
  return facts;
}

export function tnmStateOf(tnm: { t: string; n: string; m: string; afterTherapy: boolean } | null): TnmState {
  return tnm ? { t: tnm.t, n: tnm.n, m: tnm.m, afterTherapy: tnm.afterTherapy } : EMPTY_TNM;
}

export function stateOf(detail: CaseDetail): FormState {
  const { primary, staging, condition } = detail.core;
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(detail.pathwayFacts ?? {}))
    if (key !== 'pathwayId') extra[key] = typeof value === 'boolean' ? fromTriState(value) : str(value);
  return {
    ...EMPTY,
    mrn: detail.mrn,
    boardId: detail.boardId,
    questionForBoard: detail.questionForBoard ?? '',
    lastImagingDate: detail.lastImagingDate ?? '',
    siteCode: primary.siteCode,
    topographyCode: str(primary.topographyCode),
    morphologyCode: str(primary.morphologyCode),
    histologyText: str(primary.histologyText),
    laterality: str(primary.laterality),
    diagnosisDate: str(primary.diagnosisDate),
    edition: str(staging.edition),
    clinical: tnmStateOf(staging.clinical),
    pathological: tnmStateOf(staging.pathological),
    stageGroup: str(staging.stageGroup),
    metastases: detail.core.metastases.map((row) => ({
      site: row.site,
      count: String(row.count),
      resectability: str(row.resectability),
    })),
    ecog: str(condition.ecog),
    fitForIntensiveTreatment: fromTriState(condition.fitForIntensiveTreatment),
    creatinineClearanceMlMin: str(condition.creatinineClearanceMlMin),
    comorbidities: condition.comorbidities.map((row) => ({ code: str(row.code), text: row.text })),
    declinesMajorSurgery: condition.preferences.declinesMajorSurgery,
    declinesRadiotherapy: condition.preferences.declinesRadiotherapy,
    preferenceNotes: str(condition.preferences.notes),
    symptoms: [...condition.symptoms],
    symptomNotes: str(condition.symptomNotes),
    biomarkers: detail.core.biomarkers.map((row) => ({
      marker: row.marker,
      result: row.result,
      variant: str(row.variant),
      method: str(row.method),
      date: str(row.date),
    })),
    pathwayId: detail.pathway?.id ?? NO_PATHWAY,
    extra,
  };
}

/** The fields the form shows, as API field names (indexes as dots), for placing the API's errors. */
export function shownFields(state: FormState, pathwayId: string): Set<string> {
  const fields = [
    'mrn',
    'givenName',
    'familyName',
    'birthDate',
    'sex',
    'boardId',
    'questionForBoard',
    'lastImagingDate',
    'core.staging',
    'core.metastases',
    'core.condition.comorbidities',
    'core.condition.symptoms',
    'core.biomarkers',
    'pathwayFacts.pathwayId',
  ];
  fields.push(
    ...['siteCode', 'topographyCode', 'morphologyCode', 'histologyText', 'diagnosisDate'].map(
      (key) => `core.primary.${key}`,
    ),
  );
  if (isPairedOrganSite(state.siteCode.trim().toUpperCase())) fields.push('core.primary.laterality');
  fields.push('core.staging.edition', 'core.staging.stageGroup');
  for (const kind of ['clinical', 'pathological'])
    fields.push(...['t', 'n', 'm', 'afterTherapy'].map((key) => `core.staging.${kind}.${key}`), `core.staging.${kind}`);
  if (isM1(state))
    state.metastases.forEach((_, index) =>
      fields.push(
        ...['site', 'count', 'resectability'].map((key) => `core.metastases.${index}.${key}`),
        `core.metastases.${index}`,
      ),
    );
  fields.push(
    ...['ecog', 'fitForIntensiveTreatment', 'creatinineClearanceMlMin', 'symptomNotes'].map(
      (key) => `core.condition.${key}`,
    ),
  );
  fields.push(
    ...['declinesMajorSurgery', 'declinesRadiotherapy', 'notes'].map((key) => `core.condition.preferences.${key}`),
  );
  state.comorbidities.forEach((_, index) =>
    fields.push(
      ...['code', 'text'].map((key) => `core.condition.comorbidities.${index}.${key}`),
      `core.condition.comorbidities.${index}`,
    ),
  );
  state.biomarkers.forEach((_, index) =>
    fields.push(
      ...['marker', 'result', 'variant', 'method', 'date'].map((key) => `core.biomarkers.${index}.${key}`),
      `core.biomarkers.${index}`,
    ),
  );
  for (const spec of PATHWAY_EXTRA_FACTS[pathwayId] ?? []) fields.push(`pathwayFacts.${spec.field}`);
  return new Set(fields);
}

/**
 * The pathway the form stands on: the chosen one if it still applies; until the user chooses, the
 * first applicable one; `lostChoice` when an earlier choice no longer applies to the facts.
 */
export function chosenPathway<P extends { id: string }>(
  choice: string | null,
  applicable: readonly P[],
): { pathwayId: string; chosen: P | null; lostChoice: boolean } {
  const pathwayId =
    choice === null
      ? (applicable[0]?.id ?? NO_PATHWAY)
      : applicable.some((pathway) => pathway.id === choice)
        ? choice
        : NO_PATHWAY;
  const chosen = applicable.find((pathway) => pathway.id === pathwayId) ?? null;
  return { pathwayId, chosen, lostChoice: choice !== null && choice !== NO_PATHWAY && pathwayId === NO_PATHWAY };
}
