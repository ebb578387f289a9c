import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { selectPathways } from '@consilium/pathway';
import { api, apiWithHeaders, messageOf } from '../../../api';
import { ErrorMessage } from '../../../components';
import { FieldErrorsContext } from '../../../components/form/fields';
import { navigate } from '../../../router';
import type { Board, CaseDetail, Me } from '../../../types';
import { createCase, refusalOfSave, updateCase } from '../api/save-case';
import { chosenPathway, coreOf, isM1, shownFields, stateOf } from '../case-form-state';
import { useCaseFormState } from '../hooks/use-case-form-state';
import { BiomarkersFieldset } from './case-form/BiomarkersFieldset';
import { CaseFormDatalists } from './case-form/CaseFormDatalists';
import { ConditionFieldset, PreferencesFieldset } from './case-form/ConditionFieldsets';
import { PathwayChoiceFieldset, PathwayFactsFieldset } from './case-form/PathwayFieldsets';
import { PatientFieldset, ReferralFieldset } from './case-form/PatientFieldsets';
import { MetastasesFieldset, PrimaryTumourFieldset, StagingFieldset } from './case-form/TumourFieldsets';
import { FhirImport } from './FhirImport';
import { StaleCaseWarning } from './case-form/StaleCaseWarning';

export function CaseForm({ me, caseId }: { me: Me; caseId?: string }): ReactNode {
  const editing = caseId !== undefined;
  const editor = useCaseFormState();
  const { state, setState } = editor;
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
  const { pathwayId, chosen, lostChoice } = chosenPathway(state.pathwayId, selection.applicable);

  const fail = (caught: unknown): void => {
    const refusal = refusalOfSave(caught, shownFields(state, pathwayId));
    if (refusal.stale) {
      setStale(true);
      return;
    }
    focusInvalid.current = Object.keys(refusal.byField).length > 0;
    setFieldErrors(refusal.byField);
    setError(refusal.message);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    setStale(false);
    setStatus('');
    try {
      if (editing) {
        const { data, etag: tag } = await updateCase(caseId, etag, state, pathwayId);
        setLoaded(data);
        setEtag(tag);
        setState(stateOf(data));
        setStatus(`Case ${data.reference} saved.`);
        return;
      }
      const created = await createCase(state, pathwayId, createdPatientId, setCreatedPatientId);
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

  return (
    <>
      <h1>{editing && loaded ? `Edit case ${loaded.reference}` : 'New case'}</h1>
      <p>
        <a href="#/">Back to the cases</a>
      </p>
      {stale ? <StaleCaseWarning onReload={() => void load()} /> : null}
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <CaseFormDatalists />
      {editing ? null : <FhirImport boardId={state.boardId} />}
      <FieldErrorsContext.Provider value={fieldErrors}>
        <form
          ref={formRef}
          className="case-form"
          noValidate
          onSubmit={(event) => void submit(event)}
          aria-label={editing ? 'Edit case' : 'New case'}
        >
          <PatientFieldset editor={editor} loaded={editing ? loaded : null} createdPatientId={createdPatientId} />
          <ReferralFieldset editor={editor} editing={editing} boards={boards} />
          <PrimaryTumourFieldset editor={editor} />
          <StagingFieldset editor={editor} />
          {isM1(state) ? <MetastasesFieldset editor={editor} /> : null}
          <ConditionFieldset editor={editor} />
          <PreferencesFieldset editor={editor} />
          <BiomarkersFieldset editor={editor} />
          <PathwayChoiceFieldset editor={editor} selection={selection} pathwayId={pathwayId} lostChoice={lostChoice} />
          {chosen ? <PathwayFactsFieldset editor={editor} chosen={chosen} /> : null}
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Create case'}
          </button>
        </form>
      </FieldErrorsContext.Provider>
    </>
  );
}
