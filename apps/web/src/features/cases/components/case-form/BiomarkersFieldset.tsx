import type { ReactNode } from 'react';
import { FieldErrorText, SelectField, TextField } from '../../../../components/form/fields';
import { EMPTY_BIOMARKER } from '../../case-form-state';
import { knownBiomarker } from '../../clinical';
import type { CaseFormEditor } from '../../hooks/use-case-form-state';

/** One row per biomarker result; a known marker offers its results. */
export function BiomarkersFieldset({ editor }: { editor: CaseFormEditor }): ReactNode {
  const { state, setRow, addRow, removeRow } = editor;
  return (
    <fieldset>
      <legend>Biomarkers</legend>
      <p className="muted">One row per result; a marker not listed is not tested.</p>
      <FieldErrorText field="core.biomarkers" />
      {state.biomarkers.map((row, index) => {
        const known = knownBiomarker(row.marker);
        const results = known && known.results !== 'percent' ? known.results : null;
        return (
          <div key={index} className="form-grid biomarker-row" data-testid="biomarker-row">
            <TextField
              field={`core.biomarkers.${index}.marker`}
              label={`Marker ${index + 1}`}
              list="biomarker-markers"
              value={row.marker}
              onChange={(value) => setRow('biomarkers', index, { marker: value, result: '' })}
              note={known?.label ?? null}
            />
            {results ? (
              <SelectField
                field={`core.biomarkers.${index}.result`}
                label={`Result of marker ${index + 1}`}
                value={row.result}
                onChange={(value) => setRow('biomarkers', index, { result: value })}
                options={results}
                placeholder="Choose"
              />
            ) : (
              <TextField
                field={`core.biomarkers.${index}.result`}
                label={`Result of marker ${index + 1}`}
                hint={known?.results === 'percent' ? 'a percentage, e.g. 30%' : undefined}
                value={row.result}
                onChange={(value) => setRow('biomarkers', index, { result: value })}
              />
            )}
            <TextField
              field={`core.biomarkers.${index}.variant`}
              label={`Variant of marker ${index + 1}`}
              hint="optional"
              value={row.variant}
              onChange={(value) => setRow('biomarkers', index, { variant: value })}
            />
            <TextField
              field={`core.biomarkers.${index}.method`}
              label={`Method of marker ${index + 1}`}
              list="biomarker-methods"
              value={row.method}
              onChange={(value) => setRow('biomarkers', index, { method: value })}
            />
            <TextField
              field={`core.biomarkers.${index}.date`}
              label={`Date of marker ${index + 1}`}
              type="date"
              value={row.date}
              onChange={(value) => setRow('biomarkers', index, { date: value })}
            />
            <FieldErrorText field={`core.biomarkers.${index}`} />
            <button
              type="button"
              className="danger"
              onClick={() => removeRow('biomarkers', index)}
              aria-label={`Remove marker ${index + 1}`}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => addRow('biomarkers', EMPTY_BIOMARKER)}>
        Add a biomarker result
      </button>
    </fieldset>
  );
}
