import type { ReactNode } from 'react';
import {
  LATERALITIES,
  METASTASIS_RESECTABILITY,
  METASTATIC_SITES,
  STAGE_GROUPS,
  STAGING_EDITIONS,
  TNM_M_CATEGORIES,
  TNM_N_CATEGORIES,
  TNM_T_CATEGORIES,
  isPairedOrganSite,
} from '@consilium/pathway';
import { CheckboxField, FieldErrorText, SelectField, TextField } from '../../../../components/form/fields';
import { EMPTY_METASTASIS, type TnmState } from '../../case-form-state';
import { morphologyLabel, siteLabel } from '../../clinical';
import type { CaseFormEditor } from '../../hooks/use-case-form-state';
import { labelled } from './options';

export function PrimaryTumourFieldset({ editor }: { editor: CaseFormEditor }): ReactNode {
  const { state, set } = editor;
  const siteCode = state.siteCode.trim().toUpperCase();
  const paired = isPairedOrganSite(siteCode);
  return (
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
        {paired ? (
          <SelectField
            field="core.primary.laterality"
            label="Laterality"
            value={state.laterality}
            onChange={set('laterality')}
            options={labelled(LATERALITIES)}
            placeholder="Not stated"
          />
        ) : null}
        <TextField
          field="core.primary.topographyCode"
          label="Topography (ICD-O-3)"
          hint="optional, e.g. C34.1"
          value={state.topographyCode}
          onChange={set('topographyCode')}
        />
        <TextField
          field="core.primary.morphologyCode"
          label="Morphology (ICD-O-3)"
          hint="e.g. 8140/3"
          list="morphologies"
          value={state.morphologyCode}
          onChange={set('morphologyCode')}
          note={state.morphologyCode ? morphologyLabel(state.morphologyCode) : null}
        />
        <TextField
          field="core.primary.histologyText"
          label="Histology as reported"
          value={state.histologyText}
          onChange={set('histologyText')}
        />
        <TextField
          field="core.primary.diagnosisDate"
          label="Date of diagnosis"
          type="date"
          value={state.diagnosisDate}
          onChange={set('diagnosisDate')}
        />
      </div>
    </fieldset>
  );
}

export function StagingFieldset({ editor }: { editor: CaseFormEditor }): ReactNode {
  const { state, set } = editor;
  return (
    <fieldset>
      <legend>Staging</legend>
      <FieldErrorText field="core.staging" />
      <div className="form-grid">
        <SelectField
          field="core.staging.edition"
          label="TNM edition"
          value={state.edition}
          onChange={set('edition')}
          options={STAGING_EDITIONS}
          placeholder="Not staged"
        />
        <SelectField
          field="core.staging.stageGroup"
          label="Stage group"
          value={state.stageGroup}
          onChange={set('stageGroup')}
          options={STAGE_GROUPS.map((group) => [group, `Stage ${group}`] as const)}
          placeholder="Not recorded"
        />
      </div>
      <TnmFields kind="clinical" value={state.clinical} onChange={set('clinical')} />
      <TnmFields kind="pathological" value={state.pathological} onChange={set('pathological')} />
    </fieldset>
  );
}

/** One TNM classification (clinical or pathological), with its y prefix. */
function TnmFields({
  kind,
  value,
  onChange,
}: {
  kind: 'clinical' | 'pathological';
  value: TnmState;
  onChange: (value: TnmState) => void;
}): ReactNode {
  const prefix = kind === 'clinical' ? 'c' : 'p';
  const field = `core.staging.${kind}`;
  return (
    <fieldset className="tnm" data-testid={`tnm-${kind}`}>
      <legend>{kind === 'clinical' ? 'Clinical TNM (cTNM)' : 'Pathological TNM (pTNM)'}</legend>
      <FieldErrorText field={field} />
      <div className="form-grid">
        <SelectField
          field={`${field}.t`}
          label={`${prefix}T`}
          value={value.t}
          onChange={(t) => onChange({ ...value, t })}
          options={TNM_T_CATEGORIES}
          placeholder="Not staged"
        />
        <SelectField
          field={`${field}.n`}
          label={`${prefix}N`}
          value={value.n}
          onChange={(n) => onChange({ ...value, n })}
          options={TNM_N_CATEGORIES}
          placeholder="Not staged"
        />
        <SelectField
          field={`${field}.m`}
          label={`${prefix}M`}
          value={value.m}
          onChange={(m) => onChange({ ...value, m })}
          options={TNM_M_CATEGORIES}
          placeholder="Not staged"
        />
        <CheckboxField
          field={`${field}.afterTherapy`}
          label={`After neoadjuvant therapy (y${prefix}TNM)`}
          checked={value.afterTherapy}
          onChange={(afterTherapy) => onChange({ ...value, afterTherapy })}
        />
      </div>
    </fieldset>
  );
}

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
