import { createContext, useContext, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  BIOMARKER_METHODS,
  COMMON_MORPHOLOGIES,
  COMMON_PRIMARY_SITES,
  ECOG_SCORES,
  KNOWN_BIOMARKERS,
  LATERALITIES,
  METASTASIS_RESECTABILITY,
  METASTATIC_SITES,
  STAGE_GROUPS,
  STAGING_EDITIONS,
  SYMPTOM_CODES,
  TNM_M_CATEGORIES,
  TNM_N_CATEGORIES,
  TNM_T_CATEGORIES,
  isPairedOrganSite,
  selectPathways,
  type CaseCore as LibraryCaseCore,
} from '@consilium/pathway';
import { api, ApiError, apiWithHeaders, messageOf, type BodyOf } from '../../../api';
import { ECOG_LABELS, PATHWAY_EXTRA_FACTS, codeLabel, knownBiomarker, morphologyLabel, siteLabel, type ExtraFactSpec } from '../clinical';
import { ErrorMessage } from '../../../components';
import { inputId, placeFieldErrors } from '../../../components/form/field-errors';
import { navigate } from '../../../router';
import { FhirImport } from './FhirImport';
import type { Board, CaseDetail, Me } from '../../../types';

const SEXES = ['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'];
/** The choice of "no pathway" (the board authors the plan). */
const NO_PATHWAY = '';

export const STALE_EXPLANATION = 'Someone else changed this case while you were editing: reload to see their version, then re-apply your change.';

interface TnmState {
  t: string;
  n: string;
  m: string;
  afterTherapy: boolean;
}
interface MetastasisRow {
  site: string;
  count: string;
  resectability: string;
}
interface ComorbidityRow {
  code: string;
  text: string;
}
interface BiomarkerRow {
  marker: string;
  result: string;
  variant: string;
  method: string;
  date: string;
}

interface FormState {
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

const EMPTY_TNM: TnmState = { t: '', n: '', m: '', afterTherapy: false };
const EMPTY_METASTASIS: MetastasisRow = { site: 'liver', count: '1', resectability: '' };
const EMPTY_BIOMARKER: BiomarkerRow = { marker: '', result: '', variant: '', method: '', date: '' };

const EMPTY: FormState = {
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

const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value));
const textOrNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const triState = (value: string): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);
const fromTriState = (value: unknown): string => (value === true ? 'yes' : value === false ? 'no' : '');
const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** A TNM classification as entered: null when nothing is chosen (a partial one goes to the API, which names the missing category). */
function tnmOf(tnm: TnmState): { t: string; n: string; m: string; afterTherapy: boolean } | null {
  return tnm.t || tnm.n || tnm.m ? { t: tnm.t, n: tnm.n, m: tnm.m, afterTherapy: tnm.afterTherapy } : null;
}

const isM1 = (state: FormState): boolean => [state.clinical.m, state.pathological.m].some((m) => m !== '' && m !== 'M0');

/** The case core as entered: the form's values are not checked here; the API names every invalid one (400). */
function coreOf(state: FormState): LibraryCaseCore {
  const entered = {
    primary: {
      siteCode: state.siteCode.trim().toUpperCase(),
      topographyCode: textOrNull(state.topographyCode),
      morphologyCode: textOrNull(state.morphologyCode),
      histologyText: textOrNull(state.histologyText),
      laterality: isPairedOrganSite(state.siteCode.trim().toUpperCase()) ? state.laterality || null : null,
      diagnosisDate: textOrNull(state.diagnosisDate),
    },
    staging: { edition: state.edition || null, clinical: tnmOf(state.clinical), pathological: tnmOf(state.pathological), stageGroup: state.stageGroup || null },
    metastases: isM1(state) ? state.metastases.map((row) => ({ site: row.site, count: numberOrNull(row.count), resectability: row.resectability || null })) : [],
    condition: {
      ecog: numberOrNull(state.ecog),
      fitForIntensiveTreatment: triState(state.fitForIntensiveTreatment),
      comorbidities: state.comorbidities.map((row) => ({ code: textOrNull(row.code), text: row.text.trim() })),
      creatinineClearanceMlMin: numberOrNull(state.creatinineClearanceMlMin),
      preferences: { declinesMajorSurgery: state.declinesMajorSurgery, declinesRadiotherapy: state.declinesRadiotherapy, notes: textOrNull(state.preferenceNotes) },
      symptoms: SYMPTOM_CODES.filter((code) => state.symptoms.includes(code)),
      symptomNotes: textOrNull(state.symptomNotes),
    },
    biomarkers: state.biomarkers.map((row) => ({ marker: row.marker.trim(), result: row.result.trim(), variant: textOrNull(row.variant), method: textOrNull(row.method), date: textOrNull(row.date) })),
  };
  return entered as unknown as LibraryCaseCore;
}

