import { useMemo, type ReactNode } from 'react';
import { selectPathways } from '@consilium/pathway';
import { ErrorMessage } from '../../../components';
import { FieldErrorsContext } from '../../../components/form/fields';
import type { Me } from '../../../types';
import { chosenPathway, coreOf, isM1 } from '../case-form-state';
import { useCaseFormState } from '../hooks/use-case-form-state';
import { useCaseSave } from '../hooks/use-case-save';
import { BiomarkersFieldset } from './case-form/BiomarkersFieldset';
import { CaseFormDatalists } from './case-form/CaseFormDatalists';
import { ConditionFieldset, PreferencesFieldset } from './case-form/ConditionFieldsets';
import { PathwayChoiceFieldset, PathwayFactsFieldset } from './case-form/PathwayFieldsets';
import { PatientFieldset, ReferralFieldset } from './case-form/PatientFieldsets';
import { MetastasesFieldset, PrimaryTumourFieldset, StagingFieldset } from './case-form/TumourFieldsets';
import { FhirImport } from './FhirImport';
import { StaleCaseWarning } from './case-form/StaleCaseWarning';

export function CaseForm({ me, caseId }: { me: Me; caseId?: string }): ReactNode {
  const editor = useCaseFormState();
  const { state } = editor;

  // Which pathways apply, decided in the browser by the library's own rules (the API decides the same).
  const core = useMemo(() => coreOf(state), [state]);
  const selection = useMemo(() => selectPathways(core), [core]);
  const { pathwayId, chosen, lostChoice } = chosenPathway(state.pathwayId, selection.applicable);

  const {
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
  } = useCaseSave(me, caseId, editor, pathwayId);

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
