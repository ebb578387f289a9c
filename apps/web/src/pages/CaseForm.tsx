import { createContext, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, apiWithHeaders, messageOf, type BodyOf, type FieldError } from '../api';
import { ErrorMessage } from '../components';
import { navigate } from '../router';
import type { Board, CaseDetail, Me } from '../types';

const T_CATEGORIES = ['T1', 'T2', 'T3', 'T4a', 'T4b'];
const N_CATEGORIES = ['N0', 'N1', 'N2'];
const M_CATEGORIES = ['M1a', 'M1b', 'M1c'];
const SITES = ['liver', 'lung', 'peritoneum', 'distant-nodes', 'bone', 'other'];
const RESECTABILITY = ['resectable', 'potentially-resectable', 'unresectable'];
const RAS = ['unknown', 'wild-type', 'mutant'];
const BRAF = ['unknown', 'wild-type', 'V600E', 'other'];
const MMR = ['unknown', 'pMMR', 'dMMR'];
const HER2 = ['unknown', 'positive', 'negative'];
const DPD = ['unknown', 'normal', 'partial-deficiency', 'complete-deficiency'];
const SEXES = ['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'];

export const STALE_EXPLANATION = 'Someone else changed this case while you were editing: reload to see their version, then re-apply your change.';

interface MetastasisRow {
  site: string;
  count: string;
  resectability: string;
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
  tCategory: string;
  nCategory: string;
  mCategory: string;
  distanceFromAnalVergeCm: string;
  mesorectalFasciaThreatened: string;
  metastases: MetastasisRow[];
  ecog: string;
  fitForIntensiveTreatment: string;
  creatinineClearanceMlMin: string;
  comorbidities: string;
  declinesMajorSurgery: boolean;
  declinesRadiotherapy: boolean;
  preferenceNotes: string;
  bleeding: boolean;
  obstruction: boolean;
  pain: boolean;
  kras: string;
  krasVariant: string;
  nras: string;
  braf: string;
  mmr: string;
  her2: string;
  dpd: string;
}

const EMPTY: FormState = {
  mrn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: '',
  boardId: '',
  questionForBoard: '',
  lastImagingDate: '',
  tCategory: '',
  nCategory: '',
  mCategory: '',
  distanceFromAnalVergeCm: '',
  mesorectalFasciaThreatened: '',
  metastases: [{ site: 'liver', count: '1', resectability: '' }],
  ecog: '',
  fitForIntensiveTreatment: '',
  creatinineClearanceMlMin: '',
  comorbidities: '',
  declinesMajorSurgery: false,
  declinesRadiotherapy: false,
  preferenceNotes: '',
  bleeding: false,
  obstruction: false,
  pain: false,
  kras: 'unknown',
  krasVariant: '',
  nras: 'unknown',
  braf: 'unknown',
  mmr: 'unknown',
  her2: 'unknown',
  dpd: 'unknown',
};

/** `facts.metastases[0].count` and `facts.metastases.0.count` name the same field. */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value));
const textOrNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const triState = (value: string): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);
const fromTriState = (value: unknown): string => (value === true ? 'yes' : value === false ? 'no' : '');
const str = (value: unknown, fallback = ''): string => (value === null || value === undefined ? fallback : String(value));

/** The facts as entered: the form's values are not checked here; the server names every invalid one (400). */
function factsOf(state: FormState): BodyOf<'POST', '/cases'>['facts'] {
  const entered: Record<string, unknown> = {
    tCategory: state.tCategory || null,
    nCategory: state.nCategory || null,
    mCategory: state.mCategory || null,
    distanceFromAnalVergeCm: numberOrNull(state.distanceFromAnalVergeCm),
    mesorectalFasciaThreatened: triState(state.mesorectalFasciaThreatened),
    metastases: state.metastases.map((row) => ({ site: row.site, count: numberOrNull(row.count), resectability: row.resectability || null })),
    ecog: numberOrNull(state.ecog),
    fitForIntensiveTreatment: triState(state.fitForIntensiveTreatment),
    creatinineClearanceMlMin: numberOrNull(state.creatinineClearanceMlMin),
    comorbidities: state.comorbidities
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter(Boolean),
    preferences: { declinesMajorSurgery: state.declinesMajorSurgery, declinesRadiotherapy: state.declinesRadiotherapy, notes: textOrNull(state.preferenceNotes) },
    symptoms: { bleeding: state.bleeding, obstruction: state.obstruction, pain: state.pain },
    biomarkers: { kras: state.kras, krasVariant: textOrNull(state.krasVariant), nras: state.nras, braf: state.braf, mmr: state.mmr, her2: state.her2, dpd: state.dpd },
  };
  return entered as BodyOf<'POST', '/cases'>['facts'];
}