/**
 * The chosen pathway's extra facts with its id, or `{ pathwayId: null }` (no pathway: the board
 * authors the plan; the library's intake reads it so, and a PATCH then drops a former pathway).
 */
function pathwayFactsOf(pathwayId: string, extra: Record<string, string>): Record<string, unknown> {
  if (pathwayId === NO_PATHWAY) return { pathwayId: null };
  const facts: Record<string, unknown> = { pathwayId };
  for (const spec of PATHWAY_EXTRA_FACTS[pathwayId] ?? []) {
    const value = extra[spec.field] ?? '';
    facts[spec.field] = spec.kind === 'number' ? numberOrNull(value) : spec.kind === 'yes-no' ? triState(value) : textOrNull(value);
  }
  return facts;
}

function tnmStateOf(tnm: { t: string; n: string; m: string; afterTherapy: boolean } | null): TnmState {
  return tnm ? { t: tnm.t, n: tnm.n, m: tnm.m, afterTherapy: tnm.afterTherapy } : EMPTY_TNM;
}

function stateOf(detail: CaseDetail): FormState {
  const { primary, staging, condition } = detail.core;
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(detail.pathwayFacts ?? {})) if (key !== 'pathwayId') extra[key] = typeof value === 'boolean' ? fromTriState(value) : str(value);
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
    metastases: detail.core.metastases.map((row) => ({ site: row.site, count: String(row.count), resectability: str(row.resectability) })),
    ecog: str(condition.ecog),
    fitForIntensiveTreatment: fromTriState(condition.fitForIntensiveTreatment),
    creatinineClearanceMlMin: str(condition.creatinineClearanceMlMin),
    comorbidities: condition.comorbidities.map((row) => ({ code: str(row.code), text: row.text })),
    declinesMajorSurgery: condition.preferences.declinesMajorSurgery,
    declinesRadiotherapy: condition.preferences.declinesRadiotherapy,
    preferenceNotes: str(condition.preferences.notes),
    symptoms: [...condition.symptoms],
    symptomNotes: str(condition.symptomNotes),
    biomarkers: detail.core.biomarkers.map((row) => ({ marker: row.marker, result: row.result, variant: str(row.variant), method: str(row.method), date: str(row.date) })),
    pathwayId: detail.pathway?.id ?? NO_PATHWAY,
    extra,
  };
}

/** The field errors of the form, by API field name (indexes as dots). */
const ErrorsContext = createContext<Record<string, string[]>>({});

function FieldErrorText({ field }: { field: string }): ReactNode {
  const messages = useContext(ErrorsContext)[field];
  if (!messages?.length) return null;
  return (
    <span className="field-error" id={`${inputId(field)}-error`} data-testid={`error-${field}`}>
      <span aria-hidden="true">✖ </span>
      {messages.join('; ')}
    </span>
  );
}

/** aria attributes tying an input to its error text. */
function useInvalid(field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const messages = useContext(ErrorsContext)[field];
  return messages?.length ? { 'aria-invalid': true, 'aria-describedby': `${inputId(field)}-error` } : {};
}

interface TextFieldProps {
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  required?: boolean;
  readOnly?: boolean;
  hint?: string;
  multiline?: boolean;
  /** The id of a <datalist> of suggestions (any other value may be typed). */
  list?: string;
  /** Shown under the input (e.g. the label of the code typed). */
  note?: string | null;
}

function TextField({ field, label, value, onChange, type = 'text', required, readOnly, hint, multiline, list, note }: TextFieldProps): ReactNode {
  const invalid = useInvalid(field);
  const id = inputId(field);
  const common = { id, name: field, value, required, readOnly, 'aria-required': required || undefined, ...invalid };
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
        {hint ? <span className="muted"> ({hint})</span> : null}
      </label>
      {multiline ? (
        <textarea rows={2} {...common} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input type={type} {...common} list={list} autoComplete={list ? 'off' : undefined} inputMode={type === 'number' ? 'decimal' : undefined} onChange={(event) => onChange(event.target.value)} />
      )}
      {note ? <span className="muted field-note">{note}</span> : null}
      <FieldErrorText field={field} />
    </div>
  );
}

