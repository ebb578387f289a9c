import type { ReactNode } from 'react';
import { METASTASIS_RESECTABILITY, METASTATIC_SITES } from '@consilium/pathway';
import { FieldErrorText, SelectField, TextField } from '../../../../components/form/fields';
import { EMPTY_METASTASIS } from '../../case-form-state';
import type { CaseFormEditor } from '../../hooks/use-case-form-state';
import { labelled } from './options';

/** The distant metastases, one row per site (shown for M1 only). */
export function MetastasesFieldset({ editor }: { editor: CaseFormEditor }): ReactNode {
  const { state, setRow, addRow, removeRow } = editor;
  return (
    <fieldset>
      <legend>Distant metastases (M1)</legend>
      <FieldErrorText field="core.metastases" />
      {state.metastases.map((row, index) => (
        <div key={index} className="form-grid metastasis-row" data-testid="metastasis-row">
          <SelectField
            field={`core.metastases.${index}.site`}
            label={`Site (metastasis ${index + 1})`}
            value={row.site}
            onChange={(value) => setRow('metastases', index, { site: value })}
            options={labelled(METASTATIC_SITES)}
          />
          <TextField
            field={`core.metastases.${index}.count`}
            label={`Count (metastasis ${index + 1})`}
            type="number"
            value={row.count}
            onChange={(value) => setRow('metastases', index, { count: value })}
          />
          <SelectField
            field={`core.metastases.${index}.resectability`}
            label={`Resectability (metastasis ${index + 1})`}
            value={row.resectability}
            onChange={(value) => setRow('metastases', index, { resectability: value })}
            options={labelled(METASTASIS_RESECTABILITY)}
            placeholder="Not assessed"
          />
          <FieldErrorText field={`core.metastases.${index}`} />
          <button
            type="button"
            className="danger"
            onClick={() => removeRow('metastases', index)}
            aria-label={`Remove metastasis ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => addRow('metastases', EMPTY_METASTASIS)}>
        Add a metastasis site
      </button>
    </fieldset>
  );
}
