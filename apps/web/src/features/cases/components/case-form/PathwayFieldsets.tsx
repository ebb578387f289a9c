import { useContext, type ReactNode } from 'react';
import type { selectPathways } from '@consilium/pathway';
import { inputId } from '../../../../components/form/field-errors';
import { FieldErrorsContext, FieldErrorText, SelectField, TextField } from '../../../../components/form/fields';
import { NO_PATHWAY } from '../../case-form-state';
import { PATHWAY_EXTRA_FACTS, type ExtraFactSpec } from '../../clinical';
import type { CaseFormEditor } from '../../hooks/use-case-form-state';
import { YES_NO } from './options';

type PathwaySelection = ReturnType<typeof selectPathways>;
type Applicable = PathwaySelection['applicable'][number];

/** The applicable pathways to choose from (or none: a board-authored plan), and why the others do not apply. */
export function PathwayChoiceFieldset({
  editor,
  selection,
  pathwayId,
  lostChoice,
}: {
  editor: CaseFormEditor;
  selection: PathwaySelection;
  pathwayId: string;
  lostChoice: boolean;
}): ReactNode {
  const { set } = editor;
  const fieldErrors = useContext(FieldErrorsContext);
  return (
    <fieldset
      data-testid="pathway-choice"
      id={inputId('pathwayFacts.pathwayId')}
      tabIndex={-1}
      {...(fieldErrors['pathwayFacts.pathwayId']
        ? { 'aria-describedby': `${inputId('pathwayFacts.pathwayId')}-error` }
        : {})}
    >
      <legend>Pathway</legend>
      <p className="muted">
        Chosen from the primary site, histology and stage above. Without a pathway the board writes the plan in the
        meeting.
      </p>
      {lostChoice ? (
        <p className="warn" role="status">
          <span aria-hidden="true">⚠ </span>The pathway chosen before no longer applies to these facts.
        </p>
      ) : null}
      {selection.applicable.map((pathway) => (
        <label key={pathway.id} className="choice">
          <input
            type="radio"
            name="pathway"
            value={pathway.id}
            checked={pathwayId === pathway.id}
            onChange={() => set('pathwayId')(pathway.id)}
          />{' '}
          {pathway.title} <span className="muted">(version {pathway.version})</span>
        </label>
      ))}
      <label className="choice">
        <input
          type="radio"
          name="pathway"
          value={NO_PATHWAY}
          checked={pathwayId === NO_PATHWAY}
          onChange={() => set('pathwayId')(NO_PATHWAY)}
        />{' '}
        No pathway (board-authored plan)
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
  );
}

/** What the chosen pathway needs besides the core. */
export function PathwayFactsFieldset({ editor, chosen }: { editor: CaseFormEditor; chosen: Applicable }): ReactNode {
  const { state, setExtra } = editor;
  return (
    <fieldset data-testid="pathway-facts">
      <legend>{chosen.title}: what the pathway needs besides the core</legend>
      <div className="form-grid">
        {(PATHWAY_EXTRA_FACTS[chosen.id] ?? []).map((spec) => (
          <ExtraFactField
            key={spec.field}
            spec={spec}
            value={state.extra[spec.field] ?? ''}
            onChange={setExtra(spec.field)}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** One of a pathway's extra facts. */
function ExtraFactField({
  spec,
  value,
  onChange,
}: {
  spec: ExtraFactSpec;
  value: string;
  onChange: (value: string) => void;
}): ReactNode {
  const field = `pathwayFacts.${spec.field}`;
  if (spec.kind === 'yes-no')
    return (
      <SelectField
        field={field}
        label={spec.hint ? `${spec.label} (${spec.hint})` : spec.label}
        value={value}
        onChange={onChange}
        options={YES_NO}
        placeholder="Unknown"
      />
    );
  if (typeof spec.kind === 'object')
    return (
      <SelectField
        field={field}
        label={spec.label}
        value={value}
        onChange={onChange}
        options={spec.kind.options}
        placeholder="Not recorded"
      />
    );
  return (
    <TextField
      field={field}
      label={spec.label}
      hint={spec.hint}
      type={spec.kind === 'date' ? 'date' : 'number'}
      value={value}
      onChange={onChange}
    />
  );
}
