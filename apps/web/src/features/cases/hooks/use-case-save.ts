import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, apiWithHeaders, messageOf } from '../../../api';
import { navigate } from '../../../router';
import type { Board, CaseDetail, Me } from '../../../types';
import { createCase, refusalOfSave, updateCase } from '../api/save-case';
import { shownFields, stateOf } from '../case-form-state';
import type { CaseFormEditor } from './use-case-form-state';

/**
 * The case form's round trips: loading the case being edited (or the boards for a new one), and
 * `submit`, which creates or updates it under its ETag and maps a refusal onto the fields (focusing
 * the first invalid one) or onto `stale` when someone else saved first.
 */
export function useCaseSave(me: Me, caseId: string | undefined, editor: CaseFormEditor, pathwayId: string) {
  const editing = caseId !== undefined;
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

  return {
    editing,
    loaded,
    boards,
    createdPatientId,
    fieldErrors,
    error,
    stale,
    status,
    busy,
    loadError,
    formRef,
    load,
    submit,
  };
}