interface SelectFieldProps {
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | readonly [string, string])[];
  required?: boolean;
  placeholder?: string;
}

function SelectField({ field, label, value, onChange, options, required, placeholder }: SelectFieldProps): ReactNode {
  const invalid = useInvalid(field);
  const id = inputId(field);
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select id={id} name={field} value={value} required={required} aria-required={required || undefined} {...invalid} onChange={(event) => onChange(event.target.value)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => {
          const [optionValue, optionLabel] = typeof option === 'string' ? [option, option] : option;
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          );
        })}
      </select>
      <FieldErrorText field={field} />
    </div>
  );
}

function CheckboxField({ field, label, checked, onChange }: { field: string; label: string; checked: boolean; onChange: (value: boolean) => void }): ReactNode {
  const invalid = useInvalid(field);
  const id = inputId(field);
  return (
    <div className="field checkbox-field">
      <span>
        <input id={id} type="checkbox" name={field} checked={checked} {...invalid} onChange={(event) => onChange(event.target.checked)} /> <label htmlFor={id}>{label}</label>
      </span>
      <FieldErrorText field={field} />
    </div>
  );
}

const YES_NO = [
  ['yes', 'Yes'],
  ['no', 'No'],
] as const;

const labelled = (codes: readonly string[]): [string, string][] => codes.map((code) => [code, codeLabel(code)]);

/** The fields the form shows, as API field names (indexes as dots), for placing the API's errors. */
function shownFields(state: FormState, pathwayId: string): Set<string> {
  const fields = ['mrn', 'givenName', 'familyName', 'birthDate', 'sex', 'boardId', 'questionForBoard', 'lastImagingDate', 'core.staging', 'core.metastases', 'core.condition.comorbidities', 'core.condition.symptoms', 'core.biomarkers', 'pathwayFacts.pathwayId'];
  fields.push(...['siteCode', 'topographyCode', 'morphologyCode', 'histologyText', 'diagnosisDate'].map((key) => `core.primary.${key}`));
  if (isPairedOrganSite(state.siteCode.trim().toUpperCase())) fields.push('core.primary.laterality');
  fields.push('core.staging.edition', 'core.staging.stageGroup');
  for (const kind of ['clinical', 'pathological']) fields.push(...['t', 'n', 'm', 'afterTherapy'].map((key) => `core.staging.${kind}.${key}`), `core.staging.${kind}`);
  if (isM1(state)) state.metastases.forEach((_, index) => fields.push(...['site', 'count', 'resectability'].map((key) => `core.metastases.${index}.${key}`), `core.metastases.${index}`));
  fields.push(...['ecog', 'fitForIntensiveTreatment', 'creatinineClearanceMlMin', 'symptomNotes'].map((key) => `core.condition.${key}`));
  fields.push(...['declinesMajorSurgery', 'declinesRadiotherapy', 'notes'].map((key) => `core.condition.preferences.${key}`));
  state.comorbidities.forEach((_, index) => fields.push(...['code', 'text'].map((key) => `core.condition.comorbidities.${index}.${key}`), `core.condition.comorbidities.${index}`));
  state.biomarkers.forEach((_, index) => fields.push(...['marker', 'result', 'variant', 'method', 'date'].map((key) => `core.biomarkers.${index}.${key}`), `core.biomarkers.${index}`));
  for (const spec of PATHWAY_EXTRA_FACTS[pathwayId] ?? []) fields.push(`pathwayFacts.${spec.field}`);
  return new Set(fields);
}