function stateOf(detail: CaseDetail): FormState {
  const facts = detail.facts;
  const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  const preferences = record(facts.preferences);
  const symptoms = record(facts.symptoms);
  const biomarkers = record(facts.biomarkers);
  const metastases = Array.isArray(facts.metastases) ? (facts.metastases as Record<string, unknown>[]) : [];
  return {
    ...EMPTY,
    mrn: detail.mrn,
    boardId: detail.boardId,
    questionForBoard: detail.questionForBoard ?? '',
    lastImagingDate: detail.lastImagingDate ?? '',
    tCategory: str(facts.tCategory),
    nCategory: str(facts.nCategory),
    mCategory: str(facts.mCategory),
    distanceFromAnalVergeCm: str(facts.distanceFromAnalVergeCm),
    mesorectalFasciaThreatened: fromTriState(facts.mesorectalFasciaThreatened),
    metastases: metastases.map((row) => ({ site: str(row.site, 'other'), count: str(row.count), resectability: str(row.resectability) })),
    ecog: str(facts.ecog),
    fitForIntensiveTreatment: fromTriState(facts.fitForIntensiveTreatment),
    creatinineClearanceMlMin: str(facts.creatinineClearanceMlMin),
    comorbidities: Array.isArray(facts.comorbidities) ? (facts.comorbidities as unknown[]).map(String).join(', ') : '',
    declinesMajorSurgery: preferences.declinesMajorSurgery === true,
    declinesRadiotherapy: preferences.declinesRadiotherapy === true,
    preferenceNotes: str(preferences.notes),
    bleeding: symptoms.bleeding === true,
    obstruction: symptoms.obstruction === true,
    pain: symptoms.pain === true,
    kras: str(biomarkers.kras, 'unknown'),
    krasVariant: str(biomarkers.krasVariant),
    nras: str(biomarkers.nras, 'unknown'),
    braf: str(biomarkers.braf, 'unknown'),
    mmr: str(biomarkers.mmr, 'unknown'),
    her2: str(biomarkers.her2, 'unknown'),
    dpd: str(biomarkers.dpd, 'unknown'),
  };
}

/** The field errors of the form, by API field name; fields the form renders register themselves. */
const ErrorsContext = createContext<Record<string, string[]>>({});

/** The id of the input of an API field (dots are fine in ids, not in CSS selectors: dashes instead). */
export function inputId(field: string): string {
  return `field-${field.replace(/\./g, '-')}`;
}

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
}

function TextField({ field, label, value, onChange, type = 'text', required, readOnly, hint, multiline }: TextFieldProps): ReactNode {
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
        <input type={type} {...common} inputMode={type === 'number' ? 'decimal' : undefined} onChange={(event) => onChange(event.target.value)} />
      )}
      <FieldErrorText field={field} />
    </div>
  );
}

interface SelectFieldProps {
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | [string, string])[];
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

const YES_NO: [string, string][] = [
  ['yes', 'Yes'],
  ['no', 'No'],
];

/** The fields the form shows, as API field names (metastasis rows added per row). */
function knownFields(state: FormState): Set<string> {
  const fields = [
    'mrn',
    'givenName',
    'familyName',
    'birthDate',
    'sex',
    'boardId',
    'questionForBoard',
    'lastImagingDate',
    'facts.tCategory',
    'facts.nCategory',
    'facts.mCategory',
    'facts.distanceFromAnalVergeCm',
    'facts.mesorectalFasciaThreatened',
    'facts.metastases',
    'facts.ecog',
    'facts.fitForIntensiveTreatment',
    'facts.creatinineClearanceMlMin',
    'facts.comorbidities',
    'facts.preferences.declinesMajorSurgery',
    'facts.preferences.declinesRadiotherapy',
    'facts.preferences.notes',
    'facts.symptoms.bleeding',
    'facts.symptoms.obstruction',
    'facts.symptoms.pain',
    'facts.biomarkers.kras',
    'facts.biomarkers.krasVariant',
    'facts.biomarkers.nras',
    'facts.biomarkers.braf',
    'facts.biomarkers.mmr',
    'facts.biomarkers.her2',
    'facts.biomarkers.dpd',
  ];
  state.metastases.forEach((_, index) => fields.push(...['site', 'count', 'resectability'].map((key) => `facts.metastases.${index}.${key}`), `facts.metastases.${index}`));
  return new Set(fields);
}

