import type { ReactNode } from 'react';
import { SelectField, TextField } from '../../../../components/form/fields';
import type { Board, CaseDetail } from '../../../../types';
import { SEXES } from '../../case-form-state';
import type { CaseFormEditor } from '../../hooks/use-case-form-state';

/** The patient: entered for a new case (locked once created), shown when editing. */
export function PatientFieldset({
  editor,
  loaded,
  createdPatientId,
}: {
  editor: CaseFormEditor;
  loaded: CaseDetail | null;
  createdPatientId: string | null;
}): ReactNode {
  const { state, set } = editor;
  const patientLocked = loaded !== null || createdPatientId !== null;
  return (
    <fieldset>
      <legend>Patient</legend>
      {loaded ? (
        <p>
          {loaded.patientName}, MRN {loaded.mrn}, born {loaded.birthDate}
        </p>
      ) : (
        <>
          {createdPatientId ? (
            <p className="ok">✓ The patient record is created; correct the case details below and submit again.</p>
          ) : null}
          <div className="form-grid">
            <TextField
              field="mrn"
              label="MRN"
              value={state.mrn}
              onChange={set('mrn')}
              required
              readOnly={patientLocked}
              hint="3-40 letters, digits or dashes"
            />
            <TextField
              field="givenName"
              label="Given name"
              value={state.givenName}
              onChange={set('givenName')}
              required
              readOnly={patientLocked}
            />
            <TextField
              field="familyName"
              label="Family name"
              value={state.familyName}
              onChange={set('familyName')}
              required
              readOnly={patientLocked}
            />
            <TextField
              field="birthDate"
              label="Birth date"
              type="date"
              value={state.birthDate}
              onChange={set('birthDate')}
              required
              readOnly={patientLocked}
            />
            <SelectField
              field="sex"
              label="Sex"
              value={state.sex}
              onChange={set('sex')}
              options={SEXES.map((sex) => [sex, sex.charAt(0) + sex.slice(1).toLowerCase()] as const)}
              required
              placeholder="Choose"
            />
          </div>
        </>
      )}
    </fieldset>
  );
}

/** The board (chosen once, for a new case), the last imaging and the question. */
export function ReferralFieldset({
  editor,
  editing,
  boards,
}: {
  editor: CaseFormEditor;
  editing: boolean;
  boards: readonly Board[];
}): ReactNode {
  const { state, set } = editor;
  return (
    <fieldset>
      <legend>Referral</legend>
      <div className="form-grid">
        {editing ? null : (
          <SelectField
            field="boardId"
            label="Board"
            value={state.boardId}
            onChange={set('boardId')}
            options={boards.map((board) => [board.id, board.name] as const)}
            required
            placeholder="Choose a board"
          />
        )}
        <TextField
          field="lastImagingDate"
          label="Last imaging date"
          type="date"
          value={state.lastImagingDate}
          onChange={set('lastImagingDate')}
        />
      </div>
      <TextField
        field="questionForBoard"
        label="Question for the board"
        value={state.questionForBoard}
        onChange={set('questionForBoard')}
        multiline
      />
    </fieldset>
  );
}