/** One TNM classification (clinical or pathological), with its y prefix. */
function TnmFields({ kind, value, onChange }: { kind: 'clinical' | 'pathological'; value: TnmState; onChange: (value: TnmState) => void }): ReactNode {
  const prefix = kind === 'clinical' ? 'c' : 'p';
  const field = `core.staging.${kind}`;
  return (
    <fieldset className="tnm" data-testid={`tnm-${kind}`}>
      <legend>{kind === 'clinical' ? 'Clinical TNM (cTNM)' : 'Pathological TNM (pTNM)'}</legend>
      <FieldErrorText field={field} />
      <div className="form-grid">
        <SelectField field={`${field}.t`} label={`${prefix}T`} value={value.t} onChange={(t) => onChange({ ...value, t })} options={TNM_T_CATEGORIES} placeholder="Not staged" />
        <SelectField field={`${field}.n`} label={`${prefix}N`} value={value.n} onChange={(n) => onChange({ ...value, n })} options={TNM_N_CATEGORIES} placeholder="Not staged" />
        <SelectField field={`${field}.m`} label={`${prefix}M`} value={value.m} onChange={(m) => onChange({ ...value, m })} options={TNM_M_CATEGORIES} placeholder="Not staged" />
        <CheckboxField field={`${field}.afterTherapy`} label={`After neoadjuvant therapy (y${prefix}TNM)`} checked={value.afterTherapy} onChange={(afterTherapy) => onChange({ ...value, afterTherapy })} />
      </div>
    </fieldset>
  );
}

/** One of a pathway's extra facts. */
function ExtraFactField({ spec, value, onChange }: { spec: ExtraFactSpec; value: string; onChange: (value: string) => void }): ReactNode {
  const field = `pathwayFacts.${spec.field}`;
  if (spec.kind === 'yes-no') return <SelectField field={field} label={spec.hint ? `${spec.label} (${spec.hint})` : spec.label} value={value} onChange={onChange} options={YES_NO} placeholder="Unknown" />;
  if (typeof spec.kind === 'object') return <SelectField field={field} label={spec.label} value={value} onChange={onChange} options={spec.kind.options} placeholder="Not recorded" />;
  return <TextField field={field} label={spec.label} hint={spec.hint} type={spec.kind === 'date' ? 'date' : 'number'} value={value} onChange={onChange} />;
}