/** Sorts the API's errors onto the form's fields: each to the nearest shown field up its path; the rest unplaced. */
function placeErrors(errors: FieldError[], known: Set<string>): { byField: Record<string, string[]>; unplaced: string[] } {
  const byField: Record<string, string[]> = {};
  const unplaced: string[] = [];
  for (const error of errors) {
    let path = normalizeField(error.field);
    while (path && !known.has(path)) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    if (path) (byField[path] ??= []).push(error.message);
    else unplaced.push(error.message);
  }
  return { byField, unplaced };
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
  }, [caseId, me.id]);

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [fieldErrors]);

  const set = <K extends keyof FormState>(key: K) => (value: FormState[K]) => setState((previous) => ({ ...previous, [key]: value }));
  const setRow = (index: number, patch: Partial<MetastasisRow>): void =>
    setState((previous) => ({ ...previous, metastases: previous.metastases.map((row, at) => (at === index ? { ...row, ...patch } : row)) }));

  const fail = (caught: unknown): void => {
    if (caught instanceof ApiError && caught.status === 412) {
      setStale(true);
      return;
    }
    if (caught instanceof ApiError && caught.errors.length > 0) {
      const { byField, unplaced } = placeErrors(caught.errors, knownFields(state));
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
      const common = { questionForBoard: textOrNull(state.questionForBoard) ?? undefined, lastImagingDate: textOrNull(state.lastImagingDate) ?? undefined, facts: factsOf(state) };
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
                  <SelectField field="sex" label="Sex" value={state.sex} onChange={set('sex')} options={SEXES.map((sex) => [sex, sex.charAt(0) + sex.slice(1).toLowerCase()])} required placeholder="Choose" />
                </div>
              </>
            )}
          </fieldset>

          <fieldset>
            <legend>Referral</legend>
            <div className="form-grid">
              {editing ? null : (
                <SelectField field="boardId" label="Board" value={state.boardId} onChange={set('boardId')} options={boards.map((board) => [board.id, board.name])} required placeholder="Choose a board" />
              )}
              <TextField field="lastImagingDate" label="Last imaging date" type="date" value={state.lastImagingDate} onChange={set('lastImagingDate')} />
            </div>
            <TextField field="questionForBoard" label="Question for the board" value={state.questionForBoard} onChange={set('questionForBoard')} multiline />
          </fieldset>

          <fieldset>
            <legend>Staging</legend>
            <div className="form-grid">
              <SelectField field="facts.tCategory" label="T category" value={state.tCategory} onChange={set('tCategory')} options={T_CATEGORIES} required placeholder="Choose" />
              <SelectField field="facts.nCategory" label="N category" value={state.nCategory} onChange={set('nCategory')} options={N_CATEGORIES} required placeholder="Choose" />
              <SelectField field="facts.mCategory" label="M category" value={state.mCategory} onChange={set('mCategory')} options={M_CATEGORIES} required placeholder="Choose" />
              <TextField field="facts.distanceFromAnalVergeCm" label="Distance from anal verge (cm)" type="number" value={state.distanceFromAnalVergeCm} onChange={set('distanceFromAnalVergeCm')} />
              <SelectField field="facts.mesorectalFasciaThreatened" label="Mesorectal fascia threatened" value={state.mesorectalFasciaThreatened} onChange={set('mesorectalFasciaThreatened')} options={YES_NO} placeholder="Unknown" />
            </div>
          </fieldset>

          <fieldset>
            <legend>Metastases</legend>
            <FieldErrorText field="facts.metastases" />
            {state.metastases.map((row, index) => (
              <div key={index} className="form-grid metastasis-row" data-testid="metastasis-row">
                <SelectField field={`facts.metastases.${index}.site`} label={`Site (metastasis ${index + 1})`} value={row.site} onChange={(value) => setRow(index, { site: value })} options={SITES} />
                <TextField field={`facts.metastases.${index}.count`} label={`Count (metastasis ${index + 1})`} type="number" value={row.count} onChange={(value) => setRow(index, { count: value })} />
                <SelectField field={`facts.metastases.${index}.resectability`} label={`Resectability (metastasis ${index + 1})`} value={row.resectability} onChange={(value) => setRow(index, { resectability: value })} options={RESECTABILITY} placeholder="Not assessed" />
                <FieldErrorText field={`facts.metastases.${index}`} />
                <button type="button" className="danger" onClick={() => setState((previous) => ({ ...previous, metastases: previous.metastases.filter((_, at) => at !== index) }))} aria-label={`Remove metastasis ${index + 1}`}>
                  Remove
                </button>
              </div>
            ))}
            <button type="button" className="secondary" onClick={() => setState((previous) => ({ ...previous, metastases: [...previous.metastases, { site: 'liver', count: '1', resectability: '' }] }))}>
              Add a metastasis site
            </button>
          </fieldset>

          <fieldset>
            <legend>Patient condition</legend>
            <div className="form-grid">
              <TextField field="facts.ecog" label="ECOG performance status" type="number" hint="0-4" value={state.ecog} onChange={set('ecog')} />
              <SelectField field="facts.fitForIntensiveTreatment" label="Fit for intensive treatment" value={state.fitForIntensiveTreatment} onChange={set('fitForIntensiveTreatment')} options={YES_NO} placeholder="Unknown" />
              <TextField field="facts.creatinineClearanceMlMin" label="Creatinine clearance (ml/min)" type="number" value={state.creatinineClearanceMlMin} onChange={set('creatinineClearanceMlMin')} />
            </div>
            <TextField field="facts.comorbidities" label="Comorbidities" hint="separated by commas" value={state.comorbidities} onChange={set('comorbidities')} />
          </fieldset>

          <fieldset>
            <legend>Preferences and symptoms</legend>
            <div className="form-grid">
              <CheckboxField field="facts.preferences.declinesMajorSurgery" label="Declines major surgery" checked={state.declinesMajorSurgery} onChange={set('declinesMajorSurgery')} />
              <CheckboxField field="facts.preferences.declinesRadiotherapy" label="Declines radiotherapy" checked={state.declinesRadiotherapy} onChange={set('declinesRadiotherapy')} />
              <CheckboxField field="facts.symptoms.bleeding" label="Bleeding" checked={state.bleeding} onChange={set('bleeding')} />
              <CheckboxField field="facts.symptoms.obstruction" label="Obstruction" checked={state.obstruction} onChange={set('obstruction')} />
              <CheckboxField field="facts.symptoms.pain" label="Pain" checked={state.pain} onChange={set('pain')} />
            </div>
            <TextField field="facts.preferences.notes" label="Preference notes" value={state.preferenceNotes} onChange={set('preferenceNotes')} multiline />
          </fieldset>

          <fieldset>
            <legend>Biomarkers</legend>
            <div className="form-grid">
              <SelectField field="facts.biomarkers.kras" label="KRAS" value={state.kras} onChange={set('kras')} options={RAS} />
              <TextField field="facts.biomarkers.krasVariant" label="KRAS variant" hint="only when mutant" value={state.krasVariant} onChange={set('krasVariant')} />
              <SelectField field="facts.biomarkers.nras" label="NRAS" value={state.nras} onChange={set('nras')} options={RAS} />
              <SelectField field="facts.biomarkers.braf" label="BRAF" value={state.braf} onChange={set('braf')} options={BRAF} />
              <SelectField field="facts.biomarkers.mmr" label="MMR" value={state.mmr} onChange={set('mmr')} options={MMR} />
              <SelectField field="facts.biomarkers.her2" label="HER2" value={state.her2} onChange={set('her2')} options={HER2} />
              <SelectField field="facts.biomarkers.dpd" label="DPD" value={state.dpd} onChange={set('dpd')} options={DPD} />
            </div>
          </fieldset>

          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Create case'}
          </button>
        </form>
      </ErrorsContext.Provider>
    </>
  );
}
