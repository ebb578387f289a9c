import type { ReactNode } from 'react';
import { LATERALITIES, STAGE_GROUPS, STAGING_EDITIONS, isPairedOrganSite } from '@consilium/pathway';
import { FieldErrorText, SelectField, TextField } from '../../../../components/form/fields';
import { morphologyLabel, siteLabel } from '../../clinical';
import type { CaseFormEditor } from '../../hooks/use-case-form-state';
import { labelled } from './options';
import { TnmFields } from './TnmFields';

export { MetastasesFieldset } from './MetastasesFieldset';

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