export function CaseForm({ me, caseId }: { me: Me; caseId?: string }): ReactNode {
  const editing = caseId !== undefined;
  const [state, setState] = useState<FormState>(EMPTY);
  const [loaded, setLoaded] = useState<CaseDetail | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [boards, setBoards] = useState<Board[]>([]);
  const [createdPatientId, setCreatedPatientId] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);

  const load = async (): Promise<void> => {
    if (!caseId) return;
    try {
      const { data, etag: tag } = await apiWithHeaders('GET', '/cases/{id}', { path: { id: caseId } });
      setLoaded(data);
      setEtag(tag);
      setState(stateOf(data));
      setFieldErrors({});
      setError(null);
      setStale(false);
      setLoadError(null);
    } catch (caught) {
      setLoadError(messageOf(caught));
    }
  };

  useEffect(() => {
    if (editing) {
      void load();
      return;
    }
    let live = true;
    // The user's first board, else the first visible one (as currentBoardId, from the list already read).
    api('GET', '/boards').then(
      (list) => {
        if (!live) return;
        setBoards(list);
        setState((previous) => ({ ...previous, boardId: previous.boardId || me.boardIds[0] || list[0]?.id || '' }));
      },
      (caught: unknown) => live && setLoadError(messageOf(caught)),
    );
    return () => {
      live = false;
    };
    // Once per case and user: `editing` and `load` follow from caseId, and a refreshed `me` with the same id must not reset the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, me.id]);

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [fieldErrors]);

  // Which pathways apply, decided in the browser by the library's own rules (the API decides the same).
  const core = useMemo(() => coreOf(state), [state]);
  const selection = useMemo(() => selectPathways(core), [core]);
  const applicable = selection.applicable;
  // The chosen pathway if it still applies; until the user chooses, the first applicable one.
  const pathwayId = state.pathwayId === null ? (applicable[0]?.id ?? NO_PATHWAY) : applicable.some((pathway) => pathway.id === state.pathwayId) ? state.pathwayId : NO_PATHWAY;
  const chosen = applicable.find((pathway) => pathway.id === pathwayId) ?? null;
  const lostChoice = state.pathwayId !== null && state.pathwayId !== NO_PATHWAY && pathwayId === NO_PATHWAY;

  const set =
    <K extends keyof FormState>(key: K) =>
    (value: FormState[K]) =>
      setState((previous) => ({ ...previous, [key]: value }));
  const setExtra = (field: string) => (value: string) => setState((previous) => ({ ...previous, extra: { ...previous.extra, [field]: value } }));
  type RowKey = 'metastases' | 'comorbidities' | 'biomarkers';
  const setRow = <K extends RowKey>(key: K, index: number, patch: Partial<FormState[K][number]>): void =>
    setState((previous) => ({ ...previous, [key]: (previous[key] as FormState[K][number][]).map((row, at) => (at === index ? { ...row, ...patch } : row)) }));
  const addRow = <K extends RowKey>(key: K, row: FormState[K][number]): void => setState((previous) => ({ ...previous, [key]: [...(previous[key] as FormState[K][number][]), row] }));
  const removeRow = (key: RowKey, index: number): void => setState((previous) => ({ ...previous, [key]: (previous[key] as unknown[]).filter((_, at) => at !== index) }));

  const fail = (caught: unknown): void => {
    if (caught instanceof ApiError && caught.status === 412) {
      setStale(true);
      return;
    }
    if (caught instanceof ApiError && caught.errors.length > 0) {
      const { byField, unplaced } = placeFieldErrors(caught.errors, shownFields(state, pathwayId));
      focusInvalid.current = Object.keys(byField).length > 0;
      setFieldErrors(byField);
      setError(unplaced.length > 0 ? unplaced.join('; ') : `Please correct the ${caught.errors.length === 1 ? 'field' : `${caught.errors.length} fields`} marked below.`);
      return;
    }
    setError(messageOf(caught));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    setStale(false);
    setStatus('');
    try {
      const common = {
        questionForBoard: textOrNull(state.questionForBoard) ?? undefined,
        lastImagingDate: textOrNull(state.lastImagingDate) ?? undefined,
        core: coreOf(state) as unknown as BodyOf<'POST', '/cases'>['core'],
        pathwayFacts: pathwayFactsOf(pathwayId, state.extra) as unknown as BodyOf<'POST', '/cases'>['pathwayFacts'],
      };
      if (editing) {
        const { data, etag: tag } = await apiWithHeaders('PATCH', '/cases/{id}', { path: { id: caseId }, body: common, headers: etag ? { 'if-match': etag } : {} });
        setLoaded(data);
        setEtag(tag);
        setState(stateOf(data));
        setStatus(`Case ${data.reference} saved.`);
        return;
      }
      let patientId = createdPatientId;
      if (!patientId) {
        const patient = await api('POST', '/patients', { body: { mrn: state.mrn.trim(), givenName: state.givenName.trim(), familyName: state.familyName.trim(), birthDate: state.birthDate, sex: state.sex as BodyOf<'POST', '/patients'>['sex'] } });
        patientId = patient.id;
        setCreatedPatientId(patient.id);
      }
      const created = await api('POST', '/cases', { body: { patientId, boardId: state.boardId, ...common } });
      setStatus(`Case ${created.reference} created.`);
      navigate('/');
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <ErrorMessage error={loadError} />;
  if (editing && !loaded) return <p>Loading the case…</p>;

  const patientLocked = editing || createdPatientId !== null;
  const siteCode = state.siteCode.trim().toUpperCase();
  const paired = isPairedOrganSite(siteCode);
  const metastatic = isM1(state);
  return (
    <>
      <h1>{editing && loaded ? `Edit case ${loaded.reference}` : 'New case'}</h1>
      <p>
        <a href="#/">Back to the cases</a>
      </p>
      {stale ? (
        <div className="stale" role="alert" data-testid="stale-warning">
          <p>
            <span aria-hidden="true">⚠ </span>
            {STALE_EXPLANATION}
          </p>
          <button type="button" onClick={() => void load()}>
            Reload the case
          </button>
        </div>
      ) : null}
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <datalist id="primary-sites">
        {COMMON_PRIMARY_SITES.map((site) => (
          <option key={site.code} value={site.code}>
            {site.label}
          </option>
        ))}
      </datalist>
      <datalist id="morphologies">
        {COMMON_MORPHOLOGIES.map((morphology) => (
          <option key={morphology.code} value={morphology.code}>
            {morphology.label}
          </option>
        ))}
      </datalist>
      <datalist id="biomarker-markers">
        {KNOWN_BIOMARKERS.map((marker) => (
          <option key={marker.code} value={marker.code}>
            {marker.label}
          </option>
        ))}
      </datalist>
      <datalist id="biomarker-methods">
        {BIOMARKER_METHODS.map((method) => (
          <option key={method} value={method} />
        ))}
      </datalist>
      {editing ? null : <FhirImport boardId={state.boardId} />}
      <ErrorsContext.Provider value={fieldErrors}>
        <form ref={formRef} className="case-form" noValidate onSubmit={(event) => void submit(event)} aria-label={editing ? 'Edit case' : 'New case'}>
          <fieldset>
            <legend>Patient</legend>
            {editing && loaded ? (
              <p>
                {loaded.patientName}, MRN {loaded.mrn}, born {loaded.birthDate}
              </p>
            ) : (
              <>
                {createdPatientId ? <p className="ok">✓ The patient record is created; correct the case details below and submit again.</p> : null}
                <div className="form-grid">
                  <TextField field="mrn" label="MRN" value={state.mrn} onChange={set('mrn')} required readOnly={patientLocked} hint="3-40 letters, digits or dashes" />
                  <TextField field="givenName" label="Given name" value={state.givenName} onChange={set('givenName')} required readOnly={patientLocked} />
                  <TextField field="familyName" label="Family name" value={state.familyName} onChange={set('familyName')} required readOnly={patientLocked} />
                  <TextField field="birthDate" label="Birth date" type="date" value={state.birthDate} onChange={set('birthDate')} required readOnly={patientLocked} />
                  <SelectField field="sex" label="Sex" value={state.sex} onChange={set('sex')} options={SEXES.map((sex) => [sex, sex.charAt(0) + sex.slice(1).toLowerCase()] as const)} required placeholder="Choose" />
                </div>
              </>
            )}
          </fieldset>

          <fieldset>
            <legend>Referral</legend>
            <div className="form-grid">
              {editing ? null : (
                <SelectField field="boardId" label="Board" value={state.boardId} onChange={set('boardId')} options={boards.map((board) => [board.id, board.name] as const)} required placeholder="Choose a board" />
              )}
              <TextField field="lastImagingDate" label="Last imaging date" type="date" value={state.lastImagingDate} onChange={set('lastImagingDate')} />
            </div>
            <TextField field="questionForBoard" label="Question for the board" value={state.questionForBoard} onChange={set('questionForBoard')} multiline />
          </fieldset>

          <fieldset>
            <legend>Primary tumour</legend>
            <div className="form-grid">
              <TextField
                field="core.primary.siteCode"
                label="Primary site (ICD-10)"
                hint="e.g. C34.1, C18.7, C20"
                list="primary-sites"
                value={state.siteCode}
                onChange={set('siteCode')}
                required
                note={siteCode ? (siteLabel(siteCode) ?? (paired ? 'paired organ: give the laterality' : null)) : null}
              />
              {paired ? <SelectField field="core.primary.laterality" label="Laterality" value={state.laterality} onChange={set('laterality')} options={labelled(LATERALITIES)} placeholder="Not stated" /> : null}
              <TextField field="core.primary.topographyCode" label="Topography (ICD-O-3)" hint="optional, e.g. C34.1" value={state.topographyCode} onChange={set('topographyCode')} />
              <TextField field="core.primary.morphologyCode" label="Morphology (ICD-O-3)" hint="e.g. 8140/3" list="morphologies" value={state.morphologyCode} onChange={set('morphologyCode')} note={state.morphologyCode ? morphologyLabel(state.morphologyCode) : null} />
              <TextField field="core.primary.histologyText" label="Histology as reported" value={state.histologyText} onChange={set('histologyText')} />
              <TextField field="core.primary.diagnosisDate" label="Date of diagnosis" type="date" value={state.diagnosisDate} onChange={set('diagnosisDate')} />
            </div>
          </fieldset>

          <fieldset>
            <legend>Staging</legend>
            <FieldErrorText field="core.staging" />
            <div className="form-grid">
              <SelectField field="core.staging.edition" label="TNM edition" value={state.edition} onChange={set('edition')} options={STAGING_EDITIONS} placeholder="Not staged" />
              <SelectField field="core.staging.stageGroup" label="Stage group" value={state.stageGroup} onChange={set('stageGroup')} options={STAGE_GROUPS.map((group) => [group, `Stage ${group}`] as const)} placeholder="Not recorded" />
            </div>
            <TnmFields kind="clinical" value={state.clinical} onChange={set('clinical')} />
            <TnmFields kind="pathological" value={state.pathological} onChange={set('pathological')} />
          </fieldset>

          {metastatic ? (
            <fieldset>
              <legend>Distant metastases (M1)</legend>
              <FieldErrorText field="core.metastases" />
              {state.metastases.map((row, index) => (
                <div key={index} className="form-grid metastasis-row" data-testid="metastasis-row">
                  <SelectField field={`core.metastases.${index}.site`} label={`Site (metastasis ${index + 1})`} value={row.site} onChange={(value) => setRow('metastases', index, { site: value })} options={labelled(METASTATIC_SITES)} />
                  <TextField field={`core.metastases.${index}.count`} label={`Count (metastasis ${index + 1})`} type="number" value={row.count} onChange={(value) => setRow('metastases', index, { count: value })} />
                  <SelectField field={`core.metastases.${index}.resectability`} label={`Resectability (metastasis ${index + 1})`} value={row.resectability} onChange={(value) => setRow('metastases', index, { resectability: value })} options={labelled(METASTASIS_RESECTABILITY)} placeholder="Not assessed" />
                  <FieldErrorText field={`core.metastases.${index}`} />
                  <button type="button" className="danger" onClick={() => removeRow('metastases', index)} aria-label={`Remove metastasis ${index + 1}`}>
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" className="secondary" onClick={() => addRow('metastases', EMPTY_METASTASIS)}>
                Add a metastasis site
              </button>
            </fieldset>
          ) : null}

          <fieldset>
            <legend>Patient condition</legend>
            <div className="form-grid">
              <SelectField field="core.condition.ecog" label="ECOG performance status" value={state.ecog} onChange={set('ecog')} options={ECOG_SCORES.map((score) => [String(score), `${score}: ${ECOG_LABELS[score]}`] as const)} placeholder="Not recorded" />
              <SelectField field="core.condition.fitForIntensiveTreatment" label="Fit for intensive treatment" value={state.fitForIntensiveTreatment} onChange={set('fitForIntensiveTreatment')} options={YES_NO} placeholder="Unknown" />
              <TextField field="core.condition.creatinineClearanceMlMin" label="Creatinine clearance (ml/min)" type="number" value={state.creatinineClearanceMlMin} onChange={set('creatinineClearanceMlMin')} />
            </div>
            <FieldErrorText field="core.condition.comorbidities" />
            {state.comorbidities.map((row, index) => (
              <div key={index} className="form-grid" data-testid="comorbidity-row">
                <TextField field={`core.condition.comorbidities.${index}.text`} label={`Comorbidity ${index + 1}`} value={row.text} onChange={(value) => setRow('comorbidities', index, { text: value })} />
                <TextField field={`core.condition.comorbidities.${index}.code`} label={`ICD-10 code of comorbidity ${index + 1}`} hint="optional, e.g. I10" value={row.code} onChange={(value) => setRow('comorbidities', index, { code: value })} />
                <FieldErrorText field={`core.condition.comorbidities.${index}`} />
                <button type="button" className="danger" onClick={() => removeRow('comorbidities', index)} aria-label={`Remove comorbidity ${index + 1}`}>
                  Remove
                </button>
              </div>
            ))}
            <button type="button" className="secondary" onClick={() => addRow('comorbidities', { code: '', text: '' })}>
              Add a comorbidity
            </button>
          </fieldset>

          <fieldset>
            <legend>Preferences and symptoms</legend>
            <div className="form-grid">
              <CheckboxField field="core.condition.preferences.declinesMajorSurgery" label="Declines major surgery" checked={state.declinesMajorSurgery} onChange={set('declinesMajorSurgery')} />
              <CheckboxField field="core.condition.preferences.declinesRadiotherapy" label="Declines radiotherapy" checked={state.declinesRadiotherapy} onChange={set('declinesRadiotherapy')} />
            </div>
            <TextField field="core.condition.preferences.notes" label="Preference notes" value={state.preferenceNotes} onChange={set('preferenceNotes')} multiline />
            <fieldset className="symptoms">
              <legend>Symptoms</legend>
              <FieldErrorText field="core.condition.symptoms" />
              <div className="form-grid">
                {SYMPTOM_CODES.map((code) => (
                  <CheckboxField
                    key={code}
                    field={`core.condition.symptoms.${code}`}
                    label={codeLabel(code)}
                    checked={state.symptoms.includes(code)}
                    onChange={(checked) => set('symptoms')(checked ? [...state.symptoms, code] : state.symptoms.filter((symptom) => symptom !== code))}
                  />
                ))}
              </div>
              <TextField field="core.condition.symptomNotes" label="Symptom notes" value={state.symptomNotes} onChange={set('symptomNotes')} />
            </fieldset>
          </fieldset>

          <fieldset>
            <legend>Biomarkers</legend>
            <p className="muted">One row per result; a marker not listed is not tested.</p>
            <FieldErrorText field="core.biomarkers" />
            {state.biomarkers.map((row, index) => {
              const known = knownBiomarker(row.marker);
              const results = known && known.results !== 'percent' ? known.results : null;
              return (
                <div key={index} className="form-grid biomarker-row" data-testid="biomarker-row">
                  <TextField field={`core.biomarkers.${index}.marker`} label={`Marker ${index + 1}`} list="biomarker-markers" value={row.marker} onChange={(value) => setRow('biomarkers', index, { marker: value, result: '' })} note={known?.label ?? null} />
                  {results ? (
                    <SelectField field={`core.biomarkers.${index}.result`} label={`Result of marker ${index + 1}`} value={row.result} onChange={(value) => setRow('biomarkers', index, { result: value })} options={results} placeholder="Choose" />
                  ) : (
                    <TextField field={`core.biomarkers.${index}.result`} label={`Result of marker ${index + 1}`} hint={known?.results === 'percent' ? 'a percentage, e.g. 30%' : undefined} value={row.result} onChange={(value) => setRow('biomarkers', index, { result: value })} />
                  )}
                  <TextField field={`core.biomarkers.${index}.variant`} label={`Variant of marker ${index + 1}`} hint="optional" value={row.variant} onChange={(value) => setRow('biomarkers', index, { variant: value })} />
                  <TextField field={`core.biomarkers.${index}.method`} label={`Method of marker ${index + 1}`} list="biomarker-methods" value={row.method} onChange={(value) => setRow('biomarkers', index, { method: value })} />
                  <TextField field={`core.biomarkers.${index}.date`} label={`Date of marker ${index + 1}`} type="date" value={row.date} onChange={(value) => setRow('biomarkers', index, { date: value })} />
                  <FieldErrorText field={`core.biomarkers.${index}`} />
                  <button type="button" className="danger" onClick={() => removeRow('biomarkers', index)} aria-label={`Remove marker ${index + 1}`}>
                    Remove
                  </button>
                </div>
              );
            })}
            <button type="button" className="secondary" onClick={() => addRow('biomarkers', EMPTY_BIOMARKER)}>
              Add a biomarker result
            </button>
          </fieldset>

          <fieldset data-testid="pathway-choice" id={inputId('pathwayFacts.pathwayId')} tabIndex={-1} {...(fieldErrors['pathwayFacts.pathwayId'] ? { 'aria-describedby': `${inputId('pathwayFacts.pathwayId')}-error` } : {})}>
            <legend>Pathway</legend>
            <p className="muted">Chosen from the primary site, histology and stage above. Without a pathway the board writes the plan in the meeting.</p>
            {lostChoice ? (
              <p className="warn" role="status">
                <span aria-hidden="true">⚠ </span>The pathway chosen before no longer applies to these facts.
              </p>
            ) : null}
            {applicable.map((pathway) => (
              <label key={pathway.id} className="choice">
                <input type="radio" name="pathway" value={pathway.id} checked={pathwayId === pathway.id} onChange={() => set('pathwayId')(pathway.id)} /> {pathway.title} <span className="muted">(version {pathway.version})</span>
              </label>
            ))}
            <label className="choice">
              <input type="radio" name="pathway" value={NO_PATHWAY} checked={pathwayId === NO_PATHWAY} onChange={() => set('pathwayId')(NO_PATHWAY)} /> No pathway (board-authored plan)
            </label>
            <FieldErrorText field="pathwayFacts.pathwayId" />
            {selection.notApplicable.length > 0 ? (
              <>
                <p>Pathways that do not apply:</p>
                <ul data-testid="pathways-not-applicable">
                  {selection.notApplicable.map(({ pathway, reason }) => (
                    <li key={pathway.id}>
                      {pathway.title}: {reason}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </fieldset>

          {chosen ? (
            <fieldset data-testid="pathway-facts">
              <legend>{chosen.title}: what the pathway needs besides the core</legend>
              <div className="form-grid">
                {(PATHWAY_EXTRA_FACTS[chosen.id] ?? []).map((spec) => (
                  <ExtraFactField key={spec.field} spec={spec} value={state.extra[spec.field] ?? ''} onChange={setExtra(spec.field)} />
                ))}
              </div>
            </fieldset>
          ) : null}

          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Create case'}
          </button>
        </form>
      </ErrorsContext.Provider>
    </>
  );
}
